/**
 * The object identifiers that more than one module of the core names, grouped by the RFC that assigns them.
 * OIDs only one module uses stay in that module's own `oids.ts` and build on these groups.
 */

/** CMS content types: rfc5652#section-4 (id-data), section-5.1 (id-signedData), section-6.1 (id-envelopedData), rfc5083#section-1. */
export const CONTENT_TYPE_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
} as const;

/**
 * Subject public key algorithms: id-ecPublicKey with the named curve P-256 (rfc5480#section-2.1.1 and
 * section-2.1.1.1) and rsaEncryption (rfc8017#appendix-A.1).
 */
export const PUBLIC_KEY_OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** One-way hash functions: SHA-1 (rfc3370#section-2.1), SHA-224 to SHA-512 (rfc5754#section-2). */
export const HASH_OID = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

/** AES-CBC with a 16-octet IV as parameters (rfc3565#section-4.1); PBES2 uses it too (rfc8018#appendix-B.2.5). */
export const AES_CBC_OID = {
  aes128CBC: '2.16.840.1.101.3.4.1.2',
  aes192CBC: '2.16.840.1.101.3.4.1.22',
  aes256CBC: '2.16.840.1.101.3.4.1.42',
} as const;

/** Certificate extensions that CMS reads as well as X.509: subjectKeyIdentifier (rfc5280#section-4.2.1.2). */
export const CERTIFICATE_EXTENSION_OID = {
  subjectKeyIdentifier: '2.5.29.14',
} as const;
