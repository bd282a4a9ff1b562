/**
 * Ours encrypts, the real `openssl cms -decrypt` must recover the exact bytes, for every recipient of the
 * message: AES-128-GCM (AuthEnvelopedData) and AES-CBC (EnvelopedData) x EC, RSA and mixed recipients.
 */
import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, decryptEnvelope, encryptEnvelope, type EncryptionCipher, OID } from '../../../../src/core/cms/envelope/index.ts';
import { importPrivateKeySet } from '../../../../src/core/keys.ts';
import { Workdir } from '../../../helpers/openssl.ts';
import { type Identity, makeRecipients, opensslDecrypt, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity; // P-256
let bob: Identity; // RSA-2048
let carol: Identity; // P-256

beforeAll(async () => {
  ({ alice, bob, carol } = await makeRecipients(w));
});
afterAll(() => w.cleanup());

const ciphers: { cipher: EncryptionCipher; contentType: string; printed: string; wrap: string }[] = [
  { cipher: 'AES-128-GCM', contentType: OID.authEnvelopedData, printed: 'aes-128-gcm', wrap: 'id-aes128-wrap' },
  { cipher: 'AES-128-CBC', contentType: OID.envelopedData, printed: 'aes-128-cbc', wrap: 'id-aes128-wrap' },
  { cipher: 'AES-256-CBC', contentType: OID.envelopedData, printed: 'aes-256-cbc', wrap: 'id-aes256-wrap' },
];
const recipientSets: { name: string; who: () => Identity[] }[] = [
  { name: 'EC recipient', who: () => [alice] },
  { name: 'RSA recipient', who: () => [bob] },
  { name: 'EC, RSA and EC recipients together', who: () => [alice, bob, carol] },
];
const cases = ciphers.flatMap((c) => recipientSets.map((r) => ({ ...c, ...r })));

describe('encryptEnvelope -> openssl cms -decrypt', () => {
  it.each(cases)('$cipher to $name', async ({ cipher, contentType, printed, wrap, who }) => {
    const content = sampleContent(1000 + cipher.length);
    const recipients = who();
    const message = await encryptEnvelope(content, recipients.map((r) => r.certificate), globalThis.crypto, { cipher });
    expect(contentTypeOf(message)).toBe(contentType);

    // The structure openssl sees: the content cipher, ECDH sha256kdf + wrap sized to the key, OAEP with SHA-256.
    w.write('printed.der', message);
    const printedStructure = w.openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'printed.der').toString();
    expect(printedStructure).toContain(printed);
    if (recipients.some((r) => r.keys.type === 'P-256')) {
      expect(printedStructure).toContain('dhSinglePass-stdDH-sha256kdf-scheme');
      expect(printedStructure).toContain(wrap);
      expect(printedStructure).toContain('ukm: <ABSENT>');
    }
    if (recipients.some((r) => r.keys.type === 'RSA')) expect(printedStructure).toMatch(/rsaesOaep[\s\S]*sha256[\s\S]*mgf1[\s\S]*sha256/);
    if (cipher === 'AES-128-GCM') expect(printedStructure).toContain('authAttrs:\n      <ABSENT>');

    for (const recipient of recipients) {
      expect(opensslDecrypt(w, message, recipient), `openssl as ${recipient.name}`).toEqual(content);
      const ours = await decryptEnvelope(message, recipient, globalThis.crypto);
      expect(ours.content).toEqual(content);
      expect(ours.cipher).toBe(cipher);
      expect(ours.contentType).toBe(OID.data);
    }
  });

  it('writes DER that openssl re-encodes to the same bytes (definite lengths, sorted SET OF)', async () => {
    const message = await encryptEnvelope(sampleContent(64), [alice.certificate, bob.certificate, carol.certificate], globalThis.crypto, { cipher: 'AES-128-GCM' });
    w.write('der.der', message);
    w.openssl('cms', '-cmsout', '-inform', 'DER', '-in', 'der.der', '-outform', 'DER', '-out', 'reencoded.der');
    expect(w.read('reencoded.der')).toEqual(message);
  });

  it('encrypts empty content', async () => {
    for (const cipher of ['AES-128-GCM', 'AES-128-CBC'] as const) {
      const message = await encryptEnvelope(new Uint8Array(0), [alice.certificate, bob.certificate], globalThis.crypto, { cipher });
      expect(opensslDecrypt(w, message, alice)).toEqual(new Uint8Array(0));
      expect(opensslDecrypt(w, message, bob)).toEqual(new Uint8Array(0));
    }
  });

  it('works with @peculiar/webcrypto as the Crypto, both ways', async () => {
    const peculiar = new PeculiarCrypto() as unknown as Crypto;
    const content = sampleContent(300, 7);
    for (const cipher of ['AES-128-GCM', 'AES-256-CBC'] as const) {
      const message = await encryptEnvelope(content, [alice.certificate, bob.certificate], peculiar, { cipher });
      expect(opensslDecrypt(w, message, alice)).toEqual(content);
      expect(opensslDecrypt(w, message, bob)).toEqual(content);
      for (const who of [alice, bob]) {
        const keys = await importPrivateKeySet(who.privateKeyInfo, peculiar);
        const opened = await decryptEnvelope(message, { certificate: who.certificate, keys }, peculiar);
        expect(opened.content).toEqual(content);
      }
    }
  });
});
