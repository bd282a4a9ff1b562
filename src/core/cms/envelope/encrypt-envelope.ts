/**
 * Enveloping content for a set of recipient certificates (docs/design.md "S/MIME profile"):
 * AES-128-GCM gives a ContentInfo of AuthEnvelopedData (rfc5083#section-2.1, rfc5084#section-3);
 * AES-128-CBC and AES-256-CBC give EnvelopedData (rfc5652#section-6).
 * Each P-256 certificate gets an ECDH KeyAgreeRecipientInfo (rfc5753#section-3.1), each RSA certificate an
 * RSAES-OAEP KeyTransRecipientInfo (rfc5652#section-6.2.1, RFC 3560); both kinds can share one message.
 */
import { equalBytes, randomBytes, toArrayBuffer } from '../../bytes.ts';
import { CoreError, wrapErrors } from '../../errors.ts';
import { encodeContentInfo } from '../content-info.ts';
import { encodeAuthEnvelopedData } from './auth-enveloped-data.ts';
import { type ContentEncryptionAlgorithm, type EncryptionCipher, isEncryptionCipher, newContentEncryptionAlgorithm } from './content-encryption-algorithm.ts';
import { encryptContent } from './content-encryption.ts';
import { encodeEnvelopedData } from './enveloped-data.ts';
import { newKeyAgreeRecipientInfo } from './key-agree-recipient-info.ts';
import { newKeyTransRecipientInfo } from './key-trans-recipient-info.ts';
import { OID } from './oids.ts';
import { parseRecipientCertificate } from './recipient-certificate.ts';
import type { EncodedRecipientInfo } from './recipient-info.ts';

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
  return sealEnvelope(await (takePreparedEnvelope(recipients, crypto, options) ?? openEnvelope(recipients, crypto, options)), content, crypto);
}

/**
 * encryptEnvelope of a content still being made, such as signThenEncrypt's SignedData: the content-encryption key
 * and the recipients' key agreement or transport are prepared meanwhile. A rejection of `content` wins over any
 * complaint about the recipients, as if encryptEnvelope had been called once `content` was there.
 */
export async function encryptPendingContent(
  content: Promise<Uint8Array>,
  recipients: readonly Uint8Array[],
  crypto: Crypto,
  options: EncryptEnvelopeOptions = { cipher: 'AES-128-GCM' },
): Promise<Uint8Array> {
  const envelope = takePreparedEnvelope(recipients, crypto, options) ?? openEnvelope(recipients, crypto, options);
  envelope.catch(() => undefined); // judged once the content is there
  const ready = await content;
  if (!(ready instanceof Uint8Array)) throw new CoreError('invalid-argument', 'encryptEnvelope: content must be a Uint8Array');
  return sealEnvelope(await envelope, ready, crypto);
}

/**
 * Opens an envelope for `recipients` now, for the next encryption to exactly these recipients (same certificates,
 * same order) with this cipher and Crypto: the content-encryption key and the key agreement or transport (fresh
 * ephemeral ECDH keys) are what encrypting costs most, and a message can then leave with only the content left to
 * encrypt. Each prepared envelope is used once, as if opened for that message; it holds no content. At most
 * MAX_PREPARED recipient sets are kept per Crypto (the oldest goes first), one envelope each.
 */
export function prepareEnvelope(recipients: readonly Uint8Array[], crypto: Crypto, options: EncryptEnvelopeOptions = { cipher: 'AES-128-GCM' }): void {
  const envelope = openEnvelope(recipients, crypto, options);
  envelope.catch(() => undefined); // one that fails is opened again, and fails where it is used
  let list = prepared.get(crypto);
  if (!list) prepared.set(crypto, (list = []));
  const index = list.findIndex((entry) => sameRecipients(entry, recipients, options.cipher));
  if (index >= 0) list.splice(index, 1);
  list.push({ recipients: recipients.map((der) => new Uint8Array(der)), cipher: options.cipher, envelope });
  if (list.length > MAX_PREPARED) list.shift();
}

const MAX_PREPARED = 8;

