/** The one strict decoder: every protection it gives its callers, as a table of inputs and outcomes. */
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/core/bytes.ts';
import { DECODE_LIMITS, decodeDer } from '../../../src/core/der/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';

/** `n` SEQUENCEs nested around an INTEGER. */
function nested(n: number): string {
  let hex = '020101';
  for (let i = 0; i < n; i++) hex = '30' + (hex.length / 2).toString(16).padStart(2, '0') + hex;
  return hex;
}

/** A primitive (`04`) or constructed (`30`) value holding `count` NULLs. */
function manyNulls(tag: string, count: number): string {
  const length = count * 2;
  return tag + '82' + length.toString(16).padStart(4, '0') + '0500'.repeat(count);
}

const cases: { name: string; hex: string; ber?: boolean; ok: boolean }[] = [
  { name: 'one DER value', hex: '3003020101', ok: true },
  { name: 'no bytes', hex: '', ok: false },
  { name: 'trailing bytes', hex: '300302010100', ok: false },
  { name: 'a truncated value', hex: '30030201', ok: false },
  { name: 'an outer indefinite length, as DER', hex: '30800201010000', ok: false },
  { name: 'an outer indefinite length, as BER', hex: '30800201010000', ber: true, ok: true },
  { name: 'an indefinite length cut before its end-of-contents', hex: '3080020101', ber: true, ok: false },
  { name: 'a nested indefinite length cut before its end-of-contents', hex: '308030800201010000', ber: true, ok: false },
  { name: 'a nested indefinite length with its end-of-contents', hex: '3080308002010100000000', ber: true, ok: true },
  { name: 'a constructed OCTET STRING holding an INTEGER', hex: '2406' + '0401ab' + '0201cd', ber: true, ok: false },
  { name: `nesting as deep as the limit (${DECODE_LIMITS.maxDepth})`, hex: nested(DECODE_LIMITS.maxDepth - 1), ok: true },
  { name: 'nesting deeper than the limit', hex: nested(DECODE_LIMITS.maxDepth + 1), ok: false },
  { name: 'more values than the node limit', hex: manyNulls('30', DECODE_LIMITS.maxNodes), ok: false },
  { name: 'as many bytes inside an OCTET STRING, which is not decoded', hex: manyNulls('04', DECODE_LIMITS.maxNodes), ok: true },
];

describe('decodeDer', () => {
  it.each(cases)('$name: ok=$ok', ({ hex, ber, ok }) => {
    let outcome: unknown = 'ok';
    try {
      decodeDer(fromHex(hex), 'test', { ber: ber ?? false });
    } catch (error) {
      outcome = error;
    }
    if (ok) expect(outcome).toBe('ok');
    else expect(isCoreError(outcome, 'malformed-der'), String(outcome)).toBe(true);
  });

  it('leaves OCTET STRING contents undecoded (no embedded values)', () => {
    const block = decodeDer(fromHex('0405' + '3003020101'), 'test');
    expect(block).toBeInstanceOf(asn1js.OctetString);
    expect((block as asn1js.OctetString).valueBlock.value).toEqual([]);
  });
});
