/**
 * What the CMS code remembers per certificate (decoded fields, imported public keys, a signing key's match with its
 * certificate) must never change a result: equal bytes in a new array hit, other bytes never do, a key that is not
 * the certificate's fails every time, and the caches are bounded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipientCertificate } from '../../../src/core/cms/envelope/recipient-certificate.ts';
import { decryptThenVerify, signThenEncrypt } from '../../../src/core/cms/sign-then-encrypt.ts';
import { signData, verifySignedData } from '../../../src/core/cms/signed/index.ts';
import { readCertificate } from '../../../src/core/cms/signed/signer-certificate.ts';
import { DEFAULT_CACHE_CAPACITY } from '../../../src/core/der/index.ts';
import { type CoreErrorKind, isCoreError } from '../../../src/core/errors.ts';
import { createSelfSignedCertificate, type SelfSignedCredential } from '../../../src/core/x509/index.ts';

const crypto = globalThis.crypto;
const CONTENT = new TextEncoder().encode('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n');

let alice: SelfSignedCredential;
let bob: SelfSignedCredential;
let mallory: SelfSignedCredential;

beforeAll(async () => {
  const make = (name: string): Promise<SelfSignedCredential> => createSelfSignedCertificate({ aor: `sip:${name}@example.test` }, crypto);
  [alice, bob, mallory] = await Promise.all([make('alice'), make('bob'), make('mallory')]);
});

async function kindOf(promise: Promise<unknown>): Promise<CoreErrorKind> {
  try {
    await promise;
  } catch (error) {
    if (isCoreError(error)) return error.kind;
    throw error;
  }
  throw new Error('resolved, expected a CoreError');
}

/** The same certificate with the serial number's last two octets set to `n` (its signature no longer verifies). */
function withSerialEnding(der: Uint8Array, n: number): Uint8Array {
  const serial = readCertificate(der, 'invalid-argument').serialNumber;
  const end = indexOf(der, serial) + serial.length;
  const out = der.slice();
  out[end - 2] = (n >> 8) & 0xff;
  out[end - 1] = n & 0xff;
  return out;
}

/** The serial number's last two octets, as withSerialEnding sets them. */
function serialEnding(der: Uint8Array): number {
  const serial = readCertificate(der, 'invalid-argument').serialNumber;
  return (serial[serial.length - 2]! << 8) | serial[serial.length - 1]!;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}

