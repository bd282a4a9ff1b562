/**
 * A bounded cache of values derived from DER bytes, such as a decoded certificate: the same few certificates (ours
 * and the peer's) come with every message and call, and decoding one costs more than the message's crypto.
 *
 * Lookups compare the bytes in full against a private copy, so a hit is always for equal bytes, whether the caller
 * passes the same array again (a WeakMap on the array skips the hash), equal bytes in a new array (FNV-1a hash, then
 * byte equality), or an array it changed since. At most `capacity` values are kept, least recently used first out;
 * an evicted value is dropped from its WeakMap entry too, so nothing outlives the bound but a small shell.
 * Only successes are stored: whatever fails is computed (and fails) again.
 */
import { equalBytes } from '../bytes.ts';

/** Enough for every certificate a user meets in a session, small enough not to matter. */
export const DEFAULT_CACHE_CAPACITY = 256;

interface Entry<V> {
  /** The caller's bytes, copied when stored. */
  readonly bytes: Uint8Array;
  readonly hash: number;
  value: V | undefined;
  evicted: boolean;
}

/** FNV-1a, 32 bits, over all of the bytes: a bucket index, not a proof of equality. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

export class BytesCache<V> {
  private readonly byArray = new WeakMap<Uint8Array, Entry<V>>();
  private readonly byHash = new Map<number, Entry<V>[]>();
  /** Entries, least recently used first (a Set keeps insertion order). */
  private readonly recency = new Set<Entry<V>>();

  constructor(readonly capacity: number = DEFAULT_CACHE_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, not ${capacity}`);
  }

  get size(): number {
    return this.recency.size;
  }

  /** The value stored for bytes equal to `bytes`, if any. */
  get(bytes: Uint8Array): V | undefined {
    const entry = this.find(bytes);
    return entry && this.touch(entry, bytes);
  }

  /** Stores `value` for a copy of `bytes`, evicting the least recently used entry beyond the capacity. */
  set(bytes: Uint8Array, value: V): void {
    const existing = this.find(bytes);
    if (existing) this.remove(existing);
    const copy = new Uint8Array(bytes); // a copy, also of a Node Buffer (whose slice() is a view)
    const entry: Entry<V> = { bytes: copy, hash: fnv1a(copy), value, evicted: false };
    const bucket = this.byHash.get(entry.hash);
    if (bucket) bucket.push(entry);
    else this.byHash.set(entry.hash, [entry]);
    this.recency.add(entry);
    this.byArray.set(bytes, entry);
    while (this.recency.size > this.capacity) this.remove(this.recency.values().next().value!);
  }

  /** The stored value, or `make(bytes)` stored and returned; an exception from `make` stores nothing. */
  getOrCreate(bytes: Uint8Array, make: (bytes: Uint8Array) => V): V {
    const entry = this.find(bytes);
    if (entry) return this.touch(entry, bytes);
    const value = make(bytes);
    this.set(bytes, value);
    return value;
  }

  /** Marks `entry` most recently used, remembers that `bytes` (this array) hold it, and returns its value. */
  private touch(entry: Entry<V>, bytes: Uint8Array): V {
    this.recency.delete(entry);
    this.recency.add(entry);
    this.byArray.set(bytes, entry);
    return entry.value as V;
  }

  private find(bytes: Uint8Array): Entry<V> | undefined {
    const known = this.byArray.get(bytes);
    if (known && !known.evicted && equalBytes(known.bytes, bytes)) return known;
    const bucket = this.byHash.get(fnv1a(bytes));
    return bucket?.find((entry) => equalBytes(entry.bytes, bytes));
  }

  private remove(entry: Entry<V>): void {
    entry.evicted = true;
    entry.value = undefined;
    this.recency.delete(entry);
    const bucket = this.byHash.get(entry.hash);
    if (!bucket) return;
    const rest = bucket.filter((e) => e !== entry);
    if (rest.length > 0) this.byHash.set(entry.hash, rest);
    else this.byHash.delete(entry.hash);
  }
}
