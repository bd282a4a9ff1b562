/**
 * Enveloping content for a set of recipient certificates (DESIGN.md, S/MIME profile):
 * AES-128-GCM gives a ContentInfo of AuthEnvelopedData (rfc5083#section-2.1, rfc5084#section-3);
 * AES-128-CBC and AES-256-CBC give EnvelopedData (rfc5652#section-6).
 * Each P-256 certificate gets an ECDH KeyAgreeRecipientInfo (rfc5753#section-3.1), each RSA certificate an
 * RSAES-OAEP KeyTransRecipientInfo (rfc5652#section-6.2.1, RFC 3560); both kinds can share one message.
 */
import { randomBytes, toArrayBuffer } from '../../bytes.ts';
import { encodeDer } from '../../der/index.ts';
import { CoreError, wrapErrors } from '../../errors.ts';
import { encodeContentInfo } from '../content-info.ts';
import { encodeAuthEnvelopedData } from './auth-enveloped-data.ts';
import { type EncryptionCipher, isEncryptionCipher, newContentEncryptionAlgorithm } from './content-encryption-algorithm.ts';
import { encryptContent } from './content-encryption.ts';
import { encodeEnvelopedData } from './enveloped-data.ts';
import { newKeyAgreeRecipientInfo } from './key-agree-recipient-info.ts';
import { newKeyTransRecipientInfo } from './key-trans-recipient-info.ts';
import { OID } from './oids.ts';
import { parseRecipientCertificate } from './recipient-certificate.ts';

export interface EncryptEnvelopeOptions {
  /** AES-128-GCM (AuthEnvelopedData, the default) or AES-CBC (EnvelopedData, for peers without RFC 5083). */
  cipher: EncryptionCipher;
}

/**
 * Encrypts `content` (the inner MIME entity, carried as id-data) to every certificate in `recipients` (DER),
 * returning a DER ContentInfo. Certificates that are not P-256 or RSA are 'unsupported'.
 */
export async function encryptEnvelope(
  content: Uint8Array,
  recipients: readonly Uint8Array[],
  crypto: Crypto,
  options: EncryptEnvelopeOptions = { cipher: 'AES-128-GCM' },
): Promise<Uint8Array> {
  if (!(content instanceof Uint8Array)) throw new CoreError('invalid-argument', 'encryptEnvelope: content must be a Uint8Array');
  if (!Array.isArray(recipients) || recipients.length === 0) throw new CoreError('invalid-argument', 'encryptEnvelope: at least one recipient certificate is needed');
  if (!isEncryptionCipher(options.cipher)) throw new CoreError('invalid-argument', `encryptEnvelope: cipher ${String(options.cipher)} is not one of AES-128-GCM, AES-128-CBC, AES-256-CBC`);

  return wrapErrors('unsupported', 'encryptEnvelope', async () => {
    const certificates = recipients.map((der) => parseRecipientCertificate(der));
    const algorithm = newContentEncryptionAlgorithm(options.cipher, crypto);
    const rawKey = randomBytes(algorithm.keyBits / 8, crypto);
    try {
      // Extractable, so that key agreement recipients can wrap it (rfc3565#section-2.3.2).
      const contentKey = await crypto.subtle.importKey('raw', toArrayBuffer(rawKey), { name: algorithm.name }, true, ['encrypt']);
      const recipientInfos = await Promise.all(
        certificates.map((certificate) =>
          certificate.keyType === 'P-256'
            ? newKeyAgreeRecipientInfo(certificate, contentKey, algorithm.keyBits, crypto)
            : newKeyTransRecipientInfo(certificate, rawKey, crypto),
        ),
      );
      const { ciphertext, tag } = await encryptContent(algorithm, contentKey, content, crypto);
      const encryptedContentInfo = { contentType: OID.data, algorithm, encryptedContent: ciphertext };
      if (algorithm.name === 'AES-GCM') {
        return encodeContentInfo(OID.authEnvelopedData, encodeDer(encodeAuthEnvelopedData(recipientInfos, encryptedContentInfo, tag)));
      }
      return encodeContentInfo(OID.envelopedData, encodeDer(encodeEnvelopedData(recipientInfos, encryptedContentInfo)));
    } finally {
      rawKey.fill(0);
    }
  });
}
