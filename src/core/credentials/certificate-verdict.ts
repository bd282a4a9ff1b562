/**
 * What the RFC 6072 section 10.3 trust check says of a certificate NOTIFY: a certificate to cache, no certificate
 * (the AOR has none, or it was revoked), or a rejection the UI explains with `message`. The reasons, in the order the
 * check meets them (docs/certificates.md):
 *
 * | reason | what was wrong |
 * | --- | --- |
 * | `from-mismatch` | the NOTIFY's From is not the subscribed AOR (RFC 6072 section 10.3) |
 * | `identity-missing` | no Identity or no Identity-Info header (rfc4474#section-6.2: 428) |
 * | `identity-invalid` | the signature does not verify over this NOTIFY and body, or names an unknown alg (438, 436) |
 * | `identity-stale-date` | the Date is missing, unreadable or more than 600 s from now (docs/design.md "RFC 4474 details"; 403 Stale Date) |
 * | `unknown-authentication-service` | Identity-Info names no trusted AS certificate, or that certificate does not speak for the domain (437) |
 * | `malformed` | not `application/pkix-cert`, a broken transfer encoding, not DER, or not an X.509 certificate |
 * | `unsupported` | a certificate with a key or critical extension SealPhone does not handle |
 * | `ca-certificate` | basicConstraints cA=true (RFC 6072 section 10.6) |
 * | `wrong-aor` | no subjectAltName URI equal to the subscribed AOR (RFC 6072 section 10.6) |
 * | `not-yet-valid`, `expired` | now is outside the certificate's validity (RFC 5280 section 4.1.2.5) |
 */
import type { ParsedCertificate } from '../x509/index.ts';

export const CERTIFICATE_REJECTIONS = [
  'from-mismatch',
  'identity-missing',
  'identity-invalid',
  'identity-stale-date',
  'unknown-authentication-service',
  'malformed',
  'unsupported',
  'ca-certificate',
  'wrong-aor',
  'not-yet-valid',
  'expired',
] as const;

export type CertificateRejection = (typeof CERTIFICATE_REJECTIONS)[number];

export interface VerifiedCertificate {
  kind: 'verified';
  certificate: ParsedCertificate;
  /** SHA-256 over the DER certificate. */
  fingerprint: Uint8Array;
  /** `AB:CD:...`, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintHex: string;
  notAfter: Date;
  /** The Date the authentication service signed. */
  signedAt: Date;
}

export interface NoCertificate {
  kind: 'no-certificate';
  signedAt: Date;
}

export interface RejectedCertificate {
  kind: 'rejected';
  reason: CertificateRejection;
  /** One or two sentences for a person: what was wrong, in terms they can act on. */
  message: string;
  /** The CoreError behind the reason, when there was one (for logs). */
  cause?: unknown;
}

export type CertificateNotifyVerdict = VerifiedCertificate | NoCertificate | RejectedCertificate;

export function rejected(reason: CertificateRejection, message: string, cause?: unknown): RejectedCertificate {
  return cause === undefined ? { kind: 'rejected', reason, message } : { kind: 'rejected', reason, message, cause };
}
