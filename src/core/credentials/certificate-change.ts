/**
 * How a newly verified certificate for an AOR relates to the one cached before (RFC 6072 section 10.8; docs/design.md
 * "Trust"): a certificate that replaces one still far from its end is what a stolen account or a compromised
 * credential service would produce, so the UI warns ("changed-early"); a replacement in the old certificate's renewal
 * window (renewal.ts, the window SealPhone itself renews in) or after it expired is an ordinary renewal.
 *
 * | result | when |
 * | --- | --- |
 * | `first` | nothing was cached for the AOR |
 * | `same` | the same certificate (equal SHA-256 fingerprints) |
 * | `renewed` | the old one was due for renewal or had expired, and the new one does not start before it |
 * | `changed-early` | anything else: the old one had long to run, or the new one is older than the old one |
 */
import { equalBytes } from '../bytes.ts';
import type { Validity } from '../x509/index.ts';
import { renewalStatus } from './renewal.ts';

export type CertificateChange = 'first' | 'same' | 'renewed' | 'changed-early';

/** What is compared (a ParsedCertificate or a VerifiedCertificate's certificate fits). */
export interface CertificateFacts extends Validity {
  fingerprintSha256: Uint8Array;
}

/**
 * `previous` is the last certificate verified for the AOR (keep it after a revocation too: a revocation followed by
 * a new certificate is exactly what the warning is for), `next` the newly verified one, `now` the time it arrived.
 */
export function assessCertificateChange(previous: CertificateFacts | undefined, next: CertificateFacts, now: () => Date = () => new Date()): CertificateChange {
  if (previous === undefined) return 'first';
  if (equalBytes(previous.fingerprintSha256, next.fingerprintSha256)) return 'same';
  if (next.notBefore.getTime() < previous.notBefore.getTime()) return 'changed-early';
  const state = renewalStatus(previous, now).state;
  return state === 'renew' || state === 'expired' ? 'renewed' : 'changed-early';
}
