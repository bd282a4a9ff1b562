/**
 * When to try the WebSocket again after it was lost (RFC 7118 section 5.5 leaves it to the user agent; RFC 5626
 * section 4.5 asks for an exponential backoff with a random part, so that the many phones a restarted server loses
 * do not all come back in the same instant).
 *
 * Attempt n (1, 2, ...) waits a random time between half and all of `min(maxMs, firstMs * 2^(n-1))` ("equal jitter"):
 * with the defaults 0.5-1 s, then 1-2 s, then 1.5-3 s for ever. The cap is small on purpose: a phone is back within
 * about 3 s of its server (issue 17: every phone registered again within 5 s of a restart), and an attempt at a
 * server that is down costs it one refused TCP connection.
 *
 *   idle --lost()--> waiting --(timer)--> trying --connected()--> idle
 *                       ^                    |
 *                       +------lost()--------+          stop(): idle from anywhere, no timer left
 */

export interface ReconnectPolicyOptions {
  /** The ceiling of the first delay, ms (default 1000: a first try after 0.5-1 s). */
  firstMs?: number;
  /** The largest ceiling, ms (default 3000). */
  maxMs?: number;
  /** Uniform in [0, 1); default Math.random. */
  random?: () => number;
}

export const DEFAULT_RECONNECT: Required<Omit<ReconnectPolicyOptions, 'random'>> = { firstMs: 1_000, maxMs: 3_000 };

/** The delay before attempt `attempt` (1-based), ms. */
export function reconnectDelayMs(attempt: number, options: ReconnectPolicyOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new TypeError(`attempt must be a whole number from 1, not ${attempt}`);
  const firstMs = options.firstMs ?? DEFAULT_RECONNECT.firstMs;
  const maxMs = options.maxMs ?? DEFAULT_RECONNECT.maxMs;
  if (!(firstMs > 0) || !(maxMs >= firstMs)) throw new TypeError('expected 0 < firstMs <= maxMs');
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.min(attempt - 1, 30));
  const random = options.random ?? Math.random;
  return ceiling / 2 + (random() * ceiling) / 2;
}

export interface ReconnectTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: ReconnectTimers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Drives `reconnect` by the policy: told of every loss and every success, it keeps at most one timer. */
export class ReconnectSchedule {
  #attempts = 0;
  #timer: unknown = null;
  #stopped = false;

  constructor(
    private readonly reconnect: () => void,
    private readonly options: ReconnectPolicyOptions = {},
    private readonly timers: ReconnectTimers = globalTimers,
  ) {}

  /** Attempts since the last success. */
  get attempts(): number {
    return this.#attempts;
  }

  /** The connection was lost, or an attempt failed: the next attempt is scheduled (one at a time). */
  lost(): void {
    if (this.#stopped) return;
    this.#clear();
    this.#attempts += 1;
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) this.reconnect();
    }, reconnectDelayMs(this.#attempts, this.options));
  }

  /** Connected: the next loss starts again from the first, short delay. */
  connected(): void {
    this.#clear();
    this.#attempts = 0;
  }

  /** Signed out: nothing more is tried. */
  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
