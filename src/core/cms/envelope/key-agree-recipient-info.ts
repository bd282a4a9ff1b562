/**
 * KeyAgreeRecipientInfo with ephemeral-static ECDH on P-256 (rfc5652#section-6.2.2, rfc5753#section-3.1):
 *
 *   KeyAgreeRecipientInfo ::= SEQUENCE {
 *     version CMSVersion,  -- always set to 3
 *     originator [0] EXPLICIT OriginatorIdentifierOrKey,  -- originatorKey: the ephemeral public key
 *     ukm [1] EXPLICIT UserKeyingMaterial OPTIONAL,
 *     keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
 *     recipientEncryptedKeys RecipientEncryptedKeys }
 *
 * Sending (rfc5753#section-3.1.2): a fresh ephemeral key per recipient, Z = ECDH(ephemeral, recipient), KEK =
 * X9.63-KDF(Z, ECC-CMS-SharedInfo), encryptedKey = AES-KW(KEK, CEK). No ukm, like openssl.
 * Receiving (rfc5753#section-3.1.3) is our own code, not PKI.js's, whose KDF input is wrong without a ukm (#335).
 * The recipient's public key is imported once per certificate and Crypto (x509/public-key-cache.ts).
 */
import { toArrayBuffer } from '../../bytes.ts';
import { type DerBlock, TAG, bitString, contextTag, hasTag, objectIdentifier, octetString, readBitString, readOctetString, readOid, sequence, smallInteger, tlv } from '../../der/index.ts';
import { CoreError, describe } from '../../errors.ts';
import { importSubjectPublicKey } from '../../x509/public-key-cache.ts';
import { unwrapContentKey, wrapContentKey } from './aes-key-wrap.ts';
import { encodeEccCmsSharedInfo } from './ecc-cms-shared-info.ts';
import { type KeyAgreementAlgorithm, newKeyAgreementAlgorithm, parseKeyAgreementAlgorithm } from './key-agreement-algorithm.ts';
import { OID } from './oids.ts';
import { type RecipientCertificate, issuerAndSerialNumber } from './recipient-certificate.ts';
import type { EncodedRecipientInfo, KeyAgreeRecipientInfo } from './recipient-info.ts';
import { x963Kdf } from './x963-kdf.ts';

const P256: EcKeyImportParams = { name: 'ECDH', namedCurve: 'P-256' };

/** The version of a KeyAgreeRecipientInfo (rfc5652#section-6.2.2: always 3). */
const KARI_VERSION = 3;

async function keyEncryptionKey(algorithm: KeyAgreementAlgorithm, sharedSecret: Uint8Array, ukm: Uint8Array | undefined, crypto: Crypto): Promise<Uint8Array> {
  const sharedInfo = encodeEccCmsSharedInfo(algorithm.wrap, ukm, algorithm.kekLength * 8);
  return x963Kdf(algorithm.kdfHash, sharedSecret, sharedInfo, algorithm.kekLength, crypto);
}

/** A RecipientInfo (`kari [1]`, DER) carrying `contentKey` wrapped for the certificate's P-256 public key. */
export async function newKeyAgreeRecipientInfo(
  recipient: RecipientCertificate,
  contentKey: CryptoKey,
  contentKeyBits: 128 | 192 | 256,
  crypto: Crypto,
): Promise<EncodedRecipientInfo> {
  let recipientKey: CryptoKey;
  try {
    recipientKey = await importSubjectPublicKey(recipient.subjectPublicKeyInfo, P256, [], crypto);
  } catch (error) {
    throw new CoreError('unsupported', `the recipient's P-256 public key cannot be used for ECDH: ${describe(error)}`, { cause: error });
  }
  const ephemeral = (await crypto.subtle.generateKey(P256, false, ['deriveBits'])) as CryptoKeyPair;
  const [ephemeralPublic, sharedSecret] = await Promise.all([
    crypto.subtle.exportKey('raw', ephemeral.publicKey).then((raw) => new Uint8Array(raw)),
    crypto.subtle.deriveBits({ name: 'ECDH', public: recipientKey }, ephemeral.privateKey, 256).then((bits) => new Uint8Array(bits)),
  ]);
  const { identifier, algorithm } = newKeyAgreementAlgorithm(contentKeyBits);
  const kek = await keyEncryptionKey(algorithm, sharedSecret, undefined, crypto);
  sharedSecret.fill(0);
  const encryptedKey = await wrapContentKey(kek, contentKey, crypto);
  kek.fill(0);

  // rfc5753#section-3.1.1: originatorKey with id-ecPublicKey, parameters absent (the recipient's curve), as
  // openssl writes it; no ukm; one RecipientEncryptedKey naming the certificate by IssuerAndSerialNumber.
  const originatorKey = tlv(contextTag(1), sequence(objectIdentifier(OID.ecPublicKey)), bitString(ephemeralPublic));
  const recipientEncryptedKey = sequence(issuerAndSerialNumber(recipient), octetString(encryptedKey));
  const der = tlv(contextTag(1), smallInteger(KARI_VERSION), tlv(contextTag(0), originatorKey), identifier, sequence(recipientEncryptedKey));
  return { kind: 'kari', version: KARI_VERSION, der };
}