describe('certificates read by the CMS code', () => {
  const readers: { name: string; read: (der: Uint8Array) => { serialNumber: Uint8Array } }[] = [
    { name: 'readCertificate (signing)', read: (der) => readCertificate(der, 'invalid-argument') },
    { name: 'parseRecipientCertificate (enveloping)', read: parseRecipientCertificate },
  ];

  it.each(readers)('$name: equal bytes in a new array give the same object', ({ read }) => {
    const first = read(alice.certificateDer);
    expect(read(alice.certificateDer.slice())).toBe(first);
    expect(read(new Uint8Array(alice.certificateDer))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it.each(readers)('$name: other bytes never give a remembered result', ({ read }) => {
    const first = read(alice.certificateDer);
    expect(read(bob.certificateDer)).not.toBe(first);
    const other = read(withSerialEnding(alice.certificateDer, serialEnding(alice.certificateDer) ^ 1));
    expect(other).not.toBe(first);
    expect(other.serialNumber).not.toEqual(first.serialNumber);
  });

  it.each(readers)('$name: an array changed in place is read again, not answered from before', ({ read }) => {
    const bytes = bob.certificateDer.slice();
    const before = read(bytes);
    const changed = withSerialEnding(bytes, serialEnding(bytes) ^ 0x4242);
    bytes.set(changed);
    const after = read(bytes);
    expect(after).not.toBe(before);
    expect(after).toEqual(read(changed));
    expect(read(bob.certificateDer)).toBe(before);
  });

  it('a certificate that cannot be read fails every time, with the kind its caller asks for', () => {
    const broken = alice.certificateDer.slice(0, 100);
    expect(() => readCertificate(broken, 'invalid-argument')).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => readCertificate(broken, 'malformed-cms')).toThrow(expect.objectContaining({ kind: 'malformed-cms' }));
    expect(() => parseRecipientCertificate(broken)).toThrow(expect.objectContaining({ kind: 'malformed-der' }));
  });

  it('the caches are bounded: after more certificates than they hold, the first is read again', () => {
    const first = readCertificate(mallory.certificateDer, 'invalid-argument');
    const firstRecipient = parseRecipientCertificate(mallory.certificateDer);
    for (let i = 0; i <= DEFAULT_CACHE_CAPACITY; i++) {
      const variant = withSerialEnding(alice.certificateDer, i);
      readCertificate(variant, 'invalid-argument');
      parseRecipientCertificate(variant);
    }
    const again = readCertificate(mallory.certificateDer, 'invalid-argument');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(parseRecipientCertificate(mallory.certificateDer)).not.toBe(firstRecipient);
  });
});

describe("signData's check that the key belongs to the certificate", () => {
  it('a key that is not the certificate\'s fails on the first and on every later call', async () => {
    const wrong = { certificate: alice.certificateDer, keys: mallory.keys };
    expect(await kindOf(signData(CONTENT, wrong, crypto))).toBe('invalid-argument');
    expect(await kindOf(signData(CONTENT, wrong, crypto))).toBe('invalid-argument');
    expect(await kindOf(signData(CONTENT, { certificate: alice.certificateDer.slice(), keys: mallory.keys }, crypto))).toBe('invalid-argument');
  });

  it('still fails after the key signed for its own certificate, and after the certificate was signed for with its key', async () => {
    await signData(CONTENT, { certificate: mallory.certificateDer, keys: mallory.keys }, crypto);
    await signData(CONTENT, { certificate: alice.certificateDer, keys: alice.keys }, crypto);
    expect(await kindOf(signData(CONTENT, { certificate: alice.certificateDer, keys: mallory.keys }, crypto))).toBe('invalid-argument');
    expect(await kindOf(signData(CONTENT, { certificate: mallory.certificateDer, keys: alice.keys }, crypto))).toBe('invalid-argument');
    expect(await kindOf(signThenEncrypt(CONTENT, { certificate: alice.certificateDer, keys: mallory.keys }, [bob.certificateDer], crypto))).toBe('invalid-argument');
  });

  it('the matching key signs again and again, and every signature verifies', async () => {
    for (let i = 0; i < 3; i++) {
      const signed = await signData(CONTENT, { certificate: alice.certificateDer.slice(), keys: alice.keys }, crypto);
      const verified = await verifySignedData(signed, crypto, { expectedSigner: alice.certificateDer.slice() });
      expect(verified.content).toEqual(CONTENT);
      expect(verified.signerCertificate).toEqual(alice.certificateDer);
    }
  });
});

describe('messages through the caches', () => {
  it('sign+encrypt and decrypt+verify give the same results with certificates in new arrays each time', async () => {
    for (let i = 0; i < 3; i++) {
      const sealed = await signThenEncrypt(CONTENT, { certificate: alice.certificateDer.slice(), keys: alice.keys }, [bob.certificateDer.slice(), alice.certificateDer.slice()], crypto);
      for (const [who, keys] of [[bob, bob.keys], [alice, alice.keys]] as const) {
        const opened = await decryptThenVerify(sealed, { certificate: who.certificateDer.slice(), keys }, crypto, { expectedSigner: alice.certificateDer.slice() });
        expect(opened.content).toEqual(CONTENT);
        expect(opened.signerCertificate).toEqual(alice.certificateDer);
      }
      expect(await kindOf(decryptThenVerify(sealed, { certificate: mallory.certificateDer, keys: mallory.keys }, crypto))).toBe('undecipherable');
      expect(await kindOf(decryptThenVerify(sealed, { certificate: bob.certificateDer, keys: bob.keys }, crypto, { expectedSigner: mallory.certificateDer }))).toBe(
        'untrusted-certificate',
      );
    }
  });

  it('results handed out are copies: changing them changes nothing remembered', async () => {
    const sealed = await signThenEncrypt(CONTENT, { certificate: alice.certificateDer, keys: alice.keys }, [bob.certificateDer], crypto);
    const opened = await decryptThenVerify(sealed, { certificate: bob.certificateDer, keys: bob.keys }, crypto, { expectedSigner: alice.certificateDer });
    opened.signerCertificate!.fill(0);
    const again = await decryptThenVerify(sealed, { certificate: bob.certificateDer, keys: bob.keys }, crypto, { expectedSigner: alice.certificateDer });
    expect(again.signerCertificate).toEqual(alice.certificateDer);
  });
});
