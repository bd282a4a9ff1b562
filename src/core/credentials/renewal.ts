/**
 * When to make a new credential before the current certificate expires.
 *
 * RFC 6072 section 5 (UA behaviour with credentials) lets a UA create and PUBLISH a new credential whenever it likes
 * and gives no number for how early to replace one that is about to expire. Our choice (docs/certificates.md): renew
 * once both fewer than 30 days and less than 10% of the certificate's lifetime remain (the window is the smaller of the
 * two). A one-year certificate (docs/design.md "Keys and certificates") is renewed in its last 30 days: the user must
 * be there to type the passphrase that protects the new key, so the window must span more than a holiday; a short-lived
 * certificate is renewed in its last tenth, so a fresh one is never due at once.
 */
import { CoreError } from '../errors.ts';
import type { Validity } from '../x509/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** At most this long before notAfter a certificate is due for renewal. */
export const RENEWAL_WINDOW_MAX_MS = 30 * DAY_MS;
/** At most this fraction of the lifetime (notBefore to notAfter) is spent in the renewal window. */
export const RENEWAL_WINDOW_FRACTION = 0.1;
/** The longest publication we ask for (the credential server grants at most a year, docs/server-credentials.md). */
export const MAX_PUBLICATION_SECONDS = 365 * 24 * 60 * 60;

export type RenewalState = 'not-yet-valid' | 'valid' | 'renew' | 'expired';

export interface RenewalStatus {
  state: RenewalState;
  /** From when a new certificate should be made. */
  renewAt: Date;
  /** Milliseconds until notAfter; negative once expired. */
  remainingMs: number;
}

function lifetimeMs(validity: Validity): number {
  const ms = validity.notAfter.getTime() - validity.notBefore.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new CoreError('invalid-argument', 'a validity period must end after it starts');
  return ms;
}

/** The length of the renewal window: min(30 days, 10% of the lifetime). */
export function renewalWindowMs(validity: Validity): number {
  return Math.min(RENEWAL_WINDOW_MAX_MS, lifetimeMs(validity) * RENEWAL_WINDOW_FRACTION);
}

/** The instant from which the certificate is due for renewal. */
export function renewalDate(validity: Validity): Date {
  return new Date(validity.notAfter.getTime() - renewalWindowMs(validity));
}

/** Where `now()` falls in the certificate's life. `renew` starts at renewalDate and ends at notAfter (inclusive). */
export function renewalStatus(validity: Validity, now: () => Date = () => new Date()): RenewalStatus {
  const t = now().getTime();
  const renewAt = renewalDate(validity);
  const remainingMs = validity.notAfter.getTime() - t;
  let state: RenewalState;
  if (t < validity.notBefore.getTime()) state = 'not-yet-valid';
  else if (t > validity.notAfter.getTime()) state = 'expired';
  else if (t >= renewAt.getTime()) state = 'renew';
  else state = 'valid';
  return { state, renewAt, remainingMs };
}

/**
 * The Expires to PUBLISH a credential with: the whole seconds left until notAfter, at most a year, so that peers can
 * fetch the certificate while this browser is closed (RFC 3903 drops a publication that is not refreshed). 0 when the
 * certificate has expired: there is nothing left to publish.
 */
export function publicationExpiresSeconds(validity: Validity, now: () => Date = () => new Date()): number {
  const seconds = Math.floor((validity.notAfter.getTime() - now().getTime()) / 1000);
  return Math.max(0, Math.min(MAX_PUBLICATION_SECONDS, seconds));
}
