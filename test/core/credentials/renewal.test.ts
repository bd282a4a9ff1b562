/** Renewal timing (renewal.ts) and what a changed certificate means (certificate-change.ts), as tables of dates. */
import { describe, expect, it } from 'vitest';
import {
  assessCertificateChange,
  publicationExpiresSeconds,
  renewalDate,
  renewalStatus,
  renewalWindowMs,
  type CertificateChange,
  type RenewalState,
} from '../../../src/core/credentials/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { parseCertificate } from '../../../src/core/x509/index.ts';
import { fixture } from './fixture.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2030, 0, 1);
const at = (days: number): Date => new Date(T0 + days * DAY);
const validity = (fromDay: number, toDay: number): { notBefore: Date; notAfter: Date } => ({ notBefore: at(fromDay), notAfter: at(toDay) });

describe('renewal', () => {
  it.each([
    { name: 'one year: the last 30 days', v: validity(0, 365), windowDays: 30 },
    { name: '400 days: still 30 days', v: validity(0, 400), windowDays: 30 },
    { name: '90 days: the last 9 days (10%)', v: validity(0, 90), windowDays: 9 },
    { name: 'one day: the last 2.4 hours', v: validity(0, 1), windowDays: 0.1 },
    { name: 'zero length', v: validity(5, 5), windowDays: 0 },
  ])('window for $name', ({ v, windowDays }) => {
    expect(renewalWindowMs(v)).toBeCloseTo(windowDays * DAY, 0);
    expect(renewalDate(v).getTime()).toBeCloseTo(v.notAfter.getTime() - windowDays * DAY, 0);
  });

  const YEAR = validity(0, 365);
  it.each<{ day: number; state: RenewalState }>([
    { day: -1, state: 'not-yet-valid' },
    { day: 0, state: 'valid' },
    { day: 334, state: 'valid' },
    { day: 335, state: 'renew' },
    { day: 364.9, state: 'renew' },
    { day: 365, state: 'renew' },
    { day: 365.001, state: 'expired' },
  ])('a one-year certificate on day $day: $state', ({ day, state }) => {
    const status = renewalStatus(YEAR, () => at(day));
    expect(status.state).toBe(state);
    expect(status.renewAt).toEqual(at(335));
    expect(status.remainingMs).toBeCloseTo((365 - day) * DAY, 0);
  });

  it('refuses a validity that ends before it starts', () => {
    let error: unknown;
    try {
      renewalStatus(validity(10, 5));
    } catch (e) {
      error = e;
    }
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });

  it.each([
    { name: 'a year left', v: validity(0, 365), day: 0, seconds: 365 * 86400 },
    { name: 'more than a year left', v: validity(0, 800), day: 0, seconds: 365 * 86400 },
    { name: 'ten days left', v: validity(0, 365), day: 355, seconds: 10 * 86400 },
    { name: 'expired', v: validity(0, 365), day: 366, seconds: 0 },
  ])('publication Expires with $name: $seconds', ({ v, day, seconds }) => {
    expect(publicationExpiresSeconds(v, () => at(day))).toBe(seconds);
  });

  it('reads an openssl certificate the same way', async () => {
    const cert = await parseCertificate(fixture('bob.cer'), globalThis.crypto);
    expect(renewalStatus(cert, () => new Date(cert.notAfter.getTime() - 31 * DAY)).state).toBe('valid');
    expect(renewalStatus(cert, () => new Date(cert.notAfter.getTime() - 29 * DAY)).state).toBe('renew');
  });
});

describe('assessCertificateChange', () => {
  const cert = (id: number, fromDay: number, toDay: number): { fingerprintSha256: Uint8Array; notBefore: Date; notAfter: Date } => ({
    fingerprintSha256: new Uint8Array(32).fill(id),
    ...validity(fromDay, toDay),
  });
  const OLD = cert(1, 0, 365);

  it.each<{ name: string; previous: ReturnType<typeof cert> | undefined; next: ReturnType<typeof cert>; day: number; want: CertificateChange }>([
    { name: 'nothing cached', previous: undefined, next: OLD, day: 10, want: 'first' },
    { name: 'the same certificate', previous: OLD, next: cert(1, 0, 365), day: 10, want: 'same' },
    { name: 'a new one in the old one’s last 30 days', previous: OLD, next: cert(2, 340, 705), day: 340, want: 'renewed' },
    { name: 'a new one after the old one expired', previous: OLD, next: cert(2, 400, 765), day: 400, want: 'renewed' },
    { name: 'a new one with 100 days left on the old one', previous: OLD, next: cert(2, 265, 630), day: 265, want: 'changed-early' },
    { name: 'a new one the day after the old one', previous: OLD, next: cert(2, 1, 366), day: 1, want: 'changed-early' },
    { name: 'an older certificate than the cached one', previous: cert(2, 340, 705), next: cert(1, 0, 365), day: 350, want: 'changed-early' },
  ])('$name: $want', ({ previous, next, day, want }) => {
    expect(assessCertificateChange(previous, next, () => at(day))).toBe(want);
  });
});
