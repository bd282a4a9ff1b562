/**
 * Certificate public keys imported into WebCrypto once per Crypto, SubjectPublicKeyInfo (RFC 5280 section
 * 4.1.2.7) and use, instead of once per message: `importKey('spki', ...)` parses the key each time, and the same
 * few certificates sign and receive every message. A CryptoKey belongs to the Crypto that made it, so each Crypto
 * has its own cache; keys are imported non-extractable. Only public keys are kept here, never private ones.
 */
import { toArrayBuffer } from '../bytes.ts';
import { BytesCache, DEFAULT_CACHE_CAPACITY } from '../der/index.ts';

export type PublicKeyImportAlgorithm = EcKeyImportParams | RsaHashedImportParams;

const caches = new WeakMap<Crypto, BytesCache<Map<string, CryptoKey>>>();

function useKey(algorithm: PublicKeyImportAlgorithm, usages: readonly KeyUsage[]): string {
  const parameter = 'namedCurve' in algorithm ? algorithm.namedCurve : typeof algorithm.hash === 'string' ? algorithm.hash : algorithm.hash.name;
  return `${algorithm.name}/${parameter}/${[...usages].sort().join(',')}`;
}

/**
 * `crypto.subtle.importKey('spki', spki, algorithm, false, usages)`, remembered for equal `spki` bytes. A failed
 * import is not remembered: it throws what WebCrypto threw, every time.
 */
export async function importSubjectPublicKey(spki: Uint8Array, algorithm: PublicKeyImportAlgorithm, usages: readonly KeyUsage[], crypto: Crypto): Promise<CryptoKey> {
  let cache = caches.get(crypto);
  if (!cache) {
    cache = new BytesCache(DEFAULT_CACHE_CAPACITY);
    caches.set(crypto, cache);
  }
  const use = useKey(algorithm, usages);
  const known = cache.get(spki)?.get(use);
  if (known) return known;
  const key = await crypto.subtle.importKey('spki', toArrayBuffer(spki), algorithm, false, [...usages]);
  const byUse = cache.getOrCreate(spki, () => new Map());
  byUse.set(use, key);
  return key;
}
