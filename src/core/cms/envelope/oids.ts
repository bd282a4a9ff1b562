/**
 * Object identifiers of CMS enveloping: the shared content types, keys, hashes and AES-CBC of ../../oids.ts, and
 * those only enveloping names: AES-GCM (RFC 5084), AES key wrap (RFC 3565), the ECDH key agreement schemes
 * (RFC 5753 section 7.1.4, SEC 1) and RSAES-OAEP (RFC 4055, RFC 3560).
 */
import { type HashName, hashByOid } from '../../digest.ts';
import { AES_CBC_OID, CERTIFICATE_EXTENSION_OID, CONTENT_TYPE_OID, HASH_OID, PUBLIC_KEY_OID } from '../../oids.ts';

export const OID = {
  ...CONTENT_TYPE_OID,
  ...AES_CBC_OID,
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

  ...PUBLIC_KEY_OID,
  // RSAES-OAEP, RFC 4055 section 3.1 and 2.2.
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',

  ...HASH_OID,
  ...CERTIFICATE_EXTENSION_OID,
} as const;

/** Hash algorithm OIDs by name, and names by OID (RFC 4055 section 2.1, RFC 5754 section 2). */
export const OID_BY_HASH: Readonly<Record<HashName, string>> = {
  'SHA-1': OID.sha1,
  'SHA-224': OID.sha224,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};

export const HASH_BY_OID = hashByOid(OID_BY_HASH);
