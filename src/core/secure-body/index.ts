/**
 * Secure SIP bodies: signed-then-encrypted SDP (RFC 3261 section 23.4) and MESSAGE text (RFC 8591), the 493
 * certs-only body, the security framework's X-SIP-SECURE-* values (seed 000) and SDP fingerprints for the short
 * authentication string. Decisions: docs/secure-bodies.md.
 */
export type { SecureBodyInput } from './body-input.ts';
export { prepareSecureBody, type BuiltBody, type SecureBuildOptions } from './build-secure-body.ts';
export { certsOnlyBody, readCertsOnlyBody, type CertsOnlyBody, type CertsOnlyInput } from './certs-only-body.ts';
export { CLEAR_REASONS, type ClearReason } from './clear-reason.ts';
export {
  TEXT_PLAIN_UTF8,
  buildEncryptedMessage,
  readMessageBody,
  safeFallback,
  type EncryptedMessageOptions,
  type MessageBodyReading,
} from './message-body.ts';
export { MAX_SMIME_ATTEMPTS } from './read-secure-body.ts';
export { sdpFingerprints } from './sdp-fingerprints.ts';
export {
  PRESHARED_METHOD,
  SECURE_METHOD_HEADER,
  SECURE_REQUIRES_HEADER,
  SECURE_SUPPORTS_HEADER,
  SMIME_METHOD,
  TLS_METHOD,
  formatSecureRequires,
  hasSecureMethod,
  parseSecureRequires,
  parseSecureSupports,
  type SecureMethod,
} from './secure-requires.ts';
export {
  buildSecureSessionBody,
  readSessionBody,
  type SecureSessionBodyOptions,
  type SessionBodyReading,
} from './session-body.ts';