/** The ephemeral public key of originatorKey; static-static ECDH (an originator certificate) is not supported. */
async function originatorPublicKey(kari: KeyAgreeRecipientInfo, crypto: Crypto): Promise<CryptoKey> {
  const originator = kari.originator;
  if (originator.type !== 'originatorKey') {
    throw new CoreError('unsupported', 'KeyAgreeRecipientInfo: only an ephemeral originatorKey is supported, not an originator certificate');
  }
  if (originator.algorithm.algorithm !== OID.ecPublicKey) {
    throw new CoreError('unsupported', `KeyAgreeRecipientInfo: originator key algorithm ${originator.algorithm.algorithm} is not supported`);
  }
  // Parameters absent or NULL mean the recipient's curve; ECParameters must name P-256 (rfc5753#section-3.1.1).
  const params = originator.algorithm.parameters;
  if (hasTag(params, TAG.OBJECT_IDENTIFIER)) {
    const curve = readOid(params, 'malformed-cms', 'originatorKey curve');
    if (curve !== OID.prime256v1) throw new CoreError('unsupported', `KeyAgreeRecipientInfo: originator curve ${curve} is not P-256`);
  } else if (params !== undefined && !hasTag(params, TAG.NULL)) {
    throw new CoreError('unsupported', 'KeyAgreeRecipientInfo: explicit curve parameters are not supported');
  }
  const point = readBitString(originator.publicKey, 'malformed-cms', 'originatorKey.publicKey');
  try {
    return await crypto.subtle.importKey('raw', toArrayBuffer(point), P256, false, []);
  } catch (error) {
    throw new CoreError('malformed-cms', `KeyAgreeRecipientInfo: the originator key is not a P-256 point: ${describe(error)}`, { cause: error });
  }
}

/** Derives the KEK from our ECDH private key and unwraps the content-encryption key (`encryptedKey`) as `algorithm`. */
export async function openKeyAgreeRecipientInfo(
  kari: KeyAgreeRecipientInfo,
  encryptedKey: DerBlock,
  privateKey: CryptoKey,
  algorithm: AesKeyAlgorithm,
  crypto: Crypto,
): Promise<CryptoKey> {
  const agreement = parseKeyAgreementAlgorithm(kari.keyEncryptionAlgorithm);
  const originator = await originatorPublicKey(kari, crypto);
  const ukm = kari.ukm === undefined ? undefined : readOctetString(kari.ukm, 'malformed-cms', 'KeyAgreeRecipientInfo.ukm', { ber: true });
  let sharedSecret: Uint8Array;
  try {
    sharedSecret = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: originator }, privateKey, 256));
  } catch (error) {
    throw new CoreError('malformed-cms', `KeyAgreeRecipientInfo: ECDH with the originator key failed: ${describe(error)}`, { cause: error });
  }
  const kek = await keyEncryptionKey(agreement, sharedSecret, ukm, crypto);
  sharedSecret.fill(0);
  try {
    return await unwrapContentKey(kek, readOctetString(encryptedKey, 'malformed-cms', 'RecipientEncryptedKey.encryptedKey', { ber: true }), algorithm, crypto);
  } finally {
    kek.fill(0);
  }
}
