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
import { type DerBlock, TAG, contextTag, hasTag, isContext, objectIdentifier, readAlgorithmIdentifier, readExplicit, readOctetString, readSequence, sequence, tlv } from '../../der/index.ts';
import type { HashName } from '../../digest.ts';
import { CoreError } from '../../errors.ts';
import { HASH_BY_OID, OID, OID_BY_HASH } from './oids.ts';

export interface RSAESOAEPParams {
  hash: HashName;
  maskGenHash: HashName;
  /** The OAEP label (pSpecified); empty by default. */
  label: Uint8Array;
}

function hashIdentifier(hash: HashName): Uint8Array {
  return sequence(objectIdentifier(OID_BY_HASH[hash]));
}

/** The DER parameters. */
export function encodeRSAESOAEPParams(hash: HashName): Uint8Array {
  const maskGen = sequence(objectIdentifier(OID.mgf1), hashIdentifier(hash));
  // DER omits values equal to their DEFAULT (X.690 section 11.5), so SHA-1 would be an empty SEQUENCE.
  return hash === 'SHA-1' ? sequence() : sequence(tlv(contextTag(0), hashIdentifier(hash)), tlv(contextTag(1), maskGen));
}

/** A hash AlgorithmIdentifier: parameters absent or NULL (rfc4055#section-2.1). */
function parseHashIdentifier(block: DerBlock | undefined, what: string): HashName {
  const { algorithm: oid, parameters } = readAlgorithmIdentifier(block, 'malformed-cms', what);
  if (parameters !== undefined && !hasTag(parameters, TAG.NULL)) {
    throw new CoreError('malformed-cms', `${what}: hash parameters must be absent or NULL`);
  }
  const hash = HASH_BY_OID[oid];
  if (!hash) throw new CoreError('unsupported', `${what}: hash ${oid} is not supported`);
  return hash;
}

/** Reads the parameters; absent parameters are read as all defaults (SHA-1), as some encoders write them. */
export function parseRSAESOAEPParams(block: DerBlock | undefined): RSAESOAEPParams {
  const params: RSAESOAEPParams = { hash: 'SHA-1', maskGenHash: 'SHA-1', label: new Uint8Array(0) };
  if (block === undefined || hasTag(block, TAG.NULL)) return params;
  const items = readSequence(block, 'malformed-cms', 'RSAES-OAEP-params');
  let next = 0;
  if (isContext(items[next], 0)) {
    params.hash = parseHashIdentifier(readExplicit(items[next++], 'malformed-cms', 'hashFunc'), 'RSAES-OAEP-params.hashFunc');
  }
  if (isContext(items[next], 1)) {
    const what = 'RSAES-OAEP-params.maskGenFunc';
    const maskGen = readAlgorithmIdentifier(readExplicit(items[next++], 'malformed-cms', 'maskGenFunc'), 'malformed-cms', what);
    if (maskGen.algorithm !== OID.mgf1) throw new CoreError('unsupported', `RSAES-OAEP mask generation function ${maskGen.algorithm} is not supported (MGF1 is)`);
    if (!maskGen.parameters) throw new CoreError('malformed-cms', `${what}: MGF1 needs a hash`);
    params.maskGenHash = parseHashIdentifier(maskGen.parameters, what);
  }
  if (isContext(items[next], 2)) {
    const what = 'RSAES-OAEP-params.pSourceFunc';
    const pSource = readAlgorithmIdentifier(readExplicit(items[next++], 'malformed-cms', 'pSourceFunc'), 'malformed-cms', what);
    if (pSource.algorithm !== OID.pSpecified) throw new CoreError('unsupported', `RSAES-OAEP label source ${pSource.algorithm} is not supported`);
    if (!pSource.parameters) throw new CoreError('malformed-cms', `${what}: pSpecified needs a label`);
    params.label = readOctetString(pSource.parameters, 'malformed-cms', 'RSAES-OAEP-params label', { ber: true });
  }
  if (next !== items.length) throw new CoreError('malformed-cms', 'RSAES-OAEP-params: unexpected or misordered fields');
  return params;
}
