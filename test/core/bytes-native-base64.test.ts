/**
 * bytes.ts uses the platform's base64 (TC39 `Uint8Array.fromBase64` and `toBase64`) where it exists, as in Chromium;
 * Node 20 has none, so here the two are given (backed by Node's Buffer) before the module is loaded, and the results
 * must be those of the loops: the same bytes, the same 76-column lines, and the same refusals.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as loops from '../../src/core/bytes.ts';
import { CoreError } from '../../src/core/errors.ts';

type Native = { fromBase64?: (text: string) => Uint8Array };
type NativeProto = { toBase64?: () => string };
let native: typeof loops;
const used = { from: 0, to: 0 };

beforeAll(async () => {
  (Uint8Array as unknown as Native).fromBase64 = (text) => {
    used.from++;
    return new Uint8Array(Buffer.from(text, 'base64'));
  };
  (Uint8Array.prototype as unknown as NativeProto).toBase64 = function (this: Uint8Array) {
    used.to++;
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('base64');
  };
  vi.resetModules();
  native = await import('../../src/core/bytes.ts');
});

afterAll(() => {
  delete (Uint8Array as unknown as Native).fromBase64;
  delete (Uint8Array.prototype as unknown as NativeProto).toBase64;
});

describe('base64 through the platform (Uint8Array.fromBase64 / toBase64)', () => {
  it('encodes and decodes as the loops do, with and without 76-column lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.constantFrom(0, 64, 76), (bytes, lineLength) => {
        const text = native.toBase64(bytes, lineLength);
        expect(text).toBe(loops.toBase64(bytes, lineLength));
        expect(native.fromBase64(text)).toEqual(bytes);
      }),
    );
    expect(used.to).toBeGreaterThan(0);
    expect(used.from).toBeGreaterThan(0);
  });

  /** The error thrown, or undefined (the reloaded module has its own CoreError class: compare by name and kind). */
  const thrown = (decode: () => unknown): { name: string; kind: string } | undefined => {
    try {
      decode();
      return undefined;
    } catch (error) {
      return { name: (error as CoreError).name, kind: (error as CoreError).kind };
    }
  };

  it.each(['Zg=', 'Zm9v!', 'Z===', '=Zg=', 'Zg==Zg==', 'Zm9=v', 'Zm-_'])('refuses %j as the loop does, with a CoreError', (text) => {
    const want = { name: 'CoreError', kind: 'malformed-mime' };
    expect(thrown(() => loops.fromBase64(text, 'malformed-mime'))).toEqual(want);
    expect(thrown(() => native.fromBase64(text, 'malformed-mime'))).toEqual(want);
  });
});
