/**
 * One way to reach a peer: a WebSocket (RFC 7118), a TCP connection, or a UDP address (RFC 3261 section 18).
 * The SIP layers above see only this interface.
 */
export type TransportName = 'WS' | 'WSS' | 'TCP' | 'TLS' | 'UDP';

export interface SipConnection {
  /** Unique for the life of the process, e.g. `ws:12`. Registrations are bound to it (RFC 5626 style flows). */
  readonly id: string;
  readonly transport: TransportName;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** TLS underneath (wss, tls). The credential package needs this or `loopback` (RFC 6072 section 10.5). */
  readonly secure: boolean;
  /** The peer is on this machine (127.0.0.0/8 or ::1). */
  readonly loopback: boolean;
  /** True while the connection can carry messages (always true for UDP). */
  readonly open: boolean;
  send(bytes: Uint8Array): void;
  close(): void;
  /**
   * Stream transports: the stack says after each read whether a message is still incomplete, so that the transport
   * can bound the time it takes (limits.ts messageTimeoutMs).
   */
  messagePending?(pending: boolean): void;
}

export interface TransportEvents {
  /** One SIP message's bytes (a WebSocket frame, a framed stream message, or a datagram). */
  message(bytes: Uint8Array, connection: SipConnection): void;
  /** The connection has been closed for a reason of its own: lost framing, or a bound of limits.ts. For the logs. */
  streamError(reason: string, connection: SipConnection): void;
  closed(connection: SipConnection): void;
}

export function isLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a.startsWith('127.');
}
