/**
 * The pure building blocks of RFC 6072 credentials in the softphone (issue 5): the trust check of a certificate NOTIFY,
 * the credential body and opening it, the RFC 3903 publisher, renewal timing, certificate changes, fingerprints for
 * people and a passphrase hint. Decisions: docs/certificates.md.
 */
export { aorParts, formatAor, sameAor, type AorParts } from './aor-uri.ts';
export { assessCertificateChange, type CertificateChange, type CertificateFacts } from './certificate-change.ts';
export { certificateFromNotifyBody } from './certificate-body.ts';
export {
  CERTIFICATE_REJECTIONS,
  rejected,
  type CertificateNotifyVerdict,
  type CertificateRejection,
  type NoCertificate,
  type RejectedCertificate,
  type VerifiedCertificate,
} from './certificate-verdict.ts';
export { checkCertificateNotify, checkNotifyIdentity, type CertificateNotifyCheck, type NotifyIdentityVerdict, type TrustedAuthority } from './check-certificate-notify.ts';
export { buildCredentialBody, parseCredentialBody, type CredentialParts } from './credential-body.ts';
export { FINGERPRINT_GROUP_DIGITS, certificateFingerprintForPeople, fingerprintGroups, formatFingerprintForPeople } from './fingerprint-for-people.ts';
export { MULTIPART_MIXED, PKCS8, PKIX_CERT } from './media-types.ts';
export { assertKeyMatchesCertificate, openCredential, type OpenedCredential } from './open-credential.ts';
export {
  MIN_PASSPHRASE_LENGTH,
  STRONG_BITS,
  assessPassphrase,
  type PassphraseAssessment,
  type PassphraseContext,
  type PassphraseStrength,
} from './passphrase-strength.ts';
export {
  DEFAULT_PUBLISHER_CONFIG,
  REFRESH_MARGIN_SECONDS,
  initialPublisherState,
  refreshDelaySeconds,
  retryDelayMs,
  stepPublisher,
  type PublishRequest,
  type PublishResponse,
  type PublisherConfig,
  type PublisherInput,
  type PublisherPhase,
  type PublisherState,
  type PublisherStep,
} from './publisher.ts';
export type { ReceivedMessage } from './received-message.ts';
export {
  MAX_PUBLICATION_SECONDS,
  RENEWAL_WINDOW_FRACTION,
  RENEWAL_WINDOW_MAX_MS,
  publicationExpiresSeconds,
  renewalDate,
  renewalStatus,
  renewalWindowMs,
  type RenewalState,
  type RenewalStatus,
} from './renewal.ts';
