/**
 * Replay protection with the nonce-count (RFC 7616 section 3.4.5 `nc`, section 5.5): the highest nc accepted per
 * (username, nonce); a request whose nc is not higher is a replay. Bounded memory:
 *
 * - an entry lives no longer than its nonce (an expired nonce fails as stale before the cache is asked);
 * - when the cache is full the oldest entry goes and its issue time raises a floor: a nonce issued at or before the
 *   floor that is no longer in the cache may have been used, so it counts as used up. The client then gets a fresh
 *   nonce with `stale=true` and retries without asking its user, so nothing legitimate fails.
 */
interface Entry {
  issuedAt: number;
  nc: number;
}

export const DEFAULT_NONCE_COUNT_ENTRIES = 100_000;

export class NonceCountCache {
  /** In order of first use, which is close to the order of issue. */
  readonly #entries = new Map<string, Entry>();
  #floor = Number.NEGATIVE_INFINITY;

  constructor(
    readonly lifetimeMs: number,
    readonly maxEntries: number = DEFAULT_NONCE_COUNT_ENTRIES,
  ) {
    if (!(maxEntries >= 1)) throw new TypeError('the nonce-count cache needs room for at least one entry');
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Accepts `nc` for the key when it is higher than any accepted before, and remembers it; false for a replay. */
  use(key: string, issuedAt: number, nc: number, now: number): boolean {
    this.#prune(now);
    const entry = this.#entries.get(key);
    if (entry) {
      if (nc <= entry.nc) return false;
      entry.nc = nc;
      return true;
    }
    if (issuedAt <= this.#floor) return false;
    this.#entries.set(key, { issuedAt, nc });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.entries().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest[0]);
      this.#floor = Math.max(this.#floor, oldest[1].issuedAt);
    }
    return true;
  }

  /** Drops entries from the front whose nonce has expired, up to the first live one (amortised O(1)). */
  #prune(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.issuedAt <= this.lifetimeMs) return;
      this.#entries.delete(key);
    }
  }
}
