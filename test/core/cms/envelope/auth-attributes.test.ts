/**
 * AuthEnvelopedData with authAttrs (rfc5083#section-2.2): the attributes, DER with an EXPLICIT SET OF tag, are
 * the GCM additional authenticated data. Neither we nor openssl's `cms -encrypt` send them, so the message is
 * built here from the parts, and openssl judges whether it agrees on the AAD.
 */
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, toArrayBuffer } from '../../../../src/core/bytes.ts';
import { newContentEncryptionAlgorithm } from '../../../../src/core/cms/envelope/content-encryption-algorithm.ts';
import { encodeContentInfo } from '../../../../src/core/cms/content-info.ts';
import { encodeEncryptedContentInfo } from '../../../../src/core/cms/envelope/encrypted-content-info.ts';
import { decryptEnvelope, OID } from '../../../../src/core/cms/envelope/index.ts';
import { newKeyAgreeRecipientInfo } from '../../../../src/core/cms/envelope/key-agree-recipient-info.ts';
import { parseRecipientCertificate } from '../../../../src/core/cms/envelope/recipient-certificate.ts';
import { encodeRecipientInfos } from '../../../../src/core/cms/envelope/recipient-info.ts';
import { encodeDer, octetStringBlock } from '../../../../src/core/der/index.ts';
import { isCoreError } from '../../../../src/core/errors.ts';
import { Workdir } from '../../../helpers/openssl.ts';
import { type Identity, makeIdentity, opensslDecrypt, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity;
beforeAll(async () => {
  alice = await makeIdentity(w, 'alice', 'ec');
});
afterAll(() => w.cleanup());

/** Attribute { contentType (1.2.840.113549.1.9.3), SET { id-data } } (rfc5652#section-11.1). */
function contentTypeAttribute(): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.3' }), new asn1js.Set({ value: [new asn1js.ObjectIdentifier({ value: OID.data })] })],
  });
}

async function withAuthAttributes(content: Uint8Array, who: Identity, tamper: boolean): Promise<Uint8Array> {
  const crypto = globalThis.crypto;
  const algorithm = newContentEncryptionAlgorithm('AES-128-GCM', crypto);
  const rawKey = randomBytes(16, crypto);
  const key = await crypto.subtle.importKey('raw', toArrayBuffer(rawKey), 'AES-GCM', true, ['encrypt']);
  const recipientInfo = await newKeyAgreeRecipientInfo(parseRecipientCertificate(who.certificate), key, 128, crypto);
  const attributes = new asn1js.Set({ value: [contentTypeAttribute()] });
  const aad = encodeDer(attributes);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: toArrayBuffer(algorithm.iv), additionalData: toArrayBuffer(aad), tagLength: 128 }, key, toArrayBuffer(content)),
  );
  const tag = ciphertext.slice(-16);
  // authAttrs [1] IMPLICIT: the same contents under the context tag.
  const implicitAttributes = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [contentTypeAttribute()] });
  if (tamper) implicitAttributes.valueBlock.value.push(contentTypeAttribute());
  const authEnvelopedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      encodeRecipientInfos([recipientInfo]),
      encodeEncryptedContentInfo({ contentType: OID.data, algorithm, encryptedContent: ciphertext.slice(0, -16) }),
      implicitAttributes,
      octetStringBlock(tag),
    ],
  });
  return encodeContentInfo(OID.authEnvelopedData, encodeDer(authEnvelopedData));
}

describe('AuthEnvelopedData authAttrs', () => {
  it('are authenticated as the SET OF encoding: ours and openssl both decrypt', async () => {
    const content = sampleContent(90);
    const message = await withAuthAttributes(content, alice, false);
    expect(opensslDecrypt(w, message, alice)).toEqual(content);
    expect((await decryptEnvelope(message, alice, globalThis.crypto)).content).toEqual(content);
  });

  it('changed attributes fail the tag: undecipherable', async () => {
    const message = await withAuthAttributes(sampleContent(90), alice, true);
    await expect(decryptEnvelope(message, alice, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'undecipherable'));
    w.write('tampered.der', message);
    expect(w.tryOpenssl('cms', '-decrypt', '-inform', 'DER', '-in', 'tampered.der', '-recip', alice.certFile, '-inkey', alice.keyFile).status).not.toBe(0);
  });
});
