import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptPrivateKeyInfo, encryptPrivateKeyInfo, readPrivateKey } from '../../../src/core/pkcs8/index.ts';
import { mutate, mutations, okOrCoreError } from '../../helpers/mutations.ts';
import { FIXTURE_PASSPHRASE, fixture } from '../x509/fixture.ts';

/** Either clear key bytes or a CoreError, within 2 s: anything else fails the property. */
async function opensOrCoreError(open: () => Promise<Uint8Array>): Promise<void> {
  await okOrCoreError(async () => expect((await open()).length).toBeGreaterThan(0), 2000);
}

describe('decryptPrivateKeyInfo on hostile input', () => {
  it('never throws anything but a CoreError on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), (bytes) => opensOrCoreError(() => decryptPrivateKeyInfo(bytes, 'pw', globalThis.crypto))),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a CoreError on mutated blobs (ours with 1000 iterations, openssl SHA-224)', async () => {
    const ours = await encryptPrivateKeyInfo(fixture('bob-p256.key.der'), FIXTURE_PASSPHRASE, globalThis.crypto, { iterations: 1000 });
    const base = fc.constantFrom(ours, fixture('bob-p256.aes256-sha224.epk.der'), fixture('bob-p256.aes128-sha1.epk.der'));
    await fc.assert(
      fc.asyncProperty(base, mutations, (epki, ms) => opensOrCoreError(() => decryptPrivateKeyInfo(mutate(epki, ms), FIXTURE_PASSPHRASE, globalThis.crypto))),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a CoreError from readPrivateKey on mutated PEM and clear keys', async () => {
    const base = fc.constantFrom(fixture('bob-p256.aes256-sha256.epk.pem'), fixture('bob-p256.key.der'), fixture('bob-p256.key.pem'));
    await fc.assert(
      fc.asyncProperty(base, mutations, (bytes, ms) => opensOrCoreError(() => readPrivateKey(mutate(bytes, ms), FIXTURE_PASSPHRASE, globalThis.crypto))),
      { numRuns: 500 },
    );
  });
});
