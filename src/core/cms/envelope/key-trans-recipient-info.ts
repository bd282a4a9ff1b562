/**
 * KeyTransRecipientInfo with RSAES-OAEP (rfc5652#section-6.2.1, RFC 3560, rfc8017#section-7.1):
 *
 *   KeyTransRecipientInfo ::= SEQUENCE {
 *     version CMSVersion,  -- always set to 0 or 2
 *     rid RecipientIdentifier,
 *     keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
 *     encryptedKey EncryptedKey }
 *
 * We write version 0 with issuerAndSerialNumber and OAEP with SHA-256 / MGF1-SHA-256; we read OAEP with SHA-1
 * (openssl's default) or SHA-256, the two hashes PrivateKeySet holds keys for. RSAES-PKCS1-v1_5, openssl's
 * default without `-keyopt rsa_padding_mode:oaep`, is refused: WebCrypto cannot decrypt it.
 */
import { toArrayBuffer } from '../../bytes.ts';
import { objectIdentifier, octetString, readOctetString, sequence, smallInteger } from '../../der/index.ts';
import { CoreError, describe } from '../../errors.ts';
import type { PrivateKeySet } from '../../keys.ts';
import { importSubjectPublicKey } from '../../x509/public-key-cache.ts';
import { OID } from './oids.ts';
import { type RecipientCertificate, issuerAndSerialNumber } from './recipient-certificate.ts';
import type { EncodedRecipientInfo, KeyTransRecipientInfo } from './recipient-info.ts';
import { encodeRSAESOAEPParams, parseRSAESOAEPParams } from './rsaes-oaep-params.ts';

const OAEP_HASH = 'SHA-256';

/** Version 0: the recipient is named by IssuerAndSerialNumber (rfc5652#section-6.2.1). */
const KTRI_VERSION = 0;

/** A RecipientInfo (`ktri`, DER) carrying `contentKey` encrypted to the certificate's RSA public key. */
export async function newKeyTransRecipientInfo(recipient: RecipientCertificate, contentKey: Uint8Array, crypto: Crypto): Promise<EncodedRecipientInfo> {
  let publicKey: CryptoKey;
  try {
    publicKey = await importSubjectPublicKey(recipient.subjectPublicKeyInfo, { name: 'RSA-OAEP', hash: OAEP_HASH }, ['encrypt'], crypto);
  } catch (error) {
    throw new CoreError('unsupported', `the recipient's RSA public key cannot be used for RSA-OAEP: ${describe(error)}`, { cause: error });
  }
  const encryptedKey = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, toArrayBuffer(contentKey)));
  const keyEncryptionAlgorithm = sequence(objectIdentifier(OID.rsaesOaep), encodeRSAESOAEPParams(OAEP_HASH));
  const der = sequence(smallInteger(KTRI_VERSION), issuerAndSerialNumber(recipient), keyEncryptionAlgorithm, octetString(encryptedKey));
  return { kind: 'ktri', version: KTRI_VERSION, der };
}

/** Decrypts the content-encryption key and imports it as `algorithm`. */
export async function openKeyTransRecipientInfo(
  ktri: KeyTransRecipientInfo,
  keys: PrivateKeySet,
  algorithm: AesKeyAlgorithm,
  crypto: Crypto,
): Promise<CryptoKey> {
  const keyEncryption = ktri.keyEncryptionAlgorithm;
  if (keyEncryption.algorithm === OID.rsaEncryption) {
    throw new CoreError('unsupported', 'RSAES-PKCS1-v1_5 key transport is not supported; the sender must use RSAES-OAEP');
  }
  if (keyEncryption.algorithm !== OID.rsaesOaep) {
    throw new CoreError('unsupported', `key transport algorithm ${keyEncryption.algorithm} is not supported (RSAES-OAEP is)`);
  }
  const params = parseRSAESOAEPParams(keyEncryption.parameters);
  if (params.hash !== params.maskGenHash) {
    throw new CoreError('unsupported', `RSAES-OAEP with ${params.hash} and MGF1-${params.maskGenHash} is not supported (WebCrypto needs one hash)`);
  }
  if (params.hash !== 'SHA-1' && params.hash !== 'SHA-256') throw new CoreError('unsupported', `RSAES-OAEP with ${params.hash} is not supported`);
  const privateKey = keys.keyTransport?.[params.hash];
  if (!privateKey) throw new CoreError('invalid-argument', 'the private key set has no RSA-OAEP key');

  const encryptedKey = readOctetString(ktri.encryptedKey, 'malformed-cms', 'KeyTransRecipientInfo.encryptedKey', { ber: true });
  let contentKey: Uint8Array;
  try {
    const oaep: RsaOaepParams = { name: 'RSA-OAEP' };
    if (params.label.length > 0) oaep.label = toArrayBuffer(params.label);
    contentKey = new Uint8Array(await crypto.subtle.decrypt(oaep, privateKey, toArrayBuffer(encryptedKey)));
  } catch (error) {
    throw new CoreError('undecipherable', `RSA-OAEP decryption of the content-encryption key failed: wrong key or tampered (${describe(error)})`, { cause: error });
  }
  try {
    if (contentKey.length * 8 !== algorithm.length) {
      throw new CoreError('undecipherable', `the decrypted content-encryption key has ${contentKey.length * 8} bits, ${algorithm.name} needs ${algorithm.length}`);
    }
    try {
      return await crypto.subtle.importKey('raw', toArrayBuffer(contentKey), { name: algorithm.name }, false, ['decrypt']);
    } catch (error) {
      throw new CoreError('unsupported', `this WebCrypto cannot use a ${algorithm.length}-bit ${algorithm.name} key: ${describe(error)}`, { cause: error });
    }
  } finally {
    contentKey.fill(0);
  }
}
