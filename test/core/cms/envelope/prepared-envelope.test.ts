/**
 * prepareEnvelope (encrypt-envelope.ts): the content key and key agreement of the next message to the same
 * recipients are made ahead. The message must still be one openssl decrypts for every recipient, each prepared
 * envelope must serve one message only (fresh ephemeral keys and content key per message), and other recipients,
 * another cipher or another Crypto must not get it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptEnvelope, prepareEnvelope } from '../../../../src/core/cms/envelope/index.ts';
import { encoded } from '../../../../src/core/der/index.ts';
import { parseAuthEnvelopedData } from '../../../../src/core/cms/envelope/auth-enveloped-data.ts';
import { decodeContentInfo } from '../../../../src/core/cms/content-info.ts';
import { countingCrypto } from '../../../helpers/counting-crypto.ts';
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

/** The ephemeral public keys (originatorKey BIT STRINGs) of an AuthEnvelopedData's key agreement recipients, hex. */
function originatorKeys(message: Uint8Array): string[] {
  const { recipientInfos } = parseAuthEnvelopedData(decodeContentInfo(message).content);
  return recipientInfos.flatMap((info) =>
    info.kind === 'kari' && info.value.originator.type === 'originatorKey' ? [Buffer.from(encoded(info.value.originator.publicKey)).toString('hex')] : [],
  );
}

describe('prepareEnvelope', () => {
  it('the next message to the same recipients uses it: no key generation or agreement left, and openssl decrypts it for each', async () => {
    const { crypto, calls } = countingCrypto();
    const recipients = [alice.certificate, bob.certificate, carol.certificate];
    prepareEnvelope(recipients, crypto);
    await new Promise((resolve) => setTimeout(resolve, 50));
    calls.clear();
    const content = sampleContent(700);
    const message = await encryptEnvelope(content, recipients, crypto);
    expect([calls.get('generateKey'), calls.get('deriveBits'), calls.get('wrapKey')]).toEqual([undefined, undefined, undefined]);
    expect(calls.get('encrypt')).toBe(1); // the content, and nothing else
    for (const who of [alice, bob, carol]) expect(Buffer.from(opensslDecrypt(w, message, who))).toEqual(Buffer.from(content));
  });

  it('serves one message only: the one after it makes its own keys, and no two messages share an ephemeral key', async () => {
    const { crypto, calls } = countingCrypto();
    const recipients = [alice.certificate, carol.certificate];
    prepareEnvelope(recipients, crypto);
    const first = await encryptEnvelope(sampleContent(100, 1), recipients, crypto);
    calls.clear();
    const second = await encryptEnvelope(sampleContent(100, 2), recipients, crypto);
    expect(calls.get('generateKey')).toBe(2); // one ephemeral key per P-256 recipient
    const keys = [...originatorKeys(first), ...originatorKeys(second)];
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(Buffer.from(opensslDecrypt(w, second, carol))).toEqual(Buffer.from(sampleContent(100, 2)));
  });

  it('is not used for other recipients, another order, another cipher or another Crypto', async () => {
    const { crypto, calls } = countingCrypto();
    prepareEnvelope([alice.certificate, carol.certificate], crypto);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cases: [Uint8Array[], Crypto, 'AES-128-GCM' | 'AES-128-CBC'][] = [
      [[alice.certificate], crypto, 'AES-128-GCM'],
      [[carol.certificate, alice.certificate], crypto, 'AES-128-GCM'],
      [[alice.certificate, carol.certificate], crypto, 'AES-128-CBC'],
      [[alice.certificate, carol.certificate], countingCrypto().crypto, 'AES-128-GCM'],
    ];
    for (const [recipients, withCrypto, cipher] of cases) {
      const content = sampleContent(64);
      const message = await encryptEnvelope(content, recipients, withCrypto, { cipher });
      expect(Buffer.from(opensslDecrypt(w, message, recipients[0] === alice.certificate ? alice : carol))).toEqual(Buffer.from(content));
    }
    calls.clear();
    await encryptEnvelope(sampleContent(64), [alice.certificate, carol.certificate], crypto);
    expect(calls.get('generateKey')).toBeUndefined(); // still there for its own recipients
  });

  it('a preparation that fails (not a certificate) only fails the message that takes it, with the usual error', async () => {
    const { crypto } = countingCrypto();
    const bad = [new Uint8Array([1, 2, 3])];
    prepareEnvelope(bad, crypto);
    await expect(encryptEnvelope(sampleContent(10), bad, crypto)).rejects.toMatchObject({ name: 'CoreError' });
    const message = await encryptEnvelope(sampleContent(10), [alice.certificate], crypto);
    expect(Buffer.from(opensslDecrypt(w, message, alice))).toEqual(Buffer.from(sampleContent(10)));
  });
});
