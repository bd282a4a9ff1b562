/** Object identifiers of password-based encryption (RFC 8018 appendices A and B); AES-CBC is in ../oids.ts. */
import { type HashName, hashByOid } from '../digest.ts';
import { AES_CBC_OID } from '../oids.ts';

export const PKCS5_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
} as const;

/** The PBKDF2 pseudorandom functions we accept (RFC 8018 appendix B.1), by the hash WebCrypto calls it. */
export type PrfHash = HashName;

/** The PRF OIDs by hash, and hashes by OID. */
export const PRF_OID: Readonly<Record<PrfHash, string>> = {
  'SHA-1': PKCS5_OID.hmacWithSHA1,
  'SHA-224': PKCS5_OID.hmacWithSHA224,
  'SHA-256': PKCS5_OID.hmacWithSHA256,
  'SHA-384': PKCS5_OID.hmacWithSHA384,
  'SHA-512': PKCS5_OID.hmacWithSHA512,
};

export const PRF_BY_OID = hashByOid(PRF_OID);

/** AES-CBC-Pad encryption schemes (RFC 8018 appendix B.2.5), key length in bytes by OID. */
export const AES_CBC_KEY_BYTES: Readonly<Record<string, 16 | 24 | 32>> = {
  [AES_CBC_OID.aes128CBC]: 16,
  [AES_CBC_OID.aes192CBC]: 24,
  [AES_CBC_OID.aes256CBC]: 32,
};
