/**
 * Properties over hostile input: random bytes and mutated valid messages (test/helpers/mutations.ts) given to
 * decryptEnvelope and contentTypeOf either succeed or fail with a CoreError, never another exception, never a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, decryptEnvelope, encryptEnvelope } from '../../../../src/core/cms/envelope/index.ts';
import { CoreError } from '../../../../src/core/errors.ts';
import { mutate, mutations, okOrCoreError } from '../../../helpers/mutations.ts';
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

describe('decryptEnvelope on hostile input', () => {
  it('random bytes: a CoreError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 600 }).map((b) => Uint8Array.from([0x30, 0x82, ...b]))), async (bytes) => {
        expect(await okOrCoreError(() => decryptEnvelope(bytes, alice, globalThis.crypto))).toBeInstanceOf(CoreError);
        await okOrCoreError(() => contentTypeOf(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated valid messages: decrypted or a CoreError', async () => {
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, async (pick, changes) => {
        const seed = seeds[pick % seeds.length]!;
        const mutated = mutate(seed.message, changes);
        if ((await okOrCoreError(() => decryptEnvelope(mutated, seed.who(), globalThis.crypto))) !== 'ok') failures++;
        await okOrCoreError(() => contentTypeOf(mutated));
      }),
      { numRuns: RUNS },
    );
    expect(failures).toBeGreaterThan(RUNS / 2); // the mutations did reach the parser and the ciphers
  });

  it('every seed message decrypts unmutated', async () => {
    for (const seed of seeds) expect((await decryptEnvelope(seed.message, seed.who(), globalThis.crypto)).content, seed.name).toEqual(sampleContent(60));
  });
});
