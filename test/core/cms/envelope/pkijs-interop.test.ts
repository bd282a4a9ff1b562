/**
 * PKI.js as a second sender: its KeyAgreeRecipientInfo carries a ukm, so this is the test of our
 * ECC-CMS-SharedInfo with entityUInfo present (openssl never sends a ukm). openssl confirms the message is sound.
 */
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrayBuffer } from '../../../../src/core/bytes.ts';
import { decryptEnvelope } from '../../../../src/core/cms/envelope/index.ts';
import { engineFor } from '../../../../src/core/pkijs-engine.ts';
import { Workdir } from '../../../helpers/openssl.ts';
import { type Identity, makeIdentity, opensslDecrypt, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity;
let bob: Identity;

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeIdentity(w, 'alice', 'ec'), makeIdentity(w, 'bob', 'rsa')]);
});
afterAll(() => w.cleanup());

async function pkijsEnvelope(content: Uint8Array, recipients: Identity[], crypto: Crypto): Promise<Uint8Array> {
  const engine = engineFor(crypto);
  const enveloped = new pkijs.EnvelopedData();
  for (const who of recipients) {
    const certificate = pkijs.Certificate.fromBER(toArrayBuffer(who.certificate));
    const variant = who.keys.type === 'P-256' ? 2 : 1;
    enveloped.addRecipientByCertificate(certificate, { kdfAlgorithm: 'SHA-256', oaepHashAlgorithm: 'SHA-256' }, variant, engine);
  }
  await enveloped.encrypt({ name: 'AES-CBC', length: 128 } as Algorithm, toArrayBuffer(content), engine);
  const contentInfo = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.ENVELOPED_DATA, content: enveloped.toSchema() });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

describe('PKI.js EnvelopedData -> decryptEnvelope', () => {
  it('decrypts an ECDH recipient with a ukm, and an RSA-OAEP one', async () => {
    const content = sampleContent(200, 9);
    const message = await pkijsEnvelope(content, [alice, bob], globalThis.crypto);
    const parsed = new pkijs.EnvelopedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(message)).content });
    const kari = parsed.recipientInfos.find((info) => info.value instanceof pkijs.KeyAgreeRecipientInfo)?.value as pkijs.KeyAgreeRecipientInfo;
    expect(kari.ukm?.valueBlock.valueHexView.length).toBeGreaterThan(0);

    expect(opensslDecrypt(w, message, alice)).toEqual(content);
    expect((await decryptEnvelope(message, alice, globalThis.crypto)).content).toEqual(content);
    expect((await decryptEnvelope(message, bob, globalThis.crypto)).content).toEqual(content);
  });
});
