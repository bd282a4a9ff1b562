/**
 * Refusals: messages not for us, wrong keys, tampering, algorithms we do not implement, broken input. Each is a
 * CoreError of the kind the UI explains (docs/style.md convention 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, decryptEnvelope, encryptEnvelope, type EncryptionCipher } from '../../../../src/core/cms/envelope/index.ts';
import { CoreError, type CoreErrorKind, isCoreError } from '../../../../src/core/errors.ts';
import { derFromPemOrDer } from '../../../../src/core/pem.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { type Identity, makeIdentity, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity; // P-256
let bob: Identity; // RSA
let carol: Identity; // P-256, not a recipient
let dave: Identity; // RSA, not a recipient

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([
    makeIdentity(w, 'alice', 'ec'),
    makeIdentity(w, 'bob', 'rsa'),
    makeIdentity(w, 'carol', 'ec'),
    makeIdentity(w, 'dave', 'rsa'),
  ]);
  w.write('content.bin', sampleContent(100));
});
afterAll(() => w.cleanup());

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(error)}`);
  return error;
}

async function expectKind(promise: Promise<unknown>, kind: CoreErrorKind, message?: RegExp): Promise<void> {
  const error = await rejection(promise);
  expect(error.kind, error.message).toBe(kind);
  if (message) expect(error.message).toMatch(message);
}

function flip(message: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = message.slice();
  out[index]! ^= mask;
  return out;
}

const encryptTo = (cipher: EncryptionCipher, content: Uint8Array, ...who: Identity[]): Promise<Uint8Array> =>
  encryptEnvelope(content, who.map((i) => i.certificate), globalThis.crypto, { cipher });

describe('decryptEnvelope refuses', () => {
  it.each(['AES-128-GCM', 'AES-128-CBC'] as const)('a %s message not encrypted to us: undecipherable, no recipient', async (cipher) => {
    const message = await encryptTo(cipher, sampleContent(50), alice, bob);
    for (const stranger of [carol, dave]) {
      await expectKind(decryptEnvelope(message, stranger, globalThis.crypto), 'undecipherable', /no recipient for this certificate/);
    }
  });

  it.each(['AES-128-GCM', 'AES-256-CBC'] as const)('%s: our certificate with the wrong private key: undecipherable', async (cipher) => {
    const message = await encryptTo(cipher, sampleContent(50), alice, bob);
    // The RecipientInfo names alice, but the ECDH secret (carol's key) gives another KEK: AES key unwrap fails.
    await expectKind(decryptEnvelope(message, { certificate: alice.certificate, keys: carol.keys }, globalThis.crypto), 'undecipherable', /unwrap/);
    // The RecipientInfo names bob, but dave's key cannot OAEP-decrypt the content-encryption key.
    await expectKind(decryptEnvelope(message, { certificate: bob.certificate, keys: dave.keys }, globalThis.crypto), 'undecipherable', /RSA-OAEP/);
  });

  it('a certificate and a private key of different types: invalid-argument', async () => {
    const message = await encryptTo('AES-128-GCM', sampleContent(50), alice);
    await expectKind(decryptEnvelope(message, { certificate: alice.certificate, keys: bob.keys }, globalThis.crypto), 'invalid-argument');
  });

  it('a flipped byte in the GCM ciphertext or in the tag: undecipherable', async () => {
    const message = await encryptTo('AES-128-GCM', sampleContent(50), alice, bob);
    const n = message.length;
    // AuthEnvelopedData ends with the mac OCTET STRING (04 10 + 16 octets), right after the ciphertext.
    expect([message[n - 18], message[n - 17]]).toEqual([0x04, 0x10]);
    for (const index of [n - 1, n - 16, n - 19, n - 19 - 49]) {
      for (const who of [alice, bob]) {
        await expectKind(decryptEnvelope(flip(message, index), who, globalThis.crypto), 'undecipherable', /authentication tag mismatch: tampered or wrong key/);
      }
    }
  });

  it('a flipped byte in the last CBC block padding: undecipherable', async () => {
    // 48 octets of content: three blocks and a whole block of padding (16 x 0x10), the last 64 octets.
    const message = await encryptTo('AES-128-CBC', sampleContent(48), alice);
    // Flipping the last bit of the penultimate ciphertext block flips the last padding octet to 0x11.
    await expectKind(decryptEnvelope(flip(message, message.length - 17), alice, globalThis.crypto), 'undecipherable', /bad padding/);
  });

  it('a flipped byte in an earlier CBC block is NOT detected: CBC has no integrity', async () => {
    // Documented limit (content-encryption.ts): the content decrypts to other bytes. SealPhone signs inside the
    // envelope (sign, then encrypt), so the inner signature is what rejects such a message.
    const content = sampleContent(48);
    const message = await encryptTo('AES-128-CBC', content, alice);
    const opened = await decryptEnvelope(flip(message, message.length - 64), alice, globalThis.crypto);
    expect(opened.content).not.toEqual(content);
    expect(opened.content.length).toBe(content.length);
  });

  it('openssl RSA recipients without OAEP (RSAES-PKCS1-v1_5, its default): unsupported', async () => {
    w.openssl('cms', '-encrypt', '-binary', '-outform', 'DER', '-aes-128-cbc', '-in', 'content.bin', '-out', 'v15.der', bob.certFile);
    await expectKind(decryptEnvelope(exact(w.read('v15.der')), bob, globalThis.crypto), 'unsupported', /PKCS1-v1_5/);
  });

  it('a content cipher we do not implement (-des3): unsupported', async () => {
    w.openssl('cms', '-encrypt', '-binary', '-outform', 'DER', '-des3', '-in', 'content.bin', '-out', 'des.der', alice.certFile);
    await expectKind(decryptEnvelope(exact(w.read('des.der')), alice, globalThis.crypto), 'unsupported', /1\.2\.840\.113549\.3\.7/);
  });

  it('a ContentInfo that is not enveloped (SignedData): unsupported', async () => {
    w.openssl('cms', '-sign', '-binary', '-outform', 'DER', '-in', 'content.bin', '-out', 'signed.der', '-signer', alice.certFile, '-inkey', alice.keyFile);
    const signed = exact(w.read('signed.der'));
    expect(contentTypeOf(signed)).toBe('1.2.840.113549.1.7.2');
    await expectKind(decryptEnvelope(signed, alice, globalThis.crypto), 'unsupported');
  });

  it.each([
    { name: 'empty input', input: new Uint8Array(0), kind: 'malformed-der' as const },
    { name: 'not DER', input: new Uint8Array([0x30, 0x80, 0x01]), kind: 'malformed-der' as const },
    { name: 'trailing bytes', input: new Uint8Array([0x30, 0x00, 0x00]), kind: 'malformed-der' as const },
    { name: 'DER, not a ContentInfo', input: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), kind: 'malformed-cms' as const },
    { name: 'EnvelopedData without a body', input: new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03, 0xa0, 0x00]), kind: 'malformed-cms' as const },
  ])('$name: $kind', async ({ input, kind }) => {
    await expectKind(decryptEnvelope(input, alice, globalThis.crypto), kind);
    expect(() => contentTypeOf(input)).toThrow(CoreError);
  });
});

describe('encryptEnvelope refuses', () => {
  it('no recipients, or an unknown cipher: invalid-argument', async () => {
    await expectKind(encryptEnvelope(sampleContent(5), [], globalThis.crypto, { cipher: 'AES-128-GCM' }), 'invalid-argument');
    const options = { cipher: 'AES-128-ECB' } as unknown as { cipher: EncryptionCipher };
    await expectKind(encryptEnvelope(sampleContent(5), [alice.certificate], globalThis.crypto, options), 'invalid-argument');
  });

  it('a certificate that is not one: malformed-der or malformed-certificate', async () => {
    await expectKind(encryptEnvelope(sampleContent(5), [new Uint8Array([1, 2, 3])], globalThis.crypto), 'malformed-der');
    await expectKind(encryptEnvelope(sampleContent(5), [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])], globalThis.crypto), 'malformed-certificate');
  });

  it.each([
    { name: 'P-384', keyArgs: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'] },
    { name: 'Ed25519', keyArgs: ['-newkey', 'ed25519'] },
  ])('a $name certificate: unsupported', async ({ name, keyArgs }) => {
    w.openssl('req', '-x509', '-new', ...keyArgs, '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1');
    const certificate = derFromPemOrDer(exact(w.read(`${name}.crt`)), ['CERTIFICATE']).der;
    await expectKind(encryptEnvelope(sampleContent(5), [alice.certificate, certificate], globalThis.crypto), 'unsupported');
  });

  it('never throws anything but CoreError, even for nonsense arguments', async () => {
    const nonsense = [null, undefined, 'text', [null], [new Uint8Array(0)]] as unknown as Uint8Array[][];
    for (const recipients of nonsense) {
      const error = await rejection(encryptEnvelope(sampleContent(5), recipients, globalThis.crypto));
      expect(isCoreError(error)).toBe(true);
    }
  });
});
