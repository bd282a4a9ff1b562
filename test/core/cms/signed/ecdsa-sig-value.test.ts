/** Known vectors for the Ecdsa-Sig-Value conversion (RFC 3279 section 2.2.3) between CMS and WebCrypto. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../../src/core/bytes.ts';
import { ecdsaSigValueFromRaw, rawFromEcdsaSigValue } from '../../../../src/core/cms/signed/ecdsa-sig-value.ts';
import { isCoreError } from '../../../../src/core/errors.ts';

describe('Ecdsa-Sig-Value (RFC 3279 section 2.2.3)', () => {
  const r = '00'.repeat(31) + '7f';
  const s = 'ff' + '01'.repeat(31);
  const der = '3026' + '02017f' + '022100' + s;
  it('raw -> DER: minimal positive INTEGERs', () => {
    expect(toHex(ecdsaSigValueFromRaw(fromHex(r + s)))).toBe(der);
  });
  it('DER -> raw: left-padded to the curve size', () => {
    expect(toHex(rawFromEcdsaSigValue(fromHex(der), 32))).toBe(r + s);
  });
  it.each([
    ['not a SEQUENCE', '0400'],
    ['one INTEGER', '3003020101'],
    ['three INTEGERs', '3009020101020101020101'],
    ['negative r', '300602018102017f'],
    ['r longer than the curve', '3025' + '0221' + '01'.repeat(33) + '020101'],
    ['trailing garbage', '300602017f02017f00'],
  ])('refuses %s as bad-signature', (_name, hex) => {
    let caught: unknown;
    try {
      rawFromEcdsaSigValue(fromHex(hex), 32);
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'bad-signature')).toBe(true);
  });
});
