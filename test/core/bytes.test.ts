import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes, fromBase64, fromHex, fromLatin1, latin1, toBase64, toHex } from '../../src/core/bytes.ts';
import { CoreError } from '../../src/core/errors.ts';

describe('base64 (RFC 4648)', () => {
  const vectors: { input: string; want: string }[] = [
    { input: '', want: '' },
    { input: 'f', want: 'Zg==' },
    { input: 'fo', want: 'Zm8=' },
    { input: 'foo', want: 'Zm9v' },
    { input: 'foob', want: 'Zm9vYg==' },
    { input: 'fooba', want: 'Zm9vYmE=' },
    { input: 'foobar', want: 'Zm9vYmFy' },
  ];
  it.each(vectors)('encodes "$input" as "$want" and back', ({ input, want }) => {
    const bytes = new TextEncoder().encode(input);
    expect(toBase64(bytes)).toBe(want);
    expect(fromBase64(want)).toEqual(bytes);
  });

  it('agrees with Node for random bytes, with and without 76-column lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const plain = toBase64(bytes);
        expect(plain).toBe(Buffer.from(bytes).toString('base64'));
        const folded = toBase64(bytes, 76);
        for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
        expect(fromBase64(folded)).toEqual(bytes);
      }),
    );
  });

  const bad = ['Zg=', 'Zm9v!', 'Z===', '=Zg=', 'Zg==Zg=='];
  it.each(bad)('rejects %j with a CoreError', (text) => {
    expect(() => fromBase64(text)).toThrow(CoreError);
  });
});

describe('byte helpers', () => {
  it('latin1 keeps every byte', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70000 }), (bytes) => {
        expect(fromLatin1(latin1(bytes))).toEqual(bytes);
      }), { numRuns: 20 });
  });
  it('latin1 keeps every byte of mostly-ASCII input too (the native fast path, and its fall back on any octet >= 0x80)', () => {
    const mostlyAscii = fc.uint8Array({ maxLength: 5000, max: 0x7f }).chain((ascii) =>
      fc.tuple(fc.constant(ascii), fc.nat({ max: ascii.length }), fc.option(fc.integer({ min: 0x80, max: 0xff }))),
    );
    fc.assert(
      fc.property(mostlyAscii, ([ascii, at, high]) => {
        const bytes = high === null ? ascii : concatBytes(ascii.subarray(0, at), Uint8Array.of(high), ascii.subarray(at));
        expect(fromLatin1(latin1(bytes))).toEqual(bytes);
      }),
    );
    for (const tricky of [Uint8Array.of(0xef, 0xbf, 0xbd), Uint8Array.of(0x41, 0xc3, 0xa9), Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)]) {
      expect(latin1(tricky)).toBe(String.fromCharCode(...tricky)); // U+FFFD encoded, UTF-8 é, a UTF-8 byte order mark
    }
  });
  it('latin1 maps each byte to the code unit of its value, byte order marks included', () => {
    expect(latin1(Uint8Array.of(0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x00, 0x41))).toBe('\xef\xbb\xbf\xff\xfe\x00A');
    expect(latin1(Uint8Array.from({ length: 256 }, (_, i) => i))).toBe(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)));
  });
  it('hex round-trips and accepts colons', () => {
    expect(toHex(fromHex('0a:FF:10'))).toBe('0aff10');
    expect(() => fromHex('abc')).toThrow(CoreError);
  });
  it('concat and equal', () => {
    const a = concatBytes(new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3]));
    expect(equalBytes(a, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(equalBytes(a, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(equalBytes(a, new Uint8Array([1, 2]))).toBe(false);
  });
});
