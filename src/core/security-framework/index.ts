/**
 * The SIP security framework of seed 000 as wire formats and a crypto-system, pure and tested in Node: the secure
 * addresses (4.1.1, 4.1.2), the sip-secure attachment and its supports and requires variants (4.2), the pre-shared
 * crypto-system (6) with its replay cache and key derivation, and cached credentials (4.4). The negotiation values
 * themselves (SUPPORTS, REQUIRES, METHOD) are secure-body/secure-requires.ts's. What is wired and what is not:
 * docs/security-framework.md.
 */
export { FrameworkError, isFrameworkError, type FrameworkErrorKind } from './framework-error.ts';
export {
  SECURE_FROM_HEADER,
  SECURE_TO_HEADER,
  formatSecureAddress,
  parseSecureAddress,
  parseSecureFrom,
  parseSecureTo,
  realmOf,
  secureAddressMatches,
  type SecureAddress,
} from './secure-address.ts';
export {
  AUTHENTICATION_SPELLING,
  AUTHORIZATION_HEADER,
  CONTENT_LENGTH_HEADER,
  ENCRYPTION_HEADER,
  MAX_ATTACHMENT_BYTES,
  SIP_SECURE_TYPE,
  attachmentVariant,
  formatSipSecureAttachment,
  parseSipSecureAttachment,
  type AttachmentVariant,
  type HeaderField,
  type ParsedAttachment,
  type SipSecureAttachment,
} from './attachment.ts';
export { hmacSha256, importHmacSha256Key, verifyHmacSha256 } from './hmac-sha256.ts';
export { GCM_IV_BYTES, GCM_TAG_BYTES, aesGcmOpen, aesGcmSeal, importAesGcmKey } from './aes-gcm.ts';
export { hkdfSha256 } from './hkdf.ts';
export {
  SECURE_KEY_HEADER,
  digestHa1Sha256,
  formatSecureKey,
  hopSecretFromHa1,
  importPresharedKey,
  newEndToEndKey,
  parseSecureKey,
  type EndToEndKey,
  type PresharedKey,
} from './key-derivation.ts';
export { DEFAULT_SKEW_SECONDS, PresharedReplayCache, type PresharedReplayCacheOptions, type PresharedReplayKey } from './preshared-replay-cache.ts';
export { A256GCM, HS256, NULL_TRANSFORM, openPreshared, sealPreshared, type OpenPresharedOptions, type OpenedPreshared, type PresharedSealInput } from './preshared.ts';
export {
  CredentialCache,
  SECURE_CACHED_HEADER,
  formatCachedIndicator,
  parseCachedIndicator,
  type CachedCredential,
  type CredentialCacheKey,
  type CredentialCacheOptions,
} from './credential-cache.ts';
