import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLatin1 } from '../../src/core/bytes.ts';
import { CoreError } from '../../src/core/errors.ts';
import { derFromPemOrDer, parsePem, toPem } from '../../src/core/pem.ts';
import { Workdir, exact } from '../helpers/openssl.ts';

describe('PEM (RFC 7468)', () => {
  it('reads what openssl writes and openssl reads what we write', () => {
    const w = new Workdir();
    w.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
    w.openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'k.pem', '-outform', 'DER', '-out', 'k.der');
    const [block] = parsePem(w.readText('k.pem'));
    expect(block?.label).toBe('PRIVATE KEY');
    expect(block?.der).toEqual(exact(w.read('k.der')));
    w.write('ours.pem', toPem('PRIVATE KEY', block!.der));
    w.openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'ours.pem', '-outform', 'DER', '-out', 'again.der');
    expect(exact(w.read('again.der'))).toEqual(block!.der);
    w.cleanup();
  });

  it('passes DER through and picks the wanted label', () => {
    const der = new Uint8Array([0x30, 0x00]);
    expect(derFromPemOrDer(der, ['CERTIFICATE']).der).toBe(der);
    const text = 'junk\n' + toPem('X', new Uint8Array([1])) + toPem('CERTIFICATE', new Uint8Array([2, 3]));
    expect(derFromPemOrDer(fromLatin1(text), ['CERTIFICATE']).der).toEqual(new Uint8Array([2, 3]));
    expect(() => derFromPemOrDer(fromLatin1(text), ['PRIVATE KEY'])).toThrow(CoreError);
  });

  it('never throws anything but CoreError on mangled PEM', () => {
    const good = toPem('CERTIFICATE', new Uint8Array(100).fill(7));
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.string({ maxLength: 3 }), (at, insert) => {
        const text = good.slice(0, at) + insert + good.slice(at + 1);
        try {
          parsePem(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CoreError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
