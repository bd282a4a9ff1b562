/**
 * PBKDF2 (RFC 8018 section 5.2) through WebCrypto, except with HMAC-SHA-224, which WebCrypto lacks.
 */
import { toArrayBuffer } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import type { PrfHash } from './oids.ts';
import { pbkdf2HmacSha224 } from '../sha224.ts';

/**
 * Our HMAC-SHA-224 runs about ten times slower than WebCrypto's PBKDF2 and blocks the thread, so its bound is lower
 * than MAX_PBKDF2_ITERATIONS (one million is about two seconds). openssl writes 2048 by default.
 */
export const MAX_SHA224_ITERATIONS = 1_000_000;

/** Derives `length` bytes from a passphrase (its UTF-8 octets, as `openssl -pass` passes them). */
export async function pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, hash: PrfHash, length: number, crypto: Crypto): Promise<Uint8Array> {
  if (hash === 'SHA-224') {
    if (iterations > MAX_SHA224_ITERATIONS) throw new CoreError('unsupported', `PBKDF2 with hmacWithSHA224 is limited to ${MAX_SHA224_ITERATIONS} iterations`);
    return pbkdf2HmacSha224(password, salt, iterations, length);
  }
  const key = await crypto.subtle.importKey('raw', toArrayBuffer(password), 'PBKDF2', false, ['deriveBits']);
  const params: Pbkdf2Params = { name: 'PBKDF2', salt: toArrayBuffer(salt), iterations, hash };
  return new Uint8Array(await crypto.subtle.deriveBits(params, key, length * 8));
}
