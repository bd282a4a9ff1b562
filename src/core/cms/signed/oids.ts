/**
 * Object identifiers of CMS SignedData: the shared content types, keys and hashes of ../../oids.ts, and those only
 * signing names: signed attributes, signature algorithms and the curves we verify with.
 */
import { CONTENT_TYPE_OID, HASH_OID, PUBLIC_KEY_OID } from '../../oids.ts';

export const OID = {
  ...CONTENT_TYPE_OID,
  // RFC 5652 section 11: signed attributes.
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // RFC 8551 section 2.5.2.
  smimeCapabilities: '1.2.840.113549.1.9.15',
  ...HASH_OID,
  ...PUBLIC_KEY_OID,
  // RFC 8017 appendix A.2.4, RFC 5754 section 3.2.
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  // RFC 5758 section 3.2.
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  // RFC 5480 section 2.1.1.1: the named curves besides P-256.
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
} as const;
