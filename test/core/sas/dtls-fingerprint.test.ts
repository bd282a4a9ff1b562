/** Reading `a=fingerprint` values (RFC 8122 section 5) and writing them one way. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/core/errors.ts';
import { normalizeDtlsFingerprint, parseDtlsFingerprint } from '../../../src/core/sas/index.ts';
import { okOrCoreError } from '../../helpers/mutations.ts';

const HEX = 'E7:1F:3C:58:0A:9B:44:D1:6E:02:AB:CD:EF:01:23:45:67:89:98:76:54:32:10:FE:DC:BA:11:22:33:44:55:66';
const CANONICAL = `sha-256 ${HEX}`;

describe('normalizeDtlsFingerprint', () => {
  it.each([
    { name: 'canonical', text: CANONICAL },
    { name: 'the whole attribute line', text: `a=fingerprint:sha-256 ${HEX}` },
    { name: 'upper-case hash function', text: `SHA-256 ${HEX}` },
    { name: 'lower-case hex', text: `sha-256 ${HEX.toLowerCase()}` },
    { name: 'no colons', text: `sha-256 ${HEX.replace(/:/g, '')}` },
    { name: 'surrounding whitespace and several spaces', text: `  sha-256   ${HEX}\r\n` },
  ])('$name', ({ text }) => {
    expect(normalizeDtlsFingerprint(text)).toBe(CANONICAL);
  });

  it('reads the other SHA-2 lengths and SHA-1', () => {
    expect(parseDtlsFingerprint(`sha-1 ${'AB:'.repeat(19)}AB`).value).toHaveLength(20);
    expect(parseDtlsFingerprint(`sha-384 ${'ab'.repeat(48)}`).value).toHaveLength(48);
    expect(parseDtlsFingerprint(`sha-512 ${'01'.repeat(64)}`).hashFunction).toBe('sha-512');
  });

  it.each([
    { name: 'md5', text: `md5 ${'AB:'.repeat(15)}AB`, kind: 'unsupported' },
    { name: 'an unknown hash function', text: `blake3 ${HEX}`, kind: 'unsupported' },
    { name: 'too few bytes for sha-256', text: `sha-256 ${HEX.slice(3)}`, kind: 'invalid-argument' },
    { name: 'too many bytes', text: `sha-256 ${HEX}:00`, kind: 'invalid-argument' },
    { name: 'a single hex digit in a group', text: `sha-256 ${HEX.replace('E7', 'E')}`, kind: 'invalid-argument' },
    { name: 'colons in some places only', text: `sha-256 ${HEX.replace('E7:1F', 'E71F')}`, kind: 'invalid-argument' },
    { name: 'an odd number of digits', text: `sha-256 ${HEX.replace(/:/g, '').slice(1)}`, kind: 'invalid-argument' },
    { name: 'no hash function', text: HEX, kind: 'invalid-argument' },
    { name: 'a non-hex digit', text: `sha-256 ${HEX.replace('E7', 'G7')}`, kind: 'invalid-argument' },
    { name: 'empty', text: '', kind: 'invalid-argument' },
  ])('refuses $name: $kind', ({ text, kind }) => {
    let error: unknown;
    try {
      parseDtlsFingerprint(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).kind).toBe(kind);
  });

  it('random text is read or refused with a CoreError', async () => {
    const piece = fc.constantFrom('sha-256', 'SHA-1', 'a=fingerprint:', ' ', ':', 'AB', 'ab', '0', 'G', '\t', '\n', '-');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 120 }), fc.array(piece, { maxLength: 40 }).map((p) => p.join(''))), async (text) => {
        await okOrCoreError(() => parseDtlsFingerprint(text));
      }),
      { numRuns: 2000 },
    );
  });
});
