/** What verifySignedData and signData refuse, and with which CoreError kind. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertsOnly, signData, verifySignedData } from '../../../../src/core/cms/signed/index.ts';
import { type CoreErrorKind, isCoreError } from '../../../../src/core/errors.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { flip, indexOf } from './bytes-search.ts';
import { CONTENT, type Identity, makeIdentity } from './identities.ts';

const ID_DATA_OID = new Uint8Array([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
const SIGNING_TIME = new Date('2026-01-02T03:04:05Z');

let w: Workdir;
let alice: Identity;
let bob: Identity;
let mallory: Identity;
const messages: Record<string, Uint8Array> = {};

beforeAll(async () => {
  w = new Workdir();
  alice = await makeIdentity(w, 'EC', 'alice');
  bob = await makeIdentity(w, 'RSA', 'bob');
  mallory = await makeIdentity(w, 'EC', 'mallory');
  messages.ec = await signData(CONTENT, alice, globalThis.crypto, { signingTime: SIGNING_TIME });
  messages.rsa = await signData(CONTENT, bob, globalThis.crypto, { signingTime: SIGNING_TIME });
  messages.detached = await signData(CONTENT, alice, globalThis.crypto, { detached: true });
  w.write('content.bin', CONTENT);
  w.openssl('cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER', '-signer', alice.certFile, '-inkey', alice.keyFile,
    '-in', 'content.bin', '-out', 'theirs.der');
  messages.openssl = exact(w.read('theirs.der'));
});
afterAll(() => w.cleanup());

async function rejection(promise: Promise<unknown>): Promise<{ kind: CoreErrorKind; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isCoreError(error)) throw new Error(`not a CoreError: ${String(error)}`);
    return { kind: error.kind, message: error.message };
  }
  throw new Error('resolved, expected a rejection');
}

describe('verifySignedData refuses', () => {
  const cases: { name: string; message: () => Uint8Array; options?: () => Parameters<typeof verifySignedData>[2]; kind: CoreErrorKind; reason?: RegExp }[] = [
    ...(['ec', 'rsa', 'openssl'] as const).flatMap((m) => [
      {
        name: `${m}: a flipped byte in the encapsulated content`,
        message: () => flip(messages[m]!, indexOf(messages[m]!, CONTENT.subarray(40, 56)) + 5),
        kind: 'bad-signature' as const,
        reason: /message digest mismatch/,
      },
      {
        name: `${m}: a flipped byte in the signature (the last byte of the message)`,
        message: () => flip(messages[m]!, messages[m]!.length - 1),
        kind: 'bad-signature' as const,
        reason: /signature does not verify/,
      },
      {
        name: `${m}: expectedSigner is another certificate`,
        message: () => messages[m]!,
        options: () => ({ expectedSigner: mallory.certificate }),
        kind: 'untrusted-certificate' as const,
      },
    ]),
    {
      name: 'a changed signing time (signed attribute)',
      message: () => flip(messages.ec!, indexOf(messages.ec!, new TextEncoder().encode('260102030405Z')) + 11, 0x02),
      kind: 'bad-signature',
      reason: /signature does not verify/,
    },
    {
      name: 'a changed eContentType (content-type attribute no longer matches)',
      message: () => flip(messages.ec!, indexOf(messages.ec!, ID_DATA_OID) + 10, 0x07),
      kind: 'bad-signature',
      reason: /content type mismatch/,
    },
    { name: 'a detached signature without its content', message: () => messages.detached!, kind: 'malformed-cms' },
    {
      name: 'a detached signature with another content',
      message: () => messages.detached!,
      options: () => ({ detachedContent: flip(CONTENT, 0) }),
      kind: 'bad-signature',
      reason: /message digest mismatch/,
    },
    {
      name: 'an encapsulated signature given a detached content',
      message: () => messages.ec!,
      options: () => ({ detachedContent: CONTENT }),
      kind: 'malformed-cms',
    },
    { name: 'a signer certificate not yet valid at `now`', message: () => messages.ec!, options: () => ({ now: new Date('2000-01-01T00:00:00Z') }), kind: 'expired' },
    { name: 'a signer certificate expired at `now`', message: () => messages.rsa!, options: () => ({ now: new Date('2100-01-01T00:00:00Z') }), kind: 'expired' },
    { name: 'a certs-only message (nothing signed)', message: () => buildCertsOnly([alice.certificate]), kind: 'bad-signature', reason: /no SignerInfo/ },
    { name: 'garbage', message: () => new Uint8Array([1, 2, 3]), kind: 'malformed-der' },
    { name: 'an empty array', message: () => new Uint8Array(0), kind: 'malformed-der' },
    { name: 'trailing bytes', message: () => new Uint8Array([...messages.ec!, 0]), kind: 'malformed-der' },
    { name: 'a DER SEQUENCE that is no ContentInfo', message: () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), kind: 'malformed-cms' },
    { name: 'a malformed expectedSigner', message: () => messages.ec!, options: () => ({ expectedSigner: new Uint8Array([0x30, 0]) }), kind: 'invalid-argument' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { kind, message } = await rejection(verifySignedData(c.message(), globalThis.crypto, c.options?.()));
      expect(kind).toBe(c.kind);
      if (c.reason) expect(message).toMatch(c.reason);
    });
  }

  it('an EnvelopedData made by openssl is not SignedData', async () => {
    w.openssl('cms', '-encrypt', '-binary', '-aes-128-cbc', '-outform', 'DER', '-in', 'content.bin', '-out', 'env.der', bob.certFile);
    expect(await rejection(verifySignedData(exact(w.read('env.der')), globalThis.crypto))).toMatchObject({ kind: 'malformed-cms', message: /not SignedData/ });
  });

  it('the untampered messages verify (the cases above fail for the stated reason only)', async () => {
    for (const m of ['ec', 'rsa', 'openssl']) expect((await verifySignedData(messages[m]!, globalThis.crypto)).content).toEqual(CONTENT);
    expect((await verifySignedData(messages.detached!, globalThis.crypto, { detachedContent: CONTENT })).content).toEqual(CONTENT);
    expect((await verifySignedData(messages.ec!, globalThis.crypto)).signingTime).toEqual(SIGNING_TIME);
  });
});

describe('signData refuses', () => {
  const cases: { name: string; run: () => Promise<unknown> }[] = [
    { name: 'a P-256 key with an RSA certificate', run: () => signData(CONTENT, { certificate: bob.certificate, keys: alice.keys }, globalThis.crypto) },
    { name: 'a P-256 key with another P-256 certificate', run: () => signData(CONTENT, { certificate: mallory.certificate, keys: alice.keys }, globalThis.crypto) },
    { name: 'a signer certificate that is not one', run: () => signData(CONTENT, { certificate: CONTENT, keys: alice.keys }, globalThis.crypto) },
    { name: 'an eContentType that is not an OID', run: () => signData(CONTENT, alice, globalThis.crypto, { eContentType: 'data' }) },
    { name: 'an extra certificate that is not one', run: () => signData(CONTENT, alice, globalThis.crypto, { extraCertificates: [new Uint8Array(4)] }) },
    { name: 'an invalid signing time', run: () => signData(CONTENT, alice, globalThis.crypto, { signingTime: new Date(Number.NaN) }) },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect((await rejection(c.run())).kind).toBe('invalid-argument');
    });
  }
});
