/**
 * What the SIP stack hands to the parts of the server that act on requests (registrar, proxy, RFC 6072 credential
 * service): one incoming request inside its server transaction, and the means to answer it and to send requests.
 */
import type { SipHeadersInit, SipRequest, SipResponse } from '../../src/core/sip/index.ts';
import type { SipConnection } from './transport/connection.ts';

/** A user proven by digest authentication (RFC 3261 section 22), directly or through the connection it registered on. */
export interface AuthenticatedUser {
  username: string;
  domain: string;
  /** `sip:username@domain`. */
  aor: string;
}

export interface ResponseInit {
  reason?: string;
  /** Extra header lines, appended after the ones copied from the request (RFC 3261 section 8.2.6.2). */
  headers?: SipHeadersInit;
  body?: Uint8Array;
  /** Required with a non-empty body. */
  contentType?: string;
  /** The To tag for a response that creates a dialog or answers out of dialog; the stack adds one when absent. */
  toTag?: string;
}

export interface IncomingRequest {
  readonly request: SipRequest;
  /** Where it came from; responses go back here (RFC 3261 section 18.2.2). */
  readonly connection: SipConnection;
  /** Set after authentication; null when the request carried none and its connection is not authenticated. */
  readonly user: AuthenticatedUser | null;
  /** Sends a response through the server transaction. A second final response is ignored (and logged). */
  respond(status: number, init?: ResponseInit): SipResponse;
  /** True once a final response was sent. */
  readonly answered: boolean;
}

export interface SendOptions {
  /** Called for each provisional response. */
  onProvisional?(response: SipResponse): void;
}

/** The stack's services as the request handlers see them. */
export interface SipServices {
  /** The domain this server is authoritative for (`sealphone.test`). */
  readonly domain: string;
  /** Our own SIP URI for Record-Route and Via sent-by over `connection` (RFC 3261 section 16.6 step 4). */
  recordRouteUri(connection: SipConnection): string;
  /**
   * Sends a request as a UAC in a new client transaction on `connection` (adds our Via with a fresh branch, and
   * Max-Forwards when absent) and resolves with the final response; a timeout resolves as a synthesized 408 and a
   * transport failure as 503 (RFC 3261 section 8.1.3.1).
   */
  sendRequest(request: SipRequest, connection: SipConnection, options?: SendOptions): Promise<SipResponse>;
  /** The connection that reaches a contact URI: a registered binding's flow, or a connection it was seen on. */
  connectionFor(uri: string): SipConnection | null;
}

/** A part of the server that takes some requests. Returns true when it took this one (and will answer it). */
export interface RequestHandler {
  handle(incoming: IncomingRequest): boolean | Promise<boolean>;
}
