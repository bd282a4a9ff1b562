/**
 * Content encryption with the content-encryption key (rfc5652#section-6.3): AES-CBC with PKCS #7 padding
 * (rfc3565#section-4) and AES-GCM (rfc5084#section-3.1), through WebCrypto.
 *
 * AES-CBC has no integrity: a changed ciphertext block decrypts to garbage, and only a broken padding is noticed.
 * SealPhone signs inside the envelope (RFC 8591: sign, then encrypt), so the inner signature is what catches it.
 */
import { concatBytes, toArrayBuffer } from '../../bytes.ts';
import { CoreError, describe } from '../../errors.ts';
import type { ContentEncryptionAlgorithm } from './content-encryption-algorithm.ts';

export interface EncryptedContent {
  ciphertext: Uint8Array;
  /** GCM: the authentication tag, carried in AuthEnvelopedData's `mac` (rfc5083#section-2.1); CBC: empty. */
  tag: Uint8Array;
}

/** The WebCrypto algorithm to import or unwrap the content-encryption key as. */
export function contentKeyAlgorithm(algorithm: ContentEncryptionAlgorithm): AesKeyAlgorithm {
  return { name: algorithm.name, length: algorithm.keyBits };
}

function cipherParams(algorithm: ContentEncryptionAlgorithm, additionalData?: Uint8Array): AesCbcParams | AesGcmParams {
  if (algorithm.name === 'AES-CBC') return { name: 'AES-CBC', iv: toArrayBuffer(algorithm.iv) };
  const params: AesGcmParams = { name: 'AES-GCM', iv: toArrayBuffer(algorithm.iv), tagLength: algorithm.tagLength * 8 };
  if (additionalData) params.additionalData = toArrayBuffer(additionalData);
  return params;
}

export async function encryptContent(algorithm: ContentEncryptionAlgorithm, key: CryptoKey, content: Uint8Array, crypto: Crypto): Promise<EncryptedContent> {
  const output = new Uint8Array(await crypto.subtle.encrypt(cipherParams(algorithm), key, toArrayBuffer(content)));
  if (algorithm.name === 'AES-CBC') return { ciphertext: output, tag: new Uint8Array(0) };
  // WebCrypto appends the tag to the ciphertext (WebCrypto AES-GCM encrypt, step 6).
  const split = output.length - algorithm.tagLength;
  return { ciphertext: output.slice(0, split), tag: output.slice(split) };
}

/**
 * Decrypts. A GCM tag that does not verify, or a CBC padding that does not parse, is 'undecipherable': the
 * message was changed or the content-encryption key is not the sender's.
 */
export async function decryptContent(
  algorithm: ContentEncryptionAlgorithm,
  key: CryptoKey,
  encrypted: EncryptedContent,
  crypto: Crypto,
  additionalData?: Uint8Array,
): Promise<Uint8Array> {
  let input: Uint8Array;
  if (algorithm.name === 'AES-GCM') {
    if (encrypted.tag.length !== algorithm.tagLength) {
      throw new CoreError('malformed-cms', `AuthEnvelopedData: mac is ${encrypted.tag.length} octets, GCMParameters say ${algorithm.tagLength}`);
    }
    input = concatBytes(encrypted.ciphertext, encrypted.tag);
  } else {
    if (encrypted.ciphertext.length === 0 || encrypted.ciphertext.length % 16 !== 0) {
      throw new CoreError('malformed-cms', `${algorithm.cipher}: ciphertext of ${encrypted.ciphertext.length} octets is not a whole number of blocks`);
    }
    input = encrypted.ciphertext;
  }
  try {
    return new Uint8Array(await crypto.subtle.decrypt(cipherParams(algorithm, additionalData), key, toArrayBuffer(input)));
  } catch (error) {
    const reason =
      algorithm.name === 'AES-GCM' ? 'authentication tag mismatch: tampered or wrong key' : 'bad padding after decryption: tampered or wrong key';
    throw new CoreError('undecipherable', `${algorithm.cipher}: ${reason} (${describe(error)})`, { cause: error });
  }
}
