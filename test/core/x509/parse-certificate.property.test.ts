import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, parseCertificate } from '../../../src/core/x509/index.ts';
import { mutate, mutations, okOrCoreError } from '../../helpers/mutations.ts';
import { fixture } from './fixture.ts';

/** Either a parsed certificate or a CoreError, within 2 s: anything else (TypeError, RangeError...) fails the property. */
async function parsesOrCoreError(input: Uint8Array): Promise<void> {
  await okOrCoreError(async () => expect((await parseCertificate(input, globalThis.crypto)).der.length).toBeGreaterThan(0), 2000);
}

describe('parseCertificate on hostile input', () => {
  it('never throws anything but a CoreError on random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), parsesOrCoreError), { numRuns: 500 });
  });

  it('never throws anything but a CoreError on DER-shaped random bytes', async () => {
    const derLike = fc.tuple(fc.constantFrom(0x30, 0x31, 0x02, 0x04, 0xa0, 0xa3), fc.uint8Array({ maxLength: 300 })).map(([tag, body]) =>
      Uint8Array.from([tag, ...(body.length < 128 ? [body.length] : [0x82, body.length >> 8, body.length & 0xff]), ...body]),
    );
    await fc.assert(fc.asyncProperty(derLike, parsesOrCoreError), { numRuns: 500 });
  });

  it('never throws anything but a CoreError on mutated certificates (ours P-256, openssl RSA)', async () => {
    const ours = (await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, globalThis.crypto)).certificateDer;
    const base = fc.constantFrom(ours, fixture('bob-rsa2048.cert.der'));
    await fc.assert(
      fc.asyncProperty(base, mutations, (der, ms) => parsesOrCoreError(mutate(der, ms))),
      { numRuns: 500 },
    );
  });
});
