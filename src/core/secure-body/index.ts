/**
 * Secure SIP bodies: signed-then-encrypted SDP (RFC 3261 section 23.4) and MESSAGE text (RFC 8591), the 493
 * certs-only body, the security framework's X-SIP-SECURE-* values and protected headers (seed 000), the replay cache,
 * and SDP fingerprints for the short authentication string. Decisions: docs/secure-bodies.md.
 */
export type { SecureBodyInput } from './body-input.ts';
export { prepareSecureBody, type BuiltBody, type SecureBuildOptions } from './build-secure-body.ts';
export { certsOnlyBody, readCertsOnlyBody, type CertsOnlyBody, type CertsOnlyInput } from './certs-only-body.ts';
export {
  PROTECTED_DATE_WINDOW_SECONDS,
  PROTECTED_HEADERS_REFUSALS,
  checkProtectedHeaders,
  type ProtectedHeadersRefusal,
  type ProtectedHeadersRefusalKind,
  type ProtectedHeadersVerdict,
} from './check-protected-headers.ts';
export { CLEAR_REASONS, type ClearReason } from './clear-reason.ts';
export {
  TEXT_PLAIN_UTF8,
  buildEncryptedMessage,
  readMessageBody,
  safeFallback,
  type EncryptedMessageOptions,
  type MessageBodyReading,
} from './message-body.ts';
export {
  SECURE_FROM_HEADER,
  SECURE_TO_HEADER,
  SIP_SECURE_TYPE,
  outerHeaderValues,
  type OuterHeaderValues,
  type ProtectedHeaders,
  type ProtectedHeadersInput,
} from './protected-headers.ts';
export { MAX_SMIME_ATTEMPTS } from './read-secure-body.ts';
export { DEFAULT_REPLAY_CACHE_ENTRIES, ReplayCache, replayKeyOf, type ReplayCacheOptions, type ReplayKey } from './replay-cache.ts';
export { sdpFingerprints } from './sdp-fingerprints.ts';
export { splitSignedContent, type SignedContent } from './signed-content.ts';
export { MAX_SIP_SECURE_BYTES } from './sip-secure-part.ts';
export {
  PRESHARED_METHOD,
  SECURE_METHOD_HEADER,
  SECURE_REQUIRES_HEADER,
  SECURE_SUPPORTS_HEADER,
  SMIME_METHOD,
  TLS_METHOD,
  formatSecureRequires,
  hasSecureMethod,
  parseSecureMethod,
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
