/**
 * RSAES-OAEP-params, the parameters of id-RSAES-OAEP (rfc4055#section-3.1; in CMS RFC 3560):
 *
 *   RSAES-OAEP-params ::= SEQUENCE {
 *     hashFunc    [0] AlgorithmIdentifier DEFAULT sha1Identifier,
 *     maskGenFunc [1] AlgorithmIdentifier DEFAULT mgf1SHA1Identifier,
 *     pSourceFunc [2] AlgorithmIdentifier DEFAULT pSpecifiedEmptyIdentifier }
 *
 * We write SHA-256 and MGF1-SHA-256 explicitly, hash parameters absent as openssl does (RFC 5754 section 2
 * prefers absent; rfc4055#section-2.1 says accept NULL too), and the default empty label by omission.
 */
import * as asn1js from 'asn1js';
import { CoreError } from '../../errors.ts';
import { explicit, explicitInner, isContext, objectIdentifier, octetString, sequenceItems } from './der.ts';
import { HASH_BY_OID, type HashName, OID, OID_BY_HASH } from './oids.ts';

export interface RSAESOAEPParams {
  hash: HashName;
  maskGenHash: HashName;
  /** The OAEP label (pSpecified); empty by default. */
  label: Uint8Array;
}

function hashIdentifier(hash: HashName): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_BY_HASH[hash] })] });
}

export function encodeRSAESOAEPParams(hash: HashName): asn1js.Sequence {
  const maskGen = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.mgf1 }), hashIdentifier(hash)] });
  // DER omits values equal to their DEFAULT (X.690 section 11.5), so SHA-1 would be an empty SEQUENCE.
  const value = hash === 'SHA-1' ? [] : [explicit(0, hashIdentifier(hash)), explicit(1, maskGen)];
  return new asn1js.Sequence({ value });
}

/** A hash AlgorithmIdentifier: parameters absent or NULL (rfc4055#section-2.1). */
function parseHashIdentifier(block: asn1js.BaseBlock | undefined, what: string): HashName {
  const items = sequenceItems(block, what);
  const oid = objectIdentifier(items[0], what);
  const params = items[1];
  if (items.length > 2 || (params !== undefined && !(params instanceof asn1js.Null))) {
    throw new CoreError('malformed-cms', `${what}: hash parameters must be absent or NULL`);
  }
  const hash = HASH_BY_OID[oid];
  if (!hash) throw new CoreError('unsupported', `${what}: hash ${oid} is not supported`);
  return hash;
}

/** Reads the parameters; absent parameters are read as all defaults (SHA-1), as some encoders write them. */
export function parseRSAESOAEPParams(block: asn1js.BaseBlock | undefined): RSAESOAEPParams {
  const params: RSAESOAEPParams = { hash: 'SHA-1', maskGenHash: 'SHA-1', label: new Uint8Array(0) };
  if (block === undefined || block instanceof asn1js.Null) return params;
  const items = sequenceItems(block, 'RSAES-OAEP-params');
  let next = 0;
  if (isContext(items[next], 0)) {
    params.hash = parseHashIdentifier(explicitInner(items[next++]!, 'hashFunc'), 'RSAES-OAEP-params.hashFunc');
  }
  if (isContext(items[next], 1)) {
    const maskGen = sequenceItems(explicitInner(items[next++]!, 'maskGenFunc'), 'RSAES-OAEP-params.maskGenFunc');
    const mgf = objectIdentifier(maskGen[0], 'RSAES-OAEP-params.maskGenFunc');
    if (mgf !== OID.mgf1) throw new CoreError('unsupported', `RSAES-OAEP mask generation function ${mgf} is not supported (MGF1 is)`);
    if (maskGen.length !== 2) throw new CoreError('malformed-cms', 'RSAES-OAEP-params.maskGenFunc: MGF1 needs a hash');
    params.maskGenHash = parseHashIdentifier(maskGen[1], 'RSAES-OAEP-params.maskGenFunc');
  }
  if (isContext(items[next], 2)) {
    const pSource = sequenceItems(explicitInner(items[next++]!, 'pSourceFunc'), 'RSAES-OAEP-params.pSourceFunc');
    const oid = objectIdentifier(pSource[0], 'RSAES-OAEP-params.pSourceFunc');
    if (oid !== OID.pSpecified) throw new CoreError('unsupported', `RSAES-OAEP label source ${oid} is not supported`);
    if (pSource.length !== 2) throw new CoreError('malformed-cms', 'RSAES-OAEP-params.pSourceFunc: pSpecified needs a label');
    params.label = octetString(pSource[1], 'RSAES-OAEP-params label');
  }
  if (next !== items.length) throw new CoreError('malformed-cms', 'RSAES-OAEP-params: unexpected or misordered fields');
  return params;
}
