/**
 * AlgorithmIdentifier (RFC 5280 section 4.1.1.2) as CMS uses it for digestAlgorithm and signatureAlgorithm
 * (RFC 5652 sections 10.1.1 and 10.1.2), with the algorithms we accept:
 * - digests SHA-256, SHA-384, SHA-512 (RFC 5754 section 2); SHA-1 is refused as 'unsupported';
 * - ECDSA with those hashes (RFC 5758 section 3.2, RFC 5753 section 2.1.1) and id-ecPublicKey, which some
 *   signers put there, with the hash of the digestAlgorithm;
 * - RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2): rsaEncryption (what `openssl cms` writes, RFC 3370 section 3.2),
 *   hash from the digestAlgorithm, and sha{256,384,512}WithRSAEncryption (RFC 5754 section 3.2).
 */
import { type DerBlock, TAG, derNull, encoded, objectIdentifier, readAlgorithmIdentifier, sequence } from '../../der/index.ts';
import type { HashName } from '../../digest.ts';
import { CoreError } from '../../errors.ts';
import { OID } from './oids.ts';

export interface AlgorithmIdentifier {
  algorithm: string;
  /** The parameters element exactly as encoded, absent when the field is absent. */
  parameters?: Uint8Array;
}

/** The digests we accept in signatures: SHA-1 and SHA-224 are refused. */
export type SignatureHash = Exclude<HashName, 'SHA-1' | 'SHA-224'>;

/** How to check a signature: the key type it needs and its hash (null: the SignerInfo's digestAlgorithm). */
export interface SignatureScheme {
  key: 'EC' | 'RSA';
  hash: SignatureHash | null;
}

const DIGESTS: Record<string, SignatureHash> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

const SIGNATURES: Record<string, SignatureScheme> = {
  [OID.ecdsaWithSHA256]: { key: 'EC', hash: 'SHA-256' },
  [OID.ecdsaWithSHA384]: { key: 'EC', hash: 'SHA-384' },
  [OID.ecdsaWithSHA512]: { key: 'EC', hash: 'SHA-512' },
  [OID.ecPublicKey]: { key: 'EC', hash: null },
  [OID.rsaEncryption]: { key: 'RSA', hash: null },
  [OID.sha256WithRSAEncryption]: { key: 'RSA', hash: 'SHA-256' },
  [OID.sha384WithRSAEncryption]: { key: 'RSA', hash: 'SHA-384' },
  [OID.sha512WithRSAEncryption]: { key: 'RSA', hash: 'SHA-512' },
};

const SHA1_BASED = new Set<string>([OID.sha1, OID.sha1WithRSAEncryption, OID.ecdsaWithSHA1]);

/** SHA-256 with absent parameters, as RFC 5754 section 2 says to generate it. */
export const SHA256_DIGEST: Uint8Array = encodeAlgorithmIdentifier({ algorithm: OID.sha256 });
/** ecdsa-with-SHA256, parameters absent (RFC 5758 section 3.2). */
export const ECDSA_WITH_SHA256: Uint8Array = encodeAlgorithmIdentifier({ algorithm: OID.ecdsaWithSHA256 });
/** sha256WithRSAEncryption, parameters NULL (RFC 5754 section 3.2). */
export const SHA256_WITH_RSA: Uint8Array = encodeAlgorithmIdentifier({ algorithm: OID.sha256WithRSAEncryption, parameters: derNull() });

export function encodeAlgorithmIdentifier(alg: AlgorithmIdentifier): Uint8Array {
  return sequence(objectIdentifier(alg.algorithm), ...(alg.parameters ? [alg.parameters] : []));
}

/** Reads an AlgorithmIdentifier, keeping its parameters exactly as encoded. */
export function decodeAlgorithmIdentifier(block: DerBlock | undefined, what: string): AlgorithmIdentifier {
  const { algorithm, parameters } = readAlgorithmIdentifier(block, 'malformed-cms', `${what} AlgorithmIdentifier`);
  return { algorithm, ...(parameters ? { parameters: encoded(parameters) } : {}) };
}

function parametersAbsentOrNull(alg: AlgorithmIdentifier): boolean {
  return alg.parameters === undefined || (alg.parameters.length === 2 && alg.parameters[0] === TAG.NULL && alg.parameters[1] === 0);
}

/** The WebCrypto hash named by a digestAlgorithm (RFC 5754 section 2: parameters absent or NULL). */
export function digestHash(alg: AlgorithmIdentifier): SignatureHash {
  const hash = DIGESTS[alg.algorithm];
  if (!hash) {
    const why = SHA1_BASED.has(alg.algorithm) ? 'SHA-1 is not accepted' : 'unknown digest algorithm';
    throw new CoreError('unsupported', `digest algorithm ${alg.algorithm}: ${why}`);
  }
  if (!parametersAbsentOrNull(alg)) throw new CoreError('unsupported', `digest algorithm ${alg.algorithm} with parameters`);
  return hash;
}

/** The signature scheme named by a signatureAlgorithm; RSA-PSS and anything unknown are 'unsupported'. */
export function signatureScheme(alg: AlgorithmIdentifier): SignatureScheme {
  const scheme = SIGNATURES[alg.algorithm];
  if (!scheme) {
    const why = SHA1_BASED.has(alg.algorithm) ? 'SHA-1 is not accepted' : 'unknown signature algorithm';
    throw new CoreError('unsupported', `signature algorithm ${alg.algorithm}: ${why}`);
  }
  // id-ecPublicKey as a signature algorithm may repeat the curve; the curve that counts is the certificate's.
  if (alg.algorithm !== OID.ecPublicKey && !parametersAbsentOrNull(alg)) {
    throw new CoreError('unsupported', `signature algorithm ${alg.algorithm} with parameters`);
  }
  return scheme;
}
