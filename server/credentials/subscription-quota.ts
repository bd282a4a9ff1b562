/**
 * What one party may hold of the notifier (issue 15, defect 6): subscriptions bound to the connection that made them,
 * at most `perConnection` of them on one connection and `perAddress` from one source address, and new subscriptions
 * (each costs a signed NOTIFY at once, RFC 6072 section 8) at a sustained `newPerSecond` per address with bursts up
 * to `newBurst` (a token bucket, in the manner of Kamailio's pike module). A stream connection (WebSocket, TCP, TLS)
 * that closes takes its subscriptions with it (rfc6665#section-4.1.3 lets a notifier drop them; the softphone
 * subscribes again after it reconnects). This machine (loopback: development, tests, benches, a co-located edge
 * proxy), and a trusted proxy elsewhere (`sharedOrigin`), is not held to the per-address limits; every connection is held to its own, and such a connection to
 * the rate of new ones as if it were an address of its own (behind a co-located proxy every remote party arrives from
 * loopback: each fetch costs a signed NOTIFY kept for 32 s, so the rate is what bounds the memory). Defaults in
 * docs/server-limits.md.
 */
import type { SipConnection } from '../sip/transport/connection.ts';
import { TokenBuckets } from '../sip/transport/token-buckets.ts';

export interface SubscriptionLimits {
  /** Subscriptions on one connection (a browser watches each contact's certificate and its own credential). */
  perConnection: number;
  /** Subscriptions from one source address (all its connections). */
  perAddress: number;
  /** New subscriptions and fetches per second from one source address, sustained. */
  newPerSecond: number;
  /** ... and in a burst (a sign-in subscribes to every contact at once). */
  newBurst: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perConnection: 1000, perAddress: 5000, newPerSecond: 50, newBurst: 500 };

/** Why a new subscription is refused, as the notifier answers it. */
export type QuotaRefusal = { status: 403; reason: string } | { status: 503; reason: string; retryAfterSeconds: number };

/** A subscription as the quota sees it: where it lives now. */
export interface Held {
  connection: SipConnection;
}

export class SubscriptionQuota<S extends Held> {
  readonly #byConnection = new Map<string, Set<S>>();
  readonly #perAddress = new Map<string, number>();
  readonly #newOnes: TokenBuckets;

  constructor(
    private readonly limits: SubscriptionLimits,
    now: () => number,
    /** Connections that carry many parties from one address, as loopback does (trusted proxies). */
    private readonly sharedOrigin: (connection: SipConnection) => boolean = () => false,
  ) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isFinite(value) || value <= 0) throw new TypeError(`subscription limit ${name} must be a positive number`);
    }
    this.#newOnes = new TokenBuckets({ perSecond: limits.newPerSecond, burst: Math.max(1, limits.newBurst) }, now);
  }

  /** Whether `connection` may start one more subscription (or a fetch, `standing` false); takes a token when it may. */
  admit(connection: SipConnection, standing: boolean): QuotaRefusal | undefined {
    if (standing && (this.#byConnection.get(connection.id)?.size ?? 0) >= this.limits.perConnection) {
      return { status: 403, reason: `Forbidden: more than ${this.limits.perConnection} subscriptions on one connection` };
    }
    const shared = connection.loopback || this.sharedOrigin(connection);
    if (!shared && standing && (this.#perAddress.get(connection.remoteAddress) ?? 0) >= this.limits.perAddress) {
      return { status: 403, reason: `Forbidden: more than ${this.limits.perAddress} subscriptions from one address` };
    }
    const wait = this.#newOnes.take(shared ? `connection ${connection.id}` : connection.remoteAddress);
    return wait === 0 ? undefined : { status: 503, reason: 'Service Unavailable: too many new subscriptions', retryAfterSeconds: wait };
  }

  /** `sub` now lives on its connection. */
  add(sub: S): void {
    let set = this.#byConnection.get(sub.connection.id);
    if (set === undefined) this.#byConnection.set(sub.connection.id, (set = new Set()));
    if (set.has(sub)) return;
    set.add(sub);
    this.#count(sub.connection.remoteAddress, 1);
  }

  /** `sub` is gone (ended, expired, refused by its subscriber). */
  remove(sub: S): void {
    const set = this.#byConnection.get(sub.connection.id);
    if (set === undefined || !set.delete(sub)) return;
    if (set.size === 0) this.#byConnection.delete(sub.connection.id);
    this.#count(sub.connection.remoteAddress, -1);
  }

  /** A refresh came over `connection`: the subscription moves there (its NOTIFYs follow it). */
  move(sub: S, connection: SipConnection): void {
    this.remove(sub);
    sub.connection = connection;
    this.add(sub);
  }

  /** The subscriptions a closed stream connection held; the quota forgets them. UDP has no connection to close. */
  closed(connection: SipConnection): S[] {
    if (connection.transport === 'UDP') return [];
    const set = this.#byConnection.get(connection.id);
    if (set === undefined) return [];
    const held = [...set];
    for (const sub of held) this.remove(sub);
    return held;
  }

  #count(address: string, delta: number): void {
    const next = (this.#perAddress.get(address) ?? 0) + delta;
    if (next <= 0) this.#perAddress.delete(address);
    else this.#perAddress.set(address, next);
  }
}
