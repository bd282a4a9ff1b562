/**
 * The caches that keep per-certificate work (der/bytes-cache.ts, x509/public-key-cache.ts): a hit only for equal
 * bytes, whichever array they come in; never for other bytes, even with the same hash; bounded.
 */
import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/core/bytes.ts';
import { BytesCache, DEFAULT_CACHE_CAPACITY, fnv1a } from '../../../src/core/der/index.ts';
import { createSelfSignedCertificate, importPublicKeys, parseCertificate } from '../../../src/core/x509/index.ts';
import { importSubjectPublicKey } from '../../../src/core/x509/public-key-cache.ts';
import { encodeDer } from '../../../src/core/der/index.ts';

/** Two 8-octet arrays with the same FNV-1a hash (found by search), to prove that equal hashes are not enough. */
const COLLIDING = [fromHex('772e6dcf3f9b83b9'), fromHex('af6f77f533dcdb1f')] as const;

describe('BytesCache', () => {
  it('the colliding pair really collides', () => {
    expect(fnv1a(COLLIDING[0])).toBe(fnv1a(COLLIDING[1]));
  });

  it('hits for the same bytes in the same array and in a new array', () => {
    const cache = new BytesCache<string>();
    const bytes = Uint8Array.of(1, 2, 3);
    cache.set(bytes, 'one-two-three');
    expect(cache.get(bytes)).toBe('one-two-three');
    expect(cache.get(Uint8Array.of(1, 2, 3))).toBe('one-two-three');
    expect(cache.get(new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4))).toBe('one-two-three');
  });

  const misses: { name: string; stored: Uint8Array; asked: () => Uint8Array }[] = [
    { name: 'one octet changed', stored: Uint8Array.of(1, 2, 3), asked: () => Uint8Array.of(1, 2, 4) },
    { name: 'a prefix', stored: Uint8Array.of(1, 2, 3), asked: () => Uint8Array.of(1, 2) },
    { name: 'one octet more', stored: Uint8Array.of(1, 2, 3), asked: () => Uint8Array.of(1, 2, 3, 0) },
    { name: 'empty', stored: Uint8Array.of(1, 2, 3), asked: () => new Uint8Array(0) },
    { name: 'other bytes with the same hash', stored: COLLIDING[0], asked: () => COLLIDING[1].slice() },
  ];
  it.each(misses)('never hits for other bytes: $name', ({ stored, asked }) => {
    const cache = new BytesCache<string>();
    cache.set(stored, 'stored');
    expect(cache.get(asked())).toBeUndefined();
  });

  it('keeps values apart whose bytes have the same hash', () => {
    const cache = new BytesCache<string>();
    cache.set(COLLIDING[0], 'first');
    cache.set(COLLIDING[1], 'second');
    expect(cache.get(COLLIDING[0].slice())).toBe('first');
    expect(cache.get(COLLIDING[1].slice())).toBe('second');
  });

  it('an array changed after it was stored gets the value of its new bytes, not the stale one', () => {
    const cache = new BytesCache<string>();
    const bytes = Uint8Array.of(1, 2, 3);
    cache.set(bytes, 'before');
    bytes[2] = 9;
    expect(cache.get(bytes)).toBeUndefined();
    expect(cache.getOrCreate(bytes, () => 'after')).toBe('after');
    expect(cache.get(Uint8Array.of(1, 2, 3))).toBe('before');
  });

  it('keeps a copy also of a Node Buffer (whose slice() is a view), so reusing its memory changes nothing', () => {
    const cache = new BytesCache<string>();
    const pooled = Buffer.from([1, 2, 3]);
    cache.set(pooled, 'one-two-three');
    pooled.set([4, 5, 6]);
    expect(cache.get(pooled)).toBeUndefined();
    expect(cache.get(Uint8Array.of(4, 5, 6))).toBeUndefined();
    expect(cache.get(Uint8Array.of(1, 2, 3))).toBe('one-two-three');
  });

  it('keeps a copy: changing the stored array does not change the key', () => {
    const cache = new BytesCache<string>();
    const bytes = Uint8Array.of(7, 7);
    cache.set(bytes, 'seven');
    bytes.fill(0);
    expect(cache.get(Uint8Array.of(7, 7))).toBe('seven');
  });

  it('getOrCreate computes once, and stores nothing when the computation throws', () => {
    const cache = new BytesCache<number>();
    let calls = 0;
    const make = (): number => ++calls;
    expect(cache.getOrCreate(Uint8Array.of(5), make)).toBe(1);
    expect(cache.getOrCreate(Uint8Array.of(5), make)).toBe(1);
    expect(() => cache.getOrCreate(Uint8Array.of(6), () => { throw new Error('no'); })).toThrow('no');
    expect(cache.size).toBe(1);
    expect(cache.getOrCreate(Uint8Array.of(6), make)).toBe(2);
  });

  it('is bounded: the least recently used entry goes first, also for an array it was looked up with', () => {
    const cache = new BytesCache<string>(2);
    const a = Uint8Array.of(0xa);
    cache.set(a, 'a');
    cache.set(Uint8Array.of(0xb), 'b');
    expect(cache.get(a)).toBe('a'); // a is now more recent than b
    cache.set(Uint8Array.of(0xc), 'c');
    expect(cache.size).toBe(2);
    expect(cache.get(Uint8Array.of(0xb))).toBeUndefined();
    cache.set(Uint8Array.of(0xd), 'd');
    expect(cache.size).toBe(2);
    expect(cache.get(a)).toBeUndefined(); // not kept alive by the WeakMap on the array
    expect(cache.get(Uint8Array.of(0xc))).toBe('c');
    expect(cache.get(Uint8Array.of(0xd))).toBe('d');
  });

  it('holds at most its capacity', () => {
    const cache = new BytesCache<number>();
    expect(cache.capacity).toBe(DEFAULT_CACHE_CAPACITY);
    for (let i = 0; i < DEFAULT_CACHE_CAPACITY * 3; i++) cache.set(Uint8Array.of(i >> 8, i & 0xff), i);
    expect(cache.size).toBe(DEFAULT_CACHE_CAPACITY);
    expect(cache.get(Uint8Array.of(0, 0))).toBeUndefined();
    expect(cache.get(Uint8Array.of((DEFAULT_CACHE_CAPACITY * 3 - 1) >> 8, (DEFAULT_CACHE_CAPACITY * 3 - 1) & 0xff))).toBe(DEFAULT_CACHE_CAPACITY * 3 - 1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BytesCache(0)).toThrow(RangeError);
    expect(() => new BytesCache(1.5)).toThrow(RangeError);
  });
});

