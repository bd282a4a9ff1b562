/**
 * Object identifiers of CMS enveloping: content types (RFC 5652, RFC 5083), content encryption (RFC 3565,
 * RFC 5084), key wrap (RFC 3565), ECDH key agreement schemes (RFC 5753 section 7.1.4, SEC 1) and RSAES-OAEP
 * (RFC 4055, RFC 3560).
 */
export const OID = {
  // Content types, RFC 5652 section 4 and 6.1, RFC 5083 section 1.
  data: '1.2.840.113549.1.7.1',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',

  // AES-CBC, RFC 3565 section 4.1.
  aes128CBC: '2.16.840.1.101.3.4.1.2',
  aes192CBC: '2.16.840.1.101.3.4.1.22',
  aes256CBC: '2.16.840.1.101.3.4.1.42',
  // AES-GCM, RFC 5084 section 3.2.
  aes128GCM: '2.16.840.1.101.3.4.1.6',
  aes192GCM: '2.16.840.1.101.3.4.1.26',
  aes256GCM: '2.16.840.1.101.3.4.1.46',
  // AES key wrap, RFC 3565 section 2.3.2 (RFC 3394).
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',

  // Ephemeral-static ECDH with the X9.63 KDF, RFC 5753 section 7.1.4.
  dhSinglePassStdDHSha1KdfScheme: '1.3.133.16.840.63.0.2',
  dhSinglePassStdDHSha224KdfScheme: '1.3.132.1.11.0',
  dhSinglePassStdDHSha256KdfScheme: '1.3.132.1.11.1',
  dhSinglePassStdDHSha384KdfScheme: '1.3.132.1.11.2',
  dhSinglePassStdDHSha512KdfScheme: '1.3.132.1.11.3',
  // Cofactor ECDH (RFC 5753 section 7.1.4): P-256 has cofactor 1, so it computes the same secret as stdDH.
  dhSinglePassCofactorDHSha1KdfScheme: '1.3.133.16.840.63.0.3',
  dhSinglePassCofactorDHSha224KdfScheme: '1.3.132.1.14.0',
  dhSinglePassCofactorDHSha256KdfScheme: '1.3.132.1.14.1',
  dhSinglePassCofactorDHSha384KdfScheme: '1.3.132.1.14.2',
  dhSinglePassCofactorDHSha512KdfScheme: '1.3.132.1.14.3',

  // Keys, RFC 5480 section 2.1.1 and RFC 8017 appendix A.1.
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  rsaEncryption: '1.2.840.113549.1.1.1',
  // RSAES-OAEP, RFC 4055 section 3.1 and 2.2.
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',

  // Hash functions, RFC 4055 section 2.1 (SHA-224 and up: RFC 5754 section 2).
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',

  // Certificate extension, RFC 5280 section 4.2.1.2.
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** The hash functions the envelope code names; SHA-224 is ours (sha224.ts), the others are WebCrypto's. */
export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Hash algorithm OIDs to names (RFC 4055 section 2.1, RFC 5754 section 2). */
export const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha224]: 'SHA-224',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

export const OID_BY_HASH: Readonly<Record<HashName, string>> = {
  'SHA-1': OID.sha1,
  'SHA-224': OID.sha224,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};
