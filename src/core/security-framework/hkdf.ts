/**
 * HKDF-SHA-256 (RFC 5869) through WebCrypto: the key derivation of the pre-shared crypto-system's keys
 * (key-derivation.ts). Proved against RFC 5869 test case 1 (A.1).
 */
import { toArrayBuffer } from '../bytes.ts';

/** `length` octets of OKM = HKDF-Expand(HKDF-Extract(salt, ikm), info, length) (RFC 5869 section 2). */
export async function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number, crypto: Crypto): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', toArrayBuffer(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: toArrayBuffer(salt), info: toArrayBuffer(info) }, key, length * 8);
  return new Uint8Array(bits);
}
