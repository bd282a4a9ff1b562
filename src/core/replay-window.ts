/**
 * A bounded set of one-time keys, each with the time it claims, forgotten once that time leaves a window: the core of
 * a replay cache "similar in nature to Kerberos" (seed 000 section 6; RFC 4120 section 3.2.3). Two caches use it:
 * the S/MIME path's (secure-body/replay-cache.ts, keyed on sender, Call-ID and CSeq) and the pre-shared
 * crypto-system's (security-framework/preshared-replay-cache.ts, keyed on X-SIP-SECURE-TO, -FROM and nonce).
 *
 * The size bound: when full, the entry with the oldest time is dropped and that time becomes the horizon; from then on
 * a key whose time is at or before the horizon is answered as a replay, because the set can no longer tell. So a
 * dropped entry can never be replayed: its time is at or before the horizon while it is still inside the window, and
 * outside the window after that. The cost is that, after more than `maxEntries` accepted keys within one window, a
 * genuine key dated before the horizon is refused too; it cannot be wrongly accepted.
 */
import { CoreError } from './errors.ts';

export class ReplayWindow {
  readonly #windowMs: number;
  readonly #maxEntries: number;
  /** Key text to its claimed time, in milliseconds. */
  readonly #entries = new Map<string, number>();
  /** A key dated at or before this was forgotten while still inside the window: it may come again. */
  #horizon = Number.NEGATIVE_INFINITY;

  constructor(windowSeconds: number, maxEntries: number) {
    if (!Number.isFinite(windowSeconds) || windowSeconds < 0) throw new CoreError('invalid-argument', 'windowSeconds must be a number of seconds, 0 or more');
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new CoreError('invalid-argument', 'maxEntries must be a whole number, 1 or more');
    this.#windowMs = windowSeconds * 1000;
    this.#maxEntries = maxEntries;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Whether `key`, claiming time `atMs`, may be a replay at `nowMs`. A new key inside the window is remembered and
   * answers false; a key seen before, a time outside the window (nothing can show it is not a replay) or a time at or
   * before the horizon answers true. Entries whose time has left the window are forgotten first.
   */
  seen(key: string, atMs: number, nowMs: number): boolean {
    if (!Number.isFinite(atMs) || !Number.isFinite(nowMs)) throw new CoreError('invalid-argument', 'times must be finite numbers of milliseconds');
    this.#forgetBefore(nowMs - this.#windowMs);
    if (Math.abs(nowMs - atMs) > this.#windowMs) return true;
    if (this.#entries.has(key) || atMs <= this.#horizon) return true;
    if (this.#entries.size >= this.#maxEntries) this.#dropOldest();
    this.#entries.set(key, atMs);
    return false;
  }

  #forgetBefore(oldest: number): void {
    for (const [key, at] of this.#entries) if (at < oldest) this.#entries.delete(key);
  }

  #dropOldest(): void {
    let oldestKey: string | undefined;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [key, at] of this.#entries) {
      if (at < oldest) {
        oldest = at;
        oldestKey = key;
      }
    }
    if (oldestKey === undefined) return;
    this.#entries.delete(oldestKey);
    this.#horizon = Math.max(this.#horizon, oldest);
  }
}
