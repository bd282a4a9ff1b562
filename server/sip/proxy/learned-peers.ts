/**
 * The UDP addresses the proxy may send requests to although no registration names them: those that sent us a
 * dialog-creating request we record-routed (rfc3261#section-16.6 step 4), so that the callee's in-dialog requests
 * (BYE, re-INVITE, NOTIFY) reach a caller from another domain back. Anything else over UDP would let a stranger make
 * us send (and retransmit) to any host and port: issue 15, docs/server-proxy-hardening.md.
 *
 * Bounded: at most `max` addresses, each forgotten `ttlMs` after it was last learned or used (the oldest first when
 * full). Connection-oriented transports need no entry: a connection the peer opened is never a reflection.
 */
import type { SipConnection } from '../transport/connection.ts';

export interface LearnedPeersOptions {
  /** Default 10,000 addresses. */
  max?: number;
  /** Default 12 hours: longer than a call. */
  ttlMs?: number;
  /** ms since the epoch. */
  now?: () => number;
}

export class LearnedPeers {
  readonly #until = new Map<string, number>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: LearnedPeersOptions = {}) {
    this.#max = options.max ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 12 * 3600_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#until.size;
  }

  /** Remembers the address `connection` reaches (UDP only; other transports are ignored). */
  learn(connection: SipConnection): void {
    if (connection.transport !== 'UDP') return;
    this.#touch(keyOf(connection));
  }

  /** Whether a request may go out on `connection`: any open connection-oriented one, a UDP address only if learned. */
  allows(connection: SipConnection): boolean {
    if (connection.transport !== 'UDP') return connection.open;
    const key = keyOf(connection);
    const until = this.#until.get(key);
    if (until === undefined) return false;
    if (until <= this.#now()) {
      this.#until.delete(key);
      return false;
    }
    this.#touch(key);
    return true;
  }

  #touch(key: string): void {
    this.#until.delete(key); // re-inserted last: Map order is then least recently used first
    if (this.#until.size >= this.#max) this.#until.delete(this.#until.keys().next().value!);
    this.#until.set(key, this.#now() + this.#ttlMs);
  }
}

function keyOf(connection: SipConnection): string {
  return `${connection.remoteAddress}|${connection.remotePort}`;
}
