/**
 * Robustness: random bytes and mutated valid SignedData (test/helpers/mutations.ts) never make
 * verifySignedData, parseCertsOnly or signedDataCertificates throw anything but a CoreError, nor hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertsOnly, parseCertsOnly, signData, signedDataCertificates, verifySignedData } from '../../../../src/core/cms/signed/index.ts';
import { CoreError } from '../../../../src/core/errors.ts';
import { mutate, mutations, okOrCoreError } from '../../../helpers/mutations.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { CONTENT, type Identity, makeIdentity } from './identities.ts';

const RUNS = 300;

let w: Workdir;
let alice: Identity;
const samples: { name: string; bytes: Uint8Array; detached: boolean }[] = [];

beforeAll(async () => {
  w = new Workdir();
  alice = await makeIdentity(w, 'EC', 'alice');
  const bob = await makeIdentity(w, 'RSA', 'bob');
  w.write('content.bin', CONTENT.subarray(0, 64));
  w.openssl('cms', '-sign', '-binary', '-nodetach', '-stream', '-md', 'sha256', '-outform', 'DER', '-signer', bob.certFile, '-inkey', bob.keyFile,
    '-in', 'content.bin', '-out', 'stream.der');
  samples.push(
    { name: 'ours, EC, encapsulated', bytes: await signData(CONTENT.subarray(0, 64), alice, globalThis.crypto), detached: false },
    { name: 'ours, RSA, detached', bytes: await signData(CONTENT.subarray(0, 64), bob, globalThis.crypto, { detached: true }), detached: true },
    { name: 'openssl, RSA, BER stream', bytes: exact(w.read('stream.der')), detached: false },
    { name: 'ours, certs-only', bytes: buildCertsOnly([alice.certificate, bob.certificate]), detached: false },
  );
});
afterAll(() => w.cleanup());

async function everyEntryPoint(bytes: Uint8Array, detached: boolean): Promise<void> {
  await okOrCoreError(() => verifySignedData(bytes, globalThis.crypto, detached ? { detachedContent: CONTENT.subarray(0, 64) } : {}));
  await okOrCoreError(() => verifySignedData(bytes, globalThis.crypto, { expectedSigner: alice.certificate }));
  await okOrCoreError(() => parseCertsOnly(bytes));
  await okOrCoreError(() => signedDataCertificates(bytes));
}

describe('never anything but CoreError', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0x30, 0x80, ...b]))), (bytes) =>
        everyEntryPoint(bytes, false),
      ),
      { numRuns: RUNS },
    );
  });

  it('mutated valid SignedData', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, async (which, changes) => {
        const sample = samples[which % samples.length]!;
        await everyEntryPoint(mutate(sample.bytes, changes), sample.detached);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('single-byte flips at every offset: a CoreError, or the original content', async () => {
    // Exhaustive rather than random. A flip inside the carried certificate away from its key, issuer and serial
    // still verifies (the certificate's own signature is not checked: no PKI validation, the caller pins the
    // signer); the content must then come back unchanged.
    const sample = samples[0]!;
    for (let at = 0; at < sample.bytes.length; at++) {
      const mutated = sample.bytes.slice();
      mutated[at]! ^= 0x04;
      for (const pin of [false, true]) {
        try {
          const result = await verifySignedData(mutated, globalThis.crypto, pin ? { expectedSigner: alice.certificate } : {});
          expect(result.content).toEqual(CONTENT.subarray(0, 64));
          if (pin) expect(result.signerCertificate).toEqual(alice.certificate);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }
    }
  }, 120_000);
});
