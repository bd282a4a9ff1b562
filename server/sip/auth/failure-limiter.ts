/**
 * Back-off after failed digest attempts, per key (a username, a source address): the first `freeFailures` cost
 * nothing; from then on each failure locks the key for `firstLockMs`, doubled with every further failure, at most
 * `maxLockMs`. While locked, attempts under the key are refused unchecked (the authenticator answers 403 with
 * Retry-After, issue 15 defect 4). A key with no failure for `forgetAfterMs` (and no lock left) starts over.
 *
 * A guesser who waits out every lock gets one guess per lock, so the rate falls to one per `maxLockMs` after
 * about log2(maxLockMs / firstLockMs) locks. An honest user who mistypes a few times never waits.
 *
 * Bounded: at most `maxKeys` counters; the one whose last failure is oldest goes first.
 */
export interface BackOff {
  /** Failures before the first lock. */
  freeFailures: number;
  /** The first lock; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long and no lock left is forgotten. */
  forgetAfterMs: number;
}

interface Counter {
  failures: number;
  /** ms since the epoch of the last failure. */
  last: number;
  lockedUntil: number;
}

export class FailureLimiter {
  /** In order of last failure, oldest first. */
  readonly #counters = new Map<string, Counter>();

  constructor(
    readonly backOff: BackOff,
    readonly maxKeys: number = 10_000,
  ) {
    if (!(backOff.freeFailures >= 1) || !(backOff.firstLockMs > 0) || !(backOff.maxLockMs >= backOff.firstLockMs)) {
      throw new TypeError('a back-off needs freeFailures >= 1 and 0 < firstLockMs <= maxLockMs');
    }
  }

  get size(): number {
    return this.#counters.size;
  }

  /** ms left of the key's lock; 0 when it is not locked. */
  lockedFor(key: string, now: number): number {
    const counter = this.#live(key, now);
    return counter === undefined ? 0 : Math.max(0, counter.lockedUntil - now);
  }

  /** Counts a failure under the key; returns the lock it starts in ms (0 for none) and the failures so far. */
  record(key: string, now: number): { lockMs: number; failures: number } {
    const counter = this.#live(key, now) ?? { failures: 0, last: now, lockedUntil: 0 };
    counter.failures++;
    counter.last = now;
    const over = counter.failures - this.backOff.freeFailures;
    const lockMs = over < 0 ? 0 : Math.min(this.backOff.maxLockMs, this.backOff.firstLockMs * 2 ** Math.min(over, 40));
    if (lockMs > 0) counter.lockedUntil = Math.max(counter.lockedUntil, now + lockMs);
    this.#counters.delete(key); // re-inserted as the newest
    this.#counters.set(key, counter);
    while (this.#counters.size > this.maxKeys) {
      const oldest = this.#counters.keys().next().value;
      if (oldest === undefined) break;
      this.#counters.delete(oldest);
    }
    return { lockMs, failures: counter.failures };
  }

  /** Keys locked at `now` (for the counters in the logs). */
  lockedCount(now: number): number {
    let n = 0;
    for (const counter of this.#counters.values()) if (counter.lockedUntil > now) n++;
    return n;
  }

  #live(key: string, now: number): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter && now - counter.last >= this.backOff.forgetAfterMs && now >= counter.lockedUntil) {
      this.#counters.delete(key);
      return undefined;
    }
    return counter;
  }
}
