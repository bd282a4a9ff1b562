/**
 * The real `openssl cms -encrypt` encrypts, ours must recover the exact bytes: AES-GCM and AES-CBC, EC recipients
 * with openssl's default sha1kdf and the other KDF hashes, RSA recipients with OAEP SHA-1 (openssl's default) and
 * SHA-256, recipients named by subjectKeyIdentifier, BER from `-stream`, and several recipients in one message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptEnvelope, OID } from '../../../../src/core/cms/envelope/index.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { type Identity, makeRecipients, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity; // P-256
let bob: Identity; // RSA-2048
let carol: Identity; // P-256
const content = sampleContent(777, 3);

beforeAll(async () => {
  ({ alice, bob, carol } = await makeRecipients(w));
  w.write('content.bin', content);
});
afterAll(() => w.cleanup());

/** `openssl cms -encrypt -binary -outform DER <cipher> [extra] -recip ... -keyopt ...` */
function opensslEncrypt(cipher: string, recipients: { who: Identity; keyopts?: string[] }[], extra: string[] = []): Uint8Array {
  const args = ['cms', '-encrypt', '-binary', '-outform', 'DER', `-${cipher}`, ...extra, '-in', 'content.bin', '-out', 'openssl.der'];
  for (const { who, keyopts = [] } of recipients) {
    args.push('-recip', who.certFile);
    for (const keyopt of keyopts) args.push('-keyopt', keyopt);
  }
  w.openssl(...args);
  return exact(w.read('openssl.der'));
}

const ciphers = [
  { flag: 'aes-128-gcm', cipher: 'AES-128-GCM' },
  { flag: 'aes-128-cbc', cipher: 'AES-128-CBC' },
  { flag: 'aes-256-cbc', cipher: 'AES-256-CBC' },
];
const recipientKinds: { name: string; who: () => Identity; keyopts: string[] }[] = [
  { name: 'EC, default sha1kdf', who: () => alice, keyopts: [] },
  { name: 'EC, ecdh_kdf_md:sha256', who: () => alice, keyopts: ['ecdh_kdf_md:sha256'] },
  { name: 'RSA, OAEP default SHA-1', who: () => bob, keyopts: ['rsa_padding_mode:oaep'] },
  { name: 'RSA, OAEP SHA-256', who: () => bob, keyopts: ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha256'] },
];
const matrix = ciphers.flatMap((c) => recipientKinds.map((r) => ({ ...c, ...r })));

describe('openssl cms -encrypt -> decryptEnvelope', () => {
  it.each(matrix)('-$flag to $name', async ({ flag, cipher, who, keyopts }) => {
    const message = opensslEncrypt(flag, [{ who: who(), keyopts }]);
    const opened = await decryptEnvelope(message, who(), globalThis.crypto);
    expect(opened.content).toEqual(content);
    expect(opened.cipher).toBe(cipher);
    expect(opened.contentType).toBe(OID.data);
  });

  it.each([
    { name: 'EC, ecdh_kdf_md:sha224 (our own SHA-224)', flag: 'aes-128-gcm', keyopts: ['ecdh_kdf_md:sha224'] },
    { name: 'EC, ecdh_kdf_md:sha384', flag: 'aes-128-gcm', keyopts: ['ecdh_kdf_md:sha384'] },
    { name: 'EC, ecdh_kdf_md:sha512', flag: 'aes-256-cbc', keyopts: ['ecdh_kdf_md:sha512'] },
    { name: 'EC, cofactor ECDH (same secret on P-256)', flag: 'aes-128-gcm', keyopts: ['ecdh_cofactor_mode:1'] },
    { name: 'EC, AES-192-GCM (id-aes192-wrap)', flag: 'aes-192-gcm', keyopts: [] },
    { name: 'EC, AES-256-GCM (id-aes256-wrap)', flag: 'aes-256-gcm', keyopts: [] },
    { name: 'EC, AES-192-CBC', flag: 'aes-192-cbc', keyopts: [] },
  ])('$name', async ({ flag, keyopts }) => {
    const message = opensslEncrypt(flag, [{ who: alice, keyopts }]);
    expect((await decryptEnvelope(message, alice, globalThis.crypto)).content).toEqual(content);
  });

  it.each([
    { name: 'EC', who: () => alice, keyopts: [] as string[] },
    { name: 'RSA', who: () => bob, keyopts: ['rsa_padding_mode:oaep'] },
  ])('finds an $name recipient named by subjectKeyIdentifier (-keyid)', async ({ who, keyopts }) => {
    const message = opensslEncrypt('aes-128-gcm', [{ who: who(), keyopts }], ['-keyid']);
    w.write('keyid.der', message);
    expect(w.openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'keyid.der').toString()).toMatch(/subjectKeyIdentifier|rKeyId/);
    expect((await decryptEnvelope(message, who(), globalThis.crypto)).content).toEqual(content);
  });

  it.each(['aes-128-gcm', 'aes-128-cbc'])('reads BER from -stream (indefinite lengths, constructed OCTET STRING), -%s', async (flag) => {
    const message = opensslEncrypt(flag, [{ who: alice }, { who: bob, keyopts: ['rsa_padding_mode:oaep'] }], ['-stream']);
    expect(message[1]).toBe(0x80); // indefinite length: really BER
    expect((await decryptEnvelope(message, alice, globalThis.crypto)).content).toEqual(content);
    expect((await decryptEnvelope(message, bob, globalThis.crypto)).content).toEqual(content);
  });

  it.each(ciphers)('each recipient of a mixed -$flag message finds its own RecipientInfo', async ({ flag }) => {
    const message = opensslEncrypt(flag, [
      { who: carol, keyopts: ['ecdh_kdf_md:sha256'] },
      { who: bob, keyopts: ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha256'] },
      { who: alice },
    ]);
    for (const who of [alice, bob, carol]) {
      expect((await decryptEnvelope(message, who, globalThis.crypto)).content, who.name).toEqual(content);
    }
  });
});
