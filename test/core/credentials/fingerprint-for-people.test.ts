/** Fingerprints written for reading aloud: groups of four upper-case hex digits. */
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/core/bytes.ts';
import { certificateFingerprintForPeople, fingerprintGroups, formatFingerprintForPeople } from '../../../src/core/credentials/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { fixturePath, fixture } from './fixture.ts';

const w = new Workdir();
afterAll(() => w.cleanup());

describe('fingerprints for people', () => {
  it.each([
    { hex: 'ab12cd34', want: 'AB12 CD34' },
    { hex: '0000', want: '0000' },
    { hex: '00'.repeat(32), want: Array(16).fill('0000').join(' ') },
    {
      hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      want: 'E3B0 C442 98FC 1C14 9AFB F4C8 996F B924 27AE 41E4 649B 934C A495 991B 7852 B855',
    },
  ])('$hex -> $want', ({ hex, want }) => {
    expect(formatFingerprintForPeople(fromHex(hex))).toBe(want);
    expect(fingerprintGroups(fromHex(hex))).toEqual(want.split(' '));
  });

  it.each([{ bytes: 0 }, { bytes: 1 }, { bytes: 33 }])('refuses $bytes bytes', ({ bytes }) => {
    let error: unknown;
    try {
      formatFingerprintForPeople(new Uint8Array(bytes));
    } catch (e) {
      error = e;
    }
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });

  it('is openssl’s SHA-256 fingerprint regrouped', async () => {
    const line = w.openssl('x509', '-inform', 'DER', '-in', fixturePath('bob.cer'), '-noout', '-fingerprint', '-sha256').toString().trim();
    const hex = line.replace(/^sha256 Fingerprint=/, '').replace(/:/g, '');
    const people = await certificateFingerprintForPeople(fixture('bob.cer'), globalThis.crypto);
    expect(people.replace(/ /g, '')).toBe(hex);
    expect(people).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });
});
