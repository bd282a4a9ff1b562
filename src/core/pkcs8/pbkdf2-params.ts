/**
 * The PBKDF2 key derivation AlgorithmIdentifier (RFC 8018 appendix A.2):
 *
 *   PBKDF2-params ::= SEQUENCE {
 *     salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
 *     iterationCount INTEGER (1..MAX),
 *     keyLength INTEGER (1..MAX) OPTIONAL,
 *     prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
 */
import * as asn1js from 'asn1js';
import { CoreError } from '../errors.ts';
import { expectBlock, octetStringBlock, readAlgorithmIdentifier, readOctetString, readSequence, readSmallInteger } from '../der/index.ts';
import { PKCS5_OID, PRF_BY_OID, PRF_OID, type PrfHash } from './oids.ts';

/** A bound on what a hostile blob can make us compute: ten million iterations is seconds, not hours. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export interface Pbkdf2Params {
  salt: Uint8Array;
  iterations: number;
  /** Present only when the encoding carries keyLength. */
  keyLength?: number;
  prf: PrfHash;
}

/**
 * The AlgorithmIdentifier { id-PBKDF2, PBKDF2-params }. DER omits a DEFAULT value (X.690 section 11.5), so
 * hmacWithSHA1 is left out; every other PRF is written, with NULL parameters (RFC 8018 appendix B.1.2).
 * keyLength is written only when given: the AES key size follows from the cipher.
 */
export function encodePbkdf2(params: Pbkdf2Params): asn1js.Sequence {
  const fields: asn1js.AsnType[] = [
    octetStringBlock(params.salt),
    new asn1js.Integer({ value: params.iterations }),
  ];
  if (params.keyLength !== undefined) fields.push(new asn1js.Integer({ value: params.keyLength }));
  if (params.prf !== 'SHA-1') {
    fields.push(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: PRF_OID[params.prf] }), new asn1js.Null()] }));
  }
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: PKCS5_OID.pbkdf2 }), new asn1js.Sequence({ value: fields })] });
}

function decodePrf(block: asn1js.AsnType): PrfHash {
  const { algorithm: id, parameters: params } = readAlgorithmIdentifier(block, 'malformed-key', 'PBKDF2 prf');
  const hash = PRF_BY_OID[id];
  if (!hash) throw new CoreError('unsupported', `PBKDF2 pseudorandom function ${id} is not supported`);
  if (params !== undefined) expectBlock(params, asn1js.Null, 'malformed-key', 'PBKDF2 prf parameters');
  return hash;
}

/** Reads an AlgorithmIdentifier that must be PBKDF2; other KDFs (scrypt, RFC 7914) are 'unsupported'. */
export function decodePbkdf2(block: asn1js.AsnType): Pbkdf2Params {
  const { algorithm: id, parameters: paramsBlock } = readAlgorithmIdentifier(block, 'malformed-key', 'keyDerivationFunc', true);
  if (id !== PKCS5_OID.pbkdf2) throw new CoreError('unsupported', `key derivation function ${id} is not supported (PBKDF2 only)`);
  const [salt, count, ...rest] = readSequence(paramsBlock, 'malformed-key', 'PBKDF2-params', 2, 4);
  if (salt instanceof asn1js.Sequence) throw new CoreError('unsupported', 'PBKDF2 otherSource salt is not supported');
  const params: Pbkdf2Params = {
    salt: readOctetString(salt, 'malformed-key', 'PBKDF2 salt'),
    iterations: readSmallInteger(count, 'malformed-key', 'PBKDF2 iterationCount', MAX_PBKDF2_ITERATIONS, 'unsupported'),
    prf: 'SHA-1',
  };
  if (params.iterations < 1) throw new CoreError('malformed-key', 'PBKDF2 iterationCount is 0');
  if (params.salt.length === 0) throw new CoreError('malformed-key', 'PBKDF2 salt is empty');
  let next = rest.shift();
  if (next instanceof asn1js.Integer) {
    params.keyLength = readSmallInteger(next, 'malformed-key', 'PBKDF2 keyLength', 64);
    next = rest.shift();
  }
  if (next !== undefined) params.prf = decodePrf(next);
  if (rest.length > 0) throw new CoreError('malformed-key', 'PBKDF2-params has extra fields');
  return params;
}
