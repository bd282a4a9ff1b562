/**
 * Token buckets by key (a source address, usually): each key may spend `perSecond` tokens a second, sustained, and
 * up to `burst` at once. The table holds only keys that spent lately: a bucket full again is the same as none, and
 * past `maxKeys` the full ones are dropped first, then the oldest.
 */
export interface TokenRate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly rate: TokenRate,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {
    if (!(rate.perSecond > 0 && rate.burst >= 1)) throw new TypeError('a token rate needs perSecond > 0 and burst >= 1');
  }

  /** Takes one token for `key`: 0 when it had one, otherwise the seconds (at least 1) until it will have one. */
  take(key: string): number {
    const bucket = this.#refill(key);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate.perSecond));
    bucket.tokens -= 1;
    return 0;
  }

  /** Keys held now (tests). */
  get size(): number {
    return this.#buckets.size;
  }

  #refill(key: string): Bucket {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      const fresh = { tokens: this.rate.burst, at: now };
      if (this.#buckets.size >= this.maxKeys) this.#prune(now);
      this.#buckets.set(key, fresh);
      return fresh;
    }
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = now;
    return bucket;
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond >= this.rate.burst) this.#buckets.delete(key);
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.maxKeys) break;
      this.#buckets.delete(key);
    }
  }
}
