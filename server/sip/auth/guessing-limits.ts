/**
 * Limits on password guessing (issue 15 defect 4; docs/server-contacts-and-guessing.md): failed digest attempts
 * (wrong response, unknown user) are counted per username and per source address, each with its own back-off
 * (`FailureLimiter`), so neither new connections nor new usernames give a guesser a fresh budget.
 *
 * - Per user: a known user's counter cannot be pushed out by a flood of made-up usernames (known and unknown
 *   usernames are kept apart); unknown usernames are counted too, so a lock does not tell whether a user exists.
 * - Per address: IPv4 addresses as they are, IPv6 by their /64 (one host usually has a whole /64).
 * - A user is not locked out of an address she authenticated from over a connection (WS, WSS, TCP, TLS; not UDP,
 *   whose source can be spoofed) within `knownAddressMs`: a guesser elsewhere cannot lock her out; that address's
 *   own limit still applies.
 * - Addresses of trusted proxies (`sharedAddresses`, `TrustedProxies`) carry every user behind them: their failures
 *   count per username only, or one guesser would lock all of them out.
 * - Counters in the logs: a warn line when a key is locked (limit, key, failures, lock), and an info line with the
 *   totals (failures, refusals, locks, keys locked now) once per `reportIntervalMs` when anything happened.
 */
import type { Logger } from '../../log.ts';
import { addressKey } from '../transport/address-key.ts';
import { FailureLimiter, type BackOff } from './failure-limiter.ts';

export interface GuessingLimitOptions {
  user?: Partial<BackOff>;
  address?: Partial<BackOff>;
  /** How long a successful login keeps its (user, address) pair out of that user's lock. Default 24 h. */
  knownAddressMs?: number;
  /** Totals are logged at most this often. Default 60 s. */
  reportIntervalMs?: number;
  /** Addresses with no limit of their own (trusted proxies, which speak for many users); usernames are still limited. */
  sharedAddresses?: ReadonlySet<string>;
}

/** Who is attempting: the username in the credentials, whether it exists, and where the request came from. */
export interface Attempt {
  username: string;
  known: boolean;
  address: string;
  /** A connection (WS, WSS, TCP, TLS), not a UDP source address. */
  connection: boolean;
}

const MINUTE = 60_000;
export const DEFAULT_USER_BACK_OFF: BackOff = { freeFailures: 5, firstLockMs: 1000, maxLockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
export const DEFAULT_ADDRESS_BACK_OFF: BackOff = { freeFailures: 20, firstLockMs: 1000, maxLockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
const MAX_KNOWN_PAIRS = 100_000;

export class GuessingLimits {
  readonly #knownUsers: FailureLimiter;
  readonly #unknownUsers: FailureLimiter;
  readonly #addresses: FailureLimiter;
  /** `user \n address` to when the pair stops being known, oldest first. */
  readonly #knownPairs = new Map<string, number>();
  readonly #knownAddressMs: number;
  readonly #sharedAddresses: ReadonlySet<string>;
  readonly #reportIntervalMs: number;
  readonly #log: Logger | undefined;
  #totals = { failures: 0, refused: 0, locks: 0 };
  #lastReport: number | undefined;

  constructor(options: GuessingLimitOptions = {}, log?: Logger) {
    const user = { ...DEFAULT_USER_BACK_OFF, ...options.user };
    this.#knownUsers = new FailureLimiter(user, 100_000);
    this.#unknownUsers = new FailureLimiter(user, 10_000);
    this.#addresses = new FailureLimiter({ ...DEFAULT_ADDRESS_BACK_OFF, ...options.address }, 100_000);
    this.#knownAddressMs = options.knownAddressMs ?? 24 * 60 * MINUTE;
    this.#reportIntervalMs = options.reportIntervalMs ?? MINUTE;
    this.#sharedAddresses = new Set([...(options.sharedAddresses ?? [])].map(addressKey));
    this.#log = log;
  }

  /** ms until the attempt may be checked; 0 when it may be now. A refusal is counted. */
  lockedFor(attempt: Attempt, now: number): number {
    const key = addressKey(attempt.address);
    const address = this.#sharedAddresses.has(key) ? 0 : this.#addresses.lockedFor(key, now);
    const user = this.#isKnownPair(attempt, now) ? 0 : this.#users(attempt).lockedFor(attempt.username, now);
    const wait = Math.max(address, user);
    if (wait > 0) {
      this.#totals.refused++;
      this.#report(now);
    }
    return wait;
  }

  /** A failed attempt: counted under its user and its address. */
  failed(attempt: Attempt, now: number): void {
    this.#totals.failures++;
    const address = addressKey(attempt.address);
    if (!this.#sharedAddresses.has(address)) {
      const byAddress = this.#addresses.record(address, now);
      if (byAddress.lockMs > 0) this.#locked('address', address, byAddress);
    }
    const byUser = this.#users(attempt).record(attempt.username, now);
    if (byUser.lockMs > 0) this.#locked('user', attempt.username.slice(0, 64), byUser);
    this.#report(now);
  }

  /** A successful attempt: over a connection, its address becomes known for the user. */
  succeeded(attempt: Attempt, now: number): void {
    if (!attempt.connection) return;
    const key = `${attempt.username}\n${addressKey(attempt.address)}`;
    this.#knownPairs.delete(key);
    this.#knownPairs.set(key, now + this.#knownAddressMs);
    while (this.#knownPairs.size > MAX_KNOWN_PAIRS) {
      const oldest = this.#knownPairs.keys().next().value;
      if (oldest === undefined) break;
      this.#knownPairs.delete(oldest);
    }
  }

  #users(attempt: Attempt): FailureLimiter {
    return attempt.known ? this.#knownUsers : this.#unknownUsers;
  }

  #isKnownPair(attempt: Attempt, now: number): boolean {
    if (!attempt.connection || !attempt.known) return false;
    const until = this.#knownPairs.get(`${attempt.username}\n${addressKey(attempt.address)}`);
    return until !== undefined && until > now;
  }

  #locked(limit: 'user' | 'address', key: string, result: { lockMs: number; failures: number }): void {
    this.#totals.locks++;
    this.#log?.warn({ limit, key, failures: result.failures, lockMs: result.lockMs }, 'authentication locked after failures');
  }

  #report(now: number): void {
    if (this.#lastReport === undefined) this.#lastReport = now;
    if (now - this.#lastReport < this.#reportIntervalMs) return;
    const lockedUsers = this.#knownUsers.lockedCount(now) + this.#unknownUsers.lockedCount(now);
    this.#log?.info({ ...this.#totals, lockedUsers, lockedAddresses: this.#addresses.lockedCount(now), seconds: Math.round((now - this.#lastReport) / 1000) }, 'authentication failure counters');
    this.#totals = { failures: 0, refused: 0, locks: 0 };
    this.#lastReport = now;
  }
}
