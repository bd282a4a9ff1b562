/** Object identifiers of password-based encryption (RFC 8018 appendices A and B, NIST CSOR for AES). */
export const PKCS5_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

/** The PBKDF2 pseudorandom functions we accept (RFC 8018 appendix B.1), by the hash WebCrypto calls it. */
export type PrfHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const PRF_BY_OID: Readonly<Record<string, PrfHash>> = {
  [PKCS5_OID.hmacWithSHA1]: 'SHA-1',
  [PKCS5_OID.hmacWithSHA224]: 'SHA-224',
  [PKCS5_OID.hmacWithSHA256]: 'SHA-256',
  [PKCS5_OID.hmacWithSHA384]: 'SHA-384',
  [PKCS5_OID.hmacWithSHA512]: 'SHA-512',
};

export const PRF_OID: Readonly<Record<PrfHash, string>> = {
  'SHA-1': PKCS5_OID.hmacWithSHA1,
  'SHA-224': PKCS5_OID.hmacWithSHA224,
  'SHA-256': PKCS5_OID.hmacWithSHA256,
  'SHA-384': PKCS5_OID.hmacWithSHA384,
  'SHA-512': PKCS5_OID.hmacWithSHA512,
};

/** AES-CBC-Pad encryption schemes (RFC 8018 appendix B.2.5 and RFC 3565 section 4.1), key length in bytes by OID. */
export const AES_CBC_KEY_BYTES: Readonly<Record<string, 16 | 24 | 32>> = {
  [PKCS5_OID.aes128Cbc]: 16,
  [PKCS5_OID.aes192Cbc]: 24,
  [PKCS5_OID.aes256Cbc]: 32,
};
