/**
 * AES key wrap (RFC 3394; in CMS rfc3565#section-2.3.2) of the content-encryption key under the key-encryption
 * key that key agreement derived, through WebCrypto 'AES-KW'. Unwrapping checks RFC 3394's integrity value, so a
 * wrong KEK (wrong private key, wrong KDF input) or a changed encryptedKey is always noticed here.
 */
import { toArrayBuffer } from '../../bytes.ts';
import { CoreError, describe } from '../../errors.ts';

async function importKek(kek: Uint8Array, usage: 'wrapKey' | 'unwrapKey', crypto: Crypto): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('raw', toArrayBuffer(kek), 'AES-KW', false, [usage]);
  } catch (error) {
    // Only the key length can make a correct import fail: browsers refuse 192-bit AES keys.
    throw new CoreError('unsupported', `this WebCrypto cannot use a ${kek.length * 8}-bit AES key wrap key: ${describe(error)}`, { cause: error });
  }
}

export async function wrapContentKey(kek: Uint8Array, contentKey: CryptoKey, crypto: Crypto): Promise<Uint8Array> {
  const wrappingKey = await importKek(kek, 'wrapKey', crypto);
  return new Uint8Array(await crypto.subtle.wrapKey('raw', contentKey, wrappingKey, 'AES-KW'));
}

/** Unwraps a content-encryption key for `algorithm`; its length must be the algorithm's. */
export async function unwrapContentKey(kek: Uint8Array, wrapped: Uint8Array, algorithm: AesKeyAlgorithm, crypto: Crypto): Promise<CryptoKey> {
  const unwrappingKey = await importKek(kek, 'unwrapKey', crypto);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.unwrapKey('raw', toArrayBuffer(wrapped), unwrappingKey, 'AES-KW', { name: algorithm.name }, false, ['decrypt']);
  } catch (error) {
    throw new CoreError('undecipherable', `AES key unwrap failed: wrong key or tampered encryptedKey (${describe(error)})`, { cause: error });
  }
  const length = (key.algorithm as AesKeyAlgorithm).length;
  if (length !== algorithm.length) {
    throw new CoreError('undecipherable', `the unwrapped content-encryption key has ${length} bits, ${algorithm.name} needs ${algorithm.length}`);
  }
  return key;
}
