/** X.509 certificates of SealPhone users (RFC 5280 profile of RFC 6072 section 10.6). */
export { parseAor, type Aor } from './aor.ts';
export {
  BACKDATE_MS,
  MAX_VALIDITY_DAYS,
  createSelfSignedCertificate,
  renewSelfSignedCertificate,
  type SelfSignedCertificateOptions,
  type SelfSignedCredential,
} from './create-self-signed-certificate.ts';
export { formatDistinguishedName } from './distinguished-name.ts';
export { formatFingerprint, sha256Fingerprint } from './fingerprint.ts';
export { importPublicKeys, type PublicKeySet } from './import-public-keys.ts';
export { KEY_USAGE_NAMES, type KeyUsageName } from './key-usage.ts';
export { X509_OID } from './oids.ts';
export { parseCertificate, type ParsedCertificate } from './parse-certificate.ts';
export { assertWithinValidity, isWithinValidity, type Validity } from './validity.ts';
export { verifySelfSignature } from './verify-self-signature.ts';
