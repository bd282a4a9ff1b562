/**
 * Opening an AuthEnvelopedData (AES-GCM, rfc5083#section-2.1) or EnvelopedData (AES-CBC, rfc5652#section-6)
 * with our certificate and private key:
 *
 *   1. find the RecipientInfos that name our certificate (issuerAndSerialNumber or subjectKeyIdentifier):
 *      KeyAgreeRecipientInfo for a P-256 key, KeyTransRecipientInfo for an RSA key;
 *   2. recover the content-encryption key (ECDH + X9.63 KDF + AES key unwrap, rfc5753#section-3.1.3; or
 *      RSAES-OAEP, RFC 3560), trying each match until one works;
 *   3. decrypt the content (a GCM tag is checked; CBC has no integrity, see content-encryption.ts).
 *
 * Every failure is a CoreError: 'malformed-der' or 'malformed-cms' for broken input, 'unsupported' for
 * algorithms we do not implement, 'undecipherable' when the message is not for us or does not decrypt.
 */
import type { DerBlock } from '../../der/index.ts';
import { CoreError, wrapErrors, wrapErrorsSync } from '../../errors.ts';
import type { PrivateKeySet } from '../../keys.ts';
import { decodeContentInfo } from '../content-info.ts';
import { parseAuthEnvelopedData } from './auth-enveloped-data.ts';
import type { ContentCipher } from './content-encryption-algorithm.ts';
import { contentKeyAlgorithm, decryptContent } from './content-encryption.ts';
import type { EncryptedContentInfo } from './encrypted-content-info.ts';
import { parseEnvelopedData } from './enveloped-data.ts';
import { openKeyAgreeRecipientInfo } from './key-agree-recipient-info.ts';
import { openKeyTransRecipientInfo } from './key-trans-recipient-info.ts';
import { OID } from './oids.ts';
import { type RecipientCertificate, parseRecipientCertificate } from './recipient-certificate.ts';
import { matchesRecipientIdentifier } from './recipient-identifier.ts';
import type { KeyAgreeRecipientInfo, KeyTransRecipientInfo, RecipientInfo } from './recipient-info.ts';

export interface EnvelopeRecipient {
  /** Our certificate, DER. */
  certificate: Uint8Array;
  keys: PrivateKeySet;
}

export interface DecryptedEnvelope {
  content: Uint8Array;
  cipher: ContentCipher;
  /** The eContentType of the encrypted content (EncryptedContentInfo.contentType), usually id-data. */
  contentType: string;
}

/** A way to our content-encryption key: one RecipientInfo, or one RecipientEncryptedKey of a kari. */
type KeyRoute = { kind: 'ktri'; ktri: KeyTransRecipientInfo } | { kind: 'kari'; kari: KeyAgreeRecipientInfo; encryptedKey: DerBlock };

function routesTo(recipient: RecipientCertificate, infos: readonly RecipientInfo[]): KeyRoute[] {
  const routes: KeyRoute[] = [];
  for (const info of infos) {
    if (info.kind === 'ktri' && recipient.keyType === 'RSA' && matchesRecipientIdentifier(recipient, info.value.rid)) {
      routes.push({ kind: 'ktri', ktri: info.value });
    } else if (info.kind === 'kari' && recipient.keyType === 'P-256') {
      for (const key of info.value.recipientEncryptedKeys) {
        if (matchesRecipientIdentifier(recipient, key.rid)) routes.push({ kind: 'kari', kari: info.value, encryptedKey: key.encryptedKey });
      }
    }
  }
  return routes;
}

async function contentKey(route: KeyRoute, keys: PrivateKeySet, algorithm: AesKeyAlgorithm, crypto: Crypto): Promise<CryptoKey> {
  if (route.kind === 'ktri') return openKeyTransRecipientInfo(route.ktri, keys, algorithm, crypto);
  if (!keys.keyAgreement) throw new CoreError('invalid-argument', 'the private key set has no ECDH key');
  return openKeyAgreeRecipientInfo(route.kari, route.encryptedKey, keys.keyAgreement, algorithm, crypto);
}

export async function decryptEnvelope(contentInfo: Uint8Array, recipient: EnvelopeRecipient, crypto: Crypto): Promise<DecryptedEnvelope> {
  return wrapErrors('malformed-cms', 'decryptEnvelope', async () => {
    if (!(contentInfo instanceof Uint8Array)) throw new CoreError('invalid-argument', 'decryptEnvelope: contentInfo must be a Uint8Array');
    const { contentType, content } = decodeContentInfo(contentInfo);
    let recipientInfos: RecipientInfo[];
    let encrypted: EncryptedContentInfo;
    let tag: Uint8Array = new Uint8Array(0);
    let additionalData: Uint8Array | undefined;
    if (contentType === OID.authEnvelopedData) {
      const parsed = wrapErrorsSync('malformed-cms', 'AuthEnvelopedData', () => parseAuthEnvelopedData(content));
      ({ recipientInfos, authEncryptedContentInfo: encrypted, mac: tag, authenticatedAttributes: additionalData } = parsed);
    } else if (contentType === OID.envelopedData) {
      ({ recipientInfos, encryptedContentInfo: encrypted } = wrapErrorsSync('malformed-cms', 'EnvelopedData', () => parseEnvelopedData(content)));
    } else {
      throw new CoreError('unsupported', `ContentInfo of type ${contentType} is not an EnvelopedData or AuthEnvelopedData`);
    }

    const ours = parseRecipientCertificate(recipient.certificate);
    if (ours.keyType !== recipient.keys.type) {
      throw new CoreError('invalid-argument', `the certificate holds a ${ours.keyType} key but the private key is ${recipient.keys.type}`);
    }
    const routes = wrapErrorsSync('malformed-cms', 'RecipientInfo', () => routesTo(ours, recipientInfos));
    if (routes.length === 0) throw new CoreError('undecipherable', 'no recipient for this certificate: the message was not encrypted to us');

    const algorithm = encrypted.algorithm;
    let failure: unknown;
    for (const route of routes) {
      let key: CryptoKey;
      try {
        key = await contentKey(route, recipient.keys, contentKeyAlgorithm(algorithm), crypto);
      } catch (error) {
        failure = error;
        continue;
      }
      const plaintext = await decryptContent(algorithm, key, { ciphertext: encrypted.encryptedContent, tag }, crypto, additionalData);
      return { content: plaintext, cipher: algorithm.cipher, contentType: encrypted.contentType };
    }
    throw failure;
  });
}
