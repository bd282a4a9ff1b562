/**
 * AES-GCM (NIST SP 800-38D) through WebCrypto: the encryption transform of the pre-shared crypto-system's optional
 * encrypted area (seed 000 section 6, `Encryption: A256GCM`).
 *
 * How the IV and the tag are carried: the sealed octets are IV || ciphertext || tag, i.e. a fresh random 96-bit IV
 * (SP 800-38D section 8.2.2, from `crypto.getRandomValues`) first, then what WebCrypto's `encrypt` returns, which is
 * the ciphertext with the 128-bit authentication tag appended. A receiver takes the first 12 octets as the IV and
 * hands the rest to `decrypt`, which checks the tag. With random IVs one key may seal at most 2^32 messages (SP
 * 800-38D section 8.3); a hop key or an end-to-end key is replaced long before that.
 */
import { concatBytes, randomBytes, toArrayBuffer } from '../bytes.ts';

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export async function importAesGcmKey(raw: Uint8Array, crypto: Crypto): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', toArrayBuffer(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** IV || ciphertext || tag. `iv` is for known-answer tests only; leave it out and a random one is drawn. */
export async function aesGcmSeal(key: CryptoKey, plaintext: Uint8Array, additionalData: Uint8Array, crypto: Crypto, iv: Uint8Array = randomBytes(GCM_IV_BYTES, crypto)): Promise<Uint8Array> {
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(additionalData), tagLength: GCM_TAG_BYTES * 8 }, key, toArrayBuffer(plaintext));
  return concatBytes(iv, new Uint8Array(sealed));
}

/** The plaintext, or undefined when the octets are too short or the tag does not verify. */
export async function aesGcmOpen(key: CryptoKey, sealed: Uint8Array, additionalData: Uint8Array, crypto: Crypto): Promise<Uint8Array | undefined> {
  if (sealed.length < GCM_IV_BYTES + GCM_TAG_BYTES) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: toArrayBuffer(sealed.subarray(0, GCM_IV_BYTES)), additionalData: toArrayBuffer(additionalData), tagLength: GCM_TAG_BYTES * 8 },
      key,
      toArrayBuffer(sealed.subarray(GCM_IV_BYTES)),
    );
    return new Uint8Array(plain);
  } catch {
    return undefined;
  }
}

/** The sealed length of `plaintextLength` octets. */
export function aesGcmSealedLength(plaintextLength: number): number {
  return GCM_IV_BYTES + plaintextLength + GCM_TAG_BYTES;
}