describe('importSubjectPublicKey', () => {
  const crypto = globalThis.crypto;
  const ecdsa: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
  let alice: Uint8Array;
  let bob: Uint8Array;
  let rsa: Uint8Array;

  const spkiOf = async (der: Uint8Array): Promise<Uint8Array> => encodeDer((await parseCertificate(der, crypto)).pkijs.subjectPublicKeyInfo.toSchema());

  beforeAll(async () => {
    alice = await spkiOf((await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, crypto)).certificateDer);
    bob = await spkiOf((await createSelfSignedCertificate({ aor: 'sip:bob@example.test' }, crypto)).certificateDer);
    rsa = await spkiOf((await createSelfSignedCertificate({ aor: 'sip:carol@example.test', keyType: 'RSA-2048' }, crypto)).certificateDer);
  });

  it('imports once per key: equal bytes in a new array give the same CryptoKey', async () => {
    const first = await importSubjectPublicKey(alice, ecdsa, ['verify'], crypto);
    expect(await importSubjectPublicKey(alice.slice(), ecdsa, ['verify'], crypto)).toBe(first);
    expect(first.type).toBe('public');
    expect(first.extractable).toBe(false);
    expect(first.usages).toEqual(['verify']);
  });

  it('another key, another use, another hash or another Crypto is another CryptoKey', async () => {
    const first = await importSubjectPublicKey(alice, ecdsa, ['verify'], crypto);
    const others = [
      await importSubjectPublicKey(bob, ecdsa, ['verify'], crypto),
      await importSubjectPublicKey(alice, { name: 'ECDH', namedCurve: 'P-256' }, [], crypto),
      await importSubjectPublicKey(alice, ecdsa, ['verify'], new PeculiarCrypto() as unknown as Crypto),
    ];
    for (const other of others) expect(other).not.toBe(first);
    const sha256 = await importSubjectPublicKey(rsa, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify'], crypto);
    const sha384 = await importSubjectPublicKey(rsa, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, ['verify'], crypto);
    expect(sha384).not.toBe(sha256);
    expect((sha384.algorithm as RsaHashedKeyAlgorithm).hash.name).toBe('SHA-384');
  });

  it('a key WebCrypto refuses is refused every time, never remembered', async () => {
    const broken = alice.slice(0, alice.length - 1);
    await expect(importSubjectPublicKey(broken, ecdsa, ['verify'], crypto)).rejects.toThrow();
    await expect(importSubjectPublicKey(broken, ecdsa, ['verify'], crypto)).rejects.toThrow();
    await expect(importSubjectPublicKey(rsa, ecdsa, ['verify'], crypto)).rejects.toThrow();
  });

  it('gives keys that work like importPublicKeys ones', async () => {
    const made = await createSelfSignedCertificate({ aor: 'sip:dave@example.test' }, crypto);
    const parsed = await parseCertificate(made.certificateDer, crypto);
    const key = await importSubjectPublicKey(encodeDer(parsed.pkijs.subjectPublicKeyInfo.toSchema()), ecdsa, ['verify'], crypto);
    const data = Uint8Array.of(1, 2, 3);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, made.keys.signing, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, data)).toBe(true);
    const reference = await importPublicKeys(parsed, crypto);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, reference.verify, signature, data)).toBe(true);
  });
});
