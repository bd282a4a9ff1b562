/** RFC 3261 section 17 timer values (Table 4 of appendix A), injectable so tests can run them fast. */
export interface TransactionTimers {
  /** RTT estimate, 500 ms. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s. */
  T2: number;
  /** Maximum time a message remains in the network, 5 s. */
  T4: number;
  /** Proxy INVITE transaction timeout (RFC 3261 section 16.6 step 11), more than 3 minutes. */
  C: number;
}

export const DEFAULT_TIMERS: Readonly<TransactionTimers> = Object.freeze({ T1: 500, T2: 4000, T4: 5000, C: 181_000 });

/** One-shot and repeating timers that a transaction cancels all at once when it ends. */
export class TimerSet {
  #handles = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): void {
    const handle = setTimeout(() => {
      this.#handles.delete(handle);
      fn();
    }, ms);
    handle.unref();
    this.#handles.add(handle);
  }

  /** Calls `fn` after `first`, then after doubling intervals capped at `cap` (Timers A, E, G). */
  backoff(first: number, cap: number, fn: () => void): void {
    let interval = first;
    const tick = () => {
      fn();
      interval = Math.min(interval * 2, cap);
      this.after(interval, tick);
    };
    this.after(interval, tick);
  }

  clear(): void {
    for (const handle of this.#handles) clearTimeout(handle);
    this.#handles.clear();
  }
}
