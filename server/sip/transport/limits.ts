/**
 * Bounds on what one peer can make the transports hold (issue 15, defect 6; docs/server-limits.md has the table).
 * Every bound ends in closing the connection: a transport cannot answer a SIP error for bytes it could not frame,
 * and a peer that breaks one of these is either broken or hostile.
 */
export interface TransportLimits {
  /**
   * Largest WebSocket message (one frame, or the fragments of one message together; RFC 7118 section 5.1: one SIP
   * message per message). Larger ones close the connection with 1009 as soon as the frame header says so, before
   * the payload is buffered. Above the SIP layer's 64 KB a message that fits here still gets its 513.
   */
  maxWebSocketMessageBytes: number;
  /** A WebSocket message or a TCP SIP message that has started must be complete within this time. */
  messageTimeoutMs: number;
  /**
   * A WebSocket that sends nothing (no frame, no pong) for this long is closed. The server pings (RFC 6455
   * section 5.5.2) a peer silent for a third of it; browsers answer pings themselves, so an open tab is never idle.
   */
  webSocketIdleTimeoutMs: number;
  /**
   * A TCP connection with no traffic either way for this long is closed. SIP over TCP has no ping every peer
   * answers, and a binding registered over a connection is dropped with it, so this is longer than the longest
   * registration our registrar grants (3600 s): a UA that only refreshes its REGISTER keeps its connection.
   */
  tcpIdleTimeoutMs: number;
  /** Inbound WebSocket and TCP connections open at once from one address; the next is refused. */
  maxConnectionsPerAddress: number;
  /**
   * Whether the per-address bounds (connections, request rate) apply to loopback peers too. Off by default: a reverse
   * proxy or Kamailio on this machine brings every user's connection from 127.0.0.1.
   */
  capLoopback: boolean;
  /** Requests per second one address may send, sustained (request-rate.ts; Kamailio's pike). */
  maxRequestsPerSecond: number;
  /** ... and at once (a sign-in subscribes to every contact's certificate together). */
  requestBurst: number;
  /** Bytes waiting to be written to one connection; a send beyond it drops the connection (the peer does not read). */
  maxSendQueueBytes: number;
}

export const DEFAULT_TRANSPORT_LIMITS: Readonly<TransportLimits> = {
  maxWebSocketMessageBytes: 128 * 1024,
  messageTimeoutMs: 10_000,
  webSocketIdleTimeoutMs: 90_000,
  tcpIdleTimeoutMs: 65 * 60 * 1000,
  maxConnectionsPerAddress: 100,
  capLoopback: false,
  maxSendQueueBytes: 4 * 1024 * 1024,
  maxRequestsPerSecond: 100,
  requestBurst: 500,
};

/** The defaults with `overrides` on top; a TypeError for a bound that is not a positive number. */
export function transportLimits(overrides: Partial<TransportLimits> = {}): TransportLimits {
  const limits = { ...DEFAULT_TRANSPORT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value === 'number' && !(Number.isFinite(value) && value > 0)) throw new TypeError(`transport limit ${name} must be a positive number, not ${value}`);
  }
  return limits;
}