interface PreparedEnvelope {
  /** Copies of the certificates it was opened for. */
  recipients: Uint8Array[];
  cipher: EncryptionCipher;
  envelope: Promise<OpenEnvelope>;
}

const prepared = new WeakMap<Crypto, PreparedEnvelope[]>();

function sameRecipients(entry: PreparedEnvelope, recipients: readonly Uint8Array[], cipher: EncryptionCipher): boolean {
  return (
    entry.cipher === cipher &&
    entry.recipients.length === recipients.length &&
    entry.recipients.every((der, i) => recipients[i] instanceof Uint8Array && equalBytes(der, recipients[i]))
  );
}

/** The envelope prepared for these recipients, taken out so that no other message can use it. */
function takePreparedEnvelope(recipients: readonly Uint8Array[], crypto: Crypto, options: EncryptEnvelopeOptions): Promise<OpenEnvelope> | undefined {
  const list = prepared.get(crypto);
  if (!list || !Array.isArray(recipients)) return undefined;
  const index = list.findIndex((entry) => sameRecipients(entry, recipients, options.cipher));
  if (index < 0) return undefined;
  return list.splice(index, 1)[0]!.envelope;
}

/** A content-encryption key and the RecipientInfos that carry it, under way. */
interface OpenEnvelope {
  algorithm: ContentEncryptionAlgorithm;
  contentKey: CryptoKey;
  recipientInfos: Promise<EncodedRecipientInfo[]>;
}

/** Checks the arguments, then makes the content-encryption key and starts a RecipientInfo per recipient. */
async function openEnvelope(recipients: readonly Uint8Array[], crypto: Crypto, options: EncryptEnvelopeOptions): Promise<OpenEnvelope> {
  if (!Array.isArray(recipients) || recipients.length === 0) throw new CoreError('invalid-argument', 'encryptEnvelope: at least one recipient certificate is needed');
  if (!isEncryptionCipher(options.cipher)) throw new CoreError('invalid-argument', `encryptEnvelope: cipher ${String(options.cipher)} is not one of AES-128-GCM, AES-128-CBC, AES-256-CBC`);

  return wrapErrors('unsupported', 'encryptEnvelope', async () => {
    const certificates = recipients.map((der) => parseRecipientCertificate(der));
    const algorithm = newContentEncryptionAlgorithm(options.cipher, crypto);
    const rawKey = randomBytes(algorithm.keyBits / 8, crypto);
    let contentKey: CryptoKey;
    try {
      // Extractable, so that key agreement recipients can wrap it (rfc3565#section-2.3.2).
      contentKey = await crypto.subtle.importKey('raw', toArrayBuffer(rawKey), { name: algorithm.name }, true, ['encrypt']);
    } catch (error) {
      rawKey.fill(0);
      throw error;
    }
    const recipientInfos = Promise.all(
      certificates.map((certificate) =>
        certificate.keyType === 'P-256'
          ? newKeyAgreeRecipientInfo(certificate, contentKey, algorithm.keyBits, crypto)
          : newKeyTransRecipientInfo(certificate, rawKey, crypto),
      ),
    ).finally(() => rawKey.fill(0));
    recipientInfos.catch(() => undefined); // judged in sealEnvelope
    return { algorithm, contentKey, recipientInfos };
  });
}

/** Encrypts the content (while the RecipientInfos finish) and writes the ContentInfo. */
async function sealEnvelope(envelope: OpenEnvelope, content: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  return wrapErrors('unsupported', 'encryptEnvelope', async () => {
    const { algorithm, contentKey } = envelope;
    const [recipientInfos, { ciphertext, tag }] = await Promise.all([envelope.recipientInfos, encryptContent(algorithm, contentKey, content, crypto)]);
    const encryptedContentInfo = { contentType: OID.data, algorithm, encryptedContent: ciphertext };
    if (algorithm.name === 'AES-GCM') {
      return encodeContentInfo(OID.authEnvelopedData, encodeAuthEnvelopedData(recipientInfos, encryptedContentInfo, tag));
    }
    return encodeContentInfo(OID.envelopedData, encodeEnvelopedData(recipientInfos, encryptedContentInfo));
  });
}
