/**
 * HMAC-SHA-256 (RFC 2104, FIPS 180-4) through WebCrypto: the keyed checksum of the pre-shared crypto-system's
 * Authorization field (seed 000 section 6). Verification goes through `subtle.verify`, which compares in constant time.
 * Proved against RFC 4231 test cases 1 and 2 (test/core/security-framework/transforms.test.ts).
 */
import { toArrayBuffer } from '../bytes.ts';

/** A key for both signing and verifying; `raw` may be any length (RFC 2104 section 2 hashes a long one). */
export async function importHmacSha256Key(raw: Uint8Array, crypto: Crypto): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', toArrayBuffer(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The 32-octet tag of `data`. */
export async function hmacSha256(key: CryptoKey, data: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, toArrayBuffer(data)));
}

/** Whether `tag` is the tag of `data`, compared in constant time by WebCrypto. */
export async function verifyHmacSha256(key: CryptoKey, tag: Uint8Array, data: Uint8Array, crypto: Crypto): Promise<boolean> {
  return crypto.subtle.verify('HMAC', key, toArrayBuffer(tag), toArrayBuffer(data));
}
