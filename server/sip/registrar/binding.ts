/** One registered contact of an address-of-record (RFC 3261 section 10.3): what the registrar keeps and the proxy reads. */
import type { NameAddr } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';

export interface Binding {
  /** The AOR key, `sip:user@domain` (see `aorKey`). */
  readonly aor: string;
  /** The Contact as registered, without its `expires` parameter and display name; other parameters as written. */
  readonly contact: NameAddr;
  /** `formatUri(contact.uri)`: the target the proxy sends to (RFC 3261 section 16.5). */
  readonly uri: string;
  /** `+sip.instance` as written, quotes included (RFC 5626 section 4.1, RFC 5627); undefined without one. */
  readonly instanceId?: string;
  /** `reg-id` (RFC 5626 section 4.2), only together with an instance id. */
  readonly regId?: number;
  /** Call-ID and CSeq of the REGISTER that last wrote this binding (RFC 3261 section 10.3 step 7). */
  readonly callId: string;
  readonly cseq: number;
  /** When it expires, ms since the epoch. */
  readonly expiresAt: number;
  /** When it was first registered, ms since the epoch. */
  readonly registeredAt: number;
  /**
   * The connection the REGISTER arrived on. For WebSocket clients, whose Contact host is `*.invalid`
   * (RFC 7118 section 5.2), it is the only way to reach them; for the others it is the flow to use (RFC 5626 style).
   */
  readonly connection: SipConnection;
  /** Path header values of the REGISTER, top first (RFC 3327): the route through an edge proxy such as Kamailio. */
  readonly path: readonly string[];
}

/** Seconds left, rounded up, never negative: the `expires` parameter of a Contact in a 200 (RFC 3261 section 10.3 step 8). */
export function remainingSeconds(binding: Binding, now: number): number {
  return Math.max(0, Math.ceil((binding.expiresAt - now) / 1000));
}

/** Whether a request can reach the binding now: its connection is open (UDP is connectionless and always "open"). */
export function isReachable(binding: Binding): boolean {
  return binding.connection.transport === 'UDP' || binding.connection.open;
}
