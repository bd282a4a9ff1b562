/**
 * The pre-shared crypto-system's replay cache (seed 000 section 6): "the replay cache is keyed off of the tuple
 * (X-SIP-SECURE-TO, X-SIP-SECURE-FROM, nonce) where entries should be deleted after some amount of time", "similar
 * in nature to [KERBEROS]". An entry is kept while its timestamp is inside the clock-skew window (openPreshared
 * refuses a timestamp outside it as stale, so nothing older can come back); the size bound and its horizon are
 * src/core/replay-window.ts's. Only attachments whose checksum verified may be entered (openPreshared does so), so a
 * forger cannot fill the cache.
 *
 * Addresses are compared as secure-address.ts compares them: realm without case, user exactly, scheme ignored.
 */
import { ReplayWindow } from '../replay-window.ts';
import { FrameworkError } from './framework-error.ts';
import { realmOf, type SecureAddress } from './secure-address.ts';

/** Kerberos' customary clock skew (RFC 4120 section 1.6 recommends five minutes); browsers' clocks drift that much. */
export const DEFAULT_SKEW_SECONDS = 300;
export const DEFAULT_PRESHARED_REPLAY_ENTRIES = 4096;

export interface PresharedReplayKey {
  secureTo: SecureAddress;
  secureFrom: SecureAddress;
  nonce: string;
}

export interface PresharedReplayCacheOptions {
  /** The clock-skew window, in seconds either side of now; default DEFAULT_SKEW_SECONDS. */
  skewSeconds?: number;
  /** The most entries kept; default DEFAULT_PRESHARED_REPLAY_ENTRIES. */
  maxEntries?: number;
}

export class PresharedReplayCache {
  readonly skewSeconds: number;
  readonly #window: ReplayWindow;

  constructor(options: PresharedReplayCacheOptions = {}) {
    this.skewSeconds = options.skewSeconds ?? DEFAULT_SKEW_SECONDS;
    this.#window = new ReplayWindow(this.skewSeconds, options.maxEntries ?? DEFAULT_PRESHARED_REPLAY_ENTRIES);
  }

  get size(): number {
    return this.#window.size;
  }

  /**
   * Whether the key, stamped `timeSeconds` (seconds since 1970), may be a replay at `now`: seen before, outside the
   * window, or at or before the horizon of a full cache. A new key is remembered and answers false.
   */
  seen(key: PresharedReplayKey, timeSeconds: number, now: Date = new Date()): boolean {
    if (typeof key?.nonce !== 'string' || !key.secureTo || !key.secureFrom) throw new FrameworkError('malformed', 'a replay key needs X-SIP-SECURE-TO, -FROM and a nonce');
    const text = JSON.stringify([entity(key.secureTo), entity(key.secureFrom), key.nonce]);
    return this.#window.seen(text, timeSeconds * 1000, now.getTime());
  }
}

function entity(address: SecureAddress): string {
  return `${address.user}@${realmOf(address)}`;
}
