/**
 * A general limit on requests per source address, in the manner of Kamailio's pike module (issue 15 deliverable 4):
 * each address (IPv4 as is, IPv6 by its /64) may send `maxRequestsPerSecond` requests a second sustained and
 * `requestBurst` at once. Beyond it a request over UDP is dropped (an answer would make us a reflector for a spoofed
 * source) and one over a connection gets a stateless 503 with Retry-After (RFC 3261 section 21.5.4), before any
 * transaction or handler sees it. ACKs are never counted: they complete transactions already paid for.
 *
 * Not held to it: loopback peers unless `capLoopback` (a co-located edge proxy carries every user), and trusted
 * proxies (`exempt`), which bring many users from one address and limit them themselves.
 *
 * Counters in the logs: a warn line when an address starts being limited, and an info line with the totals (requests
 * limited, addresses limited) at most once per `reportIntervalMs` when anything was limited.
 */
import type { Logger } from '../../log.ts';
import { addressKey } from './address-key.ts';
import type { SipConnection } from './connection.ts';
import { TokenBuckets } from './token-buckets.ts';

export interface RequestRateOptions {
  maxRequestsPerSecond: number;
  requestBurst: number;
  capLoopback: boolean;
  /** Connections not limited (trusted proxies). */
  exempt?: (connection: SipConnection) => boolean;
  log?: Logger;
  now?: () => number;
  reportIntervalMs?: number;
}

export type RateVerdict = { admitted: true } | { admitted: false; retryAfterSeconds: number };

const ADMITTED: RateVerdict = { admitted: true };

export class RequestRateLimit {
  readonly #buckets: TokenBuckets;
  readonly #options: RequestRateOptions;
  readonly #now: () => number;
  /** Addresses limited since the last report, with how many of their requests were. */
  #limited = new Map<string, number>();
  #lastReport: number;

  constructor(options: RequestRateOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#buckets = new TokenBuckets({ perSecond: options.maxRequestsPerSecond, burst: options.requestBurst }, this.#now, 100_000);
    this.#lastReport = this.#now();
  }

  /** Counts a request from `connection`'s address; whether it may be handled. */
  admit(connection: SipConnection): RateVerdict {
    if (connection.loopback && !this.#options.capLoopback) return ADMITTED;
    if (this.#options.exempt?.(connection)) return ADMITTED;
    const key = addressKey(connection.remoteAddress);
    const wait = this.#buckets.take(key);
    if (wait === 0) {
      this.#report();
      return ADMITTED;
    }
    const count = this.#limited.get(key) ?? 0;
    if (count === 0) this.#options.log?.warn({ address: key, maxRequestsPerSecond: this.#options.maxRequestsPerSecond, burst: this.#options.requestBurst }, 'request rate limit reached');
    this.#limited.set(key, count + 1);
    this.#report();
    return { admitted: false, retryAfterSeconds: wait };
  }

  #report(): void {
    const now = this.#now();
    if (now - this.#lastReport < (this.#options.reportIntervalMs ?? 60_000)) return;
    if (this.#limited.size > 0) {
      const requests = [...this.#limited.values()].reduce((a, b) => a + b, 0);
      this.#options.log?.info({ limitedRequests: requests, limitedAddresses: this.#limited.size, seconds: Math.round((now - this.#lastReport) / 1000) }, 'request rate counters');
    }
    this.#limited = new Map();
    this.#lastReport = now;
  }
}
