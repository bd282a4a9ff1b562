/**
 * The validity period (RFC 5280 section 4.1.2.5): encoding its times, and checking a time against it.
 */
import * as pkijs from 'pkijs';
import { isUtcTimeYear } from '../der/index.ts';
import { CoreError } from '../errors.ts';

/** RFC 5280 section 4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise, always whole seconds in UTC. */
export function x509Time(date: Date): pkijs.Time {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: isUtcTimeYear(whole.getUTCFullYear()) ? 0 : 1, value: whole });
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** True when `now()` lies from notBefore through notAfter, both inclusive (RFC 5280 section 4.1.2.5). */
export function isWithinValidity(cert: Validity, now: () => Date = () => new Date()): boolean {
  const t = now().getTime();
  return t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime();
}

/** Throws CoreError 'expired' (also for not yet valid) unless `now()` is within the validity period. */
export function assertWithinValidity(cert: Validity, now: () => Date = () => new Date()): void {
  if (isWithinValidity(cert, now)) return;
  const t = now();
  const when = t < cert.notBefore ? `not valid before ${cert.notBefore.toISOString()}` : `expired at ${cert.notAfter.toISOString()}`;
  throw new CoreError('expired', `the certificate is ${when} (now ${t.toISOString()})`);
}
