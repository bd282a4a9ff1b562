/**
 * Message digests by their WebCrypto names (FIPS 180-4). SHA-224 is computed by sha224.ts, since WebCrypto has
 * none; the others by `crypto.subtle.digest`.
 */
import { toArrayBuffer } from './bytes.ts';
import { sha224 } from './sha224.ts';

/** The hash functions the core names anywhere: CMS digests and KDFs, PBKDF2 pseudorandom functions. */
export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Inverts a table of one OID per hash, for reading. */
export function hashByOid(oidByHash: Readonly<Record<HashName, string>>): Readonly<Record<string, HashName>> {
  return Object.fromEntries(Object.entries(oidByHash).map(([hash, oid]) => [oid, hash as HashName]));
}

export async function digest(hash: HashName, data: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  if (hash === 'SHA-224') return sha224(data);
  return new Uint8Array(await crypto.subtle.digest(hash, toArrayBuffer(data)));
}
