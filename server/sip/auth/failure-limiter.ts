/**
 * Counts failed digest attempts (wrong response, unknown user) per connection in a fixed window, so that one
 * connection cannot guess passwords at line rate. Bounded: the oldest counters go first when there are too many.
 * UDP "connections" are source address and port, so this slows a guesser down rather than stopping a determined one.
 */
interface Counter {
  since: number;
  count: number;
}

export interface FailureLimits {
  /** Failures allowed per window before requests are refused without being checked. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_FAILURE_LIMITS: FailureLimits = { maxFailures: 10, windowMs: 60_000 };
const MAX_COUNTERS = 10_000;

export class FailureLimiter {
  readonly #counters = new Map<string, Counter>();

  constructor(readonly limits: FailureLimits = DEFAULT_FAILURE_LIMITS) {}

  blocked(key: string, now: number): boolean {
    const counter = this.#live(key, now);
    return counter !== undefined && counter.count >= this.limits.maxFailures;
  }

  record(key: string, now: number): void {
    const counter = this.#live(key, now);
    if (counter) {
      counter.count++;
      return;
    }
    this.#counters.set(key, { since: now, count: 1 });
    if (this.#counters.size > MAX_COUNTERS) {
      const oldest = this.#counters.keys().next().value;
      if (oldest !== undefined) this.#counters.delete(oldest);
    }
  }

  #live(key: string, now: number): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter && now - counter.since >= this.limits.windowMs) {
      this.#counters.delete(key);
      return undefined;
    }
    return counter;
  }
}
