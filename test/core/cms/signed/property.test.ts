/**
 * Robustness: random bytes and mutated valid SignedData (flip, insert, delete, truncate) never make
 * verifySignedData, parseCertsOnly or signedDataCertificates throw anything but a CoreError, nor hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertsOnly, parseCertsOnly, signData, signedDataCertificates, verifySignedData } from '../../../../src/core/cms/signed/index.ts';
import { CoreError } from '../../../../src/core/errors.ts';
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

type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.op === 'flip') {
      if (out.length > 0) out[at % out.length]! ^= m.mask;
    } else if (m.op === 'insert') {
      out = new Uint8Array([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
    } else if (m.op === 'delete') {
      out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + m.count)]);
    } else {
      out = out.slice(0, at);
    }
  }
  return out;
}

/** Calls `fn`; passes when it returns or throws a CoreError; anything else fails the property. */
async function onlyCoreErrors(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof CoreError)) throw new Error(`threw a non-CoreError: ${String(error)}`, { cause: error });
  }
}

async function everyEntryPoint(bytes: Uint8Array, detached: boolean): Promise<void> {
  await onlyCoreErrors(() => verifySignedData(bytes, globalThis.crypto, detached ? { detachedContent: CONTENT.subarray(0, 64) } : {}));
  await onlyCoreErrors(() => verifySignedData(bytes, globalThis.crypto, { expectedSigner: alice.certificate }));
  await onlyCoreErrors(() => parseCertsOnly(bytes));
  await onlyCoreErrors(() => signedDataCertificates(bytes));
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
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, mutations) => {
        const sample = samples[which % samples.length]!;
        await everyEntryPoint(mutate(sample.bytes, mutations), sample.detached);
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
