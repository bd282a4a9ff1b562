/**
 * Properties over hostile input: random bytes and mutated valid messages (flip, insert, delete, truncate) given
 * to decryptEnvelope and contentTypeOf either succeed or fail with a CoreError, never another exception, never
 * a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, decryptEnvelope, encryptEnvelope } from '../../../../src/core/cms/envelope/index.ts';
import { CoreError } from '../../../../src/core/errors.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { type Identity, makeIdentity, sampleContent } from './identities.ts';

const RUNS = 300;
const w = new Workdir();
let alice: Identity; // P-256
let bob: Identity; // RSA
const seeds: { name: string; message: Uint8Array; who: () => Identity }[] = [];

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeIdentity(w, 'alice', 'ec'), makeIdentity(w, 'bob', 'rsa')]);
  const content = sampleContent(60);
  const both = [alice.certificate, bob.certificate];
  const gcm = await encryptEnvelope(content, both, globalThis.crypto, { cipher: 'AES-128-GCM' });
  const cbc = await encryptEnvelope(content, both, globalThis.crypto, { cipher: 'AES-256-CBC' });
  w.write('content.bin', content);
  w.openssl('cms', '-encrypt', '-binary', '-outform', 'DER', '-stream', '-aes-128-gcm', '-in', 'content.bin', '-out', 'ber.der', '-recip', alice.certFile, '-recip', bob.certFile, '-keyopt', 'rsa_padding_mode:oaep');
  const ber = exact(w.read('ber.der'));
  seeds.push(
    { name: 'ours, GCM, for the EC key', message: gcm, who: () => alice },
    { name: 'ours, GCM, for the RSA key', message: gcm, who: () => bob },
    { name: 'ours, CBC, for the EC key', message: cbc, who: () => alice },
    { name: 'ours, CBC, for the RSA key', message: cbc, who: () => bob },
    { name: 'openssl -stream BER, for the EC key', message: ber, who: () => alice },
    { name: 'openssl -stream BER, for the RSA key', message: ber, who: () => bob },
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
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(message: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = message.slice();
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.op === 'flip' && at < out.length) out[at]! ^= m.mask;
    if (m.op === 'insert') out = Uint8Array.from([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
    if (m.op === 'delete') out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
    if (m.op === 'truncate') out = out.slice(0, at);
  }
  return out;
}

/** Resolves to 'ok' or the error; a call that takes more than 5 s counts as a hang. */
async function settle(promise: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('hang: no answer within 5 s')), 5000);
  });
  try {
    await Promise.race([promise, hang]);
    return 'ok';
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
  }
}

function expectOkOrCoreError(outcome: unknown): void {
  if (outcome !== 'ok' && !(outcome instanceof CoreError)) throw new Error(`not a CoreError: ${String(outcome)}`, { cause: outcome });
}

function contentTypeOutcome(bytes: Uint8Array): unknown {
  try {
    contentTypeOf(bytes);
    return 'ok';
  } catch (error) {
    return error;
  }
}

describe('decryptEnvelope on hostile input', () => {
  it('random bytes: a CoreError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 600 }).map((b) => Uint8Array.from([0x30, 0x82, ...b]))), async (bytes) => {
        const outcome = await settle(decryptEnvelope(bytes, alice, globalThis.crypto));
        expect(outcome).toBeInstanceOf(CoreError);
        expectOkOrCoreError(contentTypeOutcome(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated valid messages (flip, insert, delete, truncate): decrypted or a CoreError', async () => {
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (pick, mutations) => {
        const seed = seeds[pick % seeds.length]!;
        const mutated = mutate(seed.message, mutations);
        const outcome = await settle(decryptEnvelope(mutated, seed.who(), globalThis.crypto));
        expectOkOrCoreError(outcome);
        expectOkOrCoreError(contentTypeOutcome(mutated));
        if (outcome !== 'ok') failures++;
      }),
      { numRuns: RUNS },
    );
    expect(failures).toBeGreaterThan(RUNS / 2); // the mutations did reach the parser and the ciphers
  });

  it('every seed message decrypts unmutated', async () => {
    for (const seed of seeds) expect((await decryptEnvelope(seed.message, seed.who(), globalThis.crypto)).content, seed.name).toEqual(sampleContent(60));
  });
});
