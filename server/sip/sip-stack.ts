/**
 * The SIP stack: transports in, transactions, and the request handlers (registrar, credential service, proxy).
 * It answers what no handler should see: malformed requests (400/505/513, RFC 3261 sections 8.2 and 16.3),
 * retransmissions, ACKs and CANCELs matching our transactions (RFC 3261 section 9.2), and stray responses.
 */
import {
  createResponse,
  formatVia,
  parseSipMessage,
  parseVia,
  serializeSipMessage,
  SipHeaders,
  SipParseError,
  SipStreamFramer,
  generateTag,
  parseUri,
  type SipRequest,
  type SipResponse,
} from '../../src/core/sip/index.ts';
import type { Logger } from '../log.ts';
import { ALLOW } from './options-handler.ts';
import { uriOf } from './proxy/routing.ts';
import type { AuthenticatedUser, IncomingRequest, RequestHandler, ResponseInit, SendOptions, SipServices } from './request-context.ts';
import type { ClientTransaction } from './transaction/client-transaction.ts';
import type { ServerTransaction } from './transaction/server-transaction.ts';
import { DEFAULT_TIMERS, type TransactionTimers } from './transaction/timers.ts';
import { serverTransactionKey, TransactionLayer } from './transaction/transaction-layer.ts';
import type { SipConnection, TransportEvents } from './transport/connection.ts';
import type { RequestRateLimit } from './transport/request-rate.ts';

/**
 * A handler's refusal of a request for a fault of the request (a stale Date the authentication service will not
 * sign, a Call-ID it cannot put in a digest-string: RFC 4474 section 6.1): answered with its status, not 500.
 */
export class RequestRefusal extends Error {
  override readonly name = 'RequestRefusal';
  constructor(
    readonly status: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${status} ${reason}`, options);
  }
}

export interface StackHooks {
  /** The user a request is authenticated as (digest credentials in it, or its connection's registration). */
  authenticate(incoming: IncomingRequest): AuthenticatedUser | null;
  /** A CANCEL matched a pending INVITE: the proxy cancels its branches (RFC 3261 section 16.10). */
  cancelled(invite: ServerTransaction): void;
  /** An ACK for a 2xx, or a 2xx retransmission no transaction claims: forwarded statelessly by the proxy. */
  statelessAck(request: SipRequest, connection: SipConnection): void;
  stray2xx(response: SipResponse, connection: SipConnection): void;
  connectionClosed(connection: SipConnection): void;
}

export interface SipStackOptions {
  domain: string;
  crypto: Crypto;
  log: Logger;
  timers?: TransactionTimers;
  /** RFC 3261 section 20.14 / 18.1.1 context: larger messages get 513. */
  maxMessageBytes?: number;
  /** Requests per source address (request-rate.ts); none when absent. */
  requestRate?: RequestRateLimit;
}

export class SipStack implements SipServices, TransportEvents {
  readonly transactions: TransactionLayer;
  readonly domain: string;
  #handlers: RequestHandler[] = [];
  #hooks: StackHooks | null = null;
  readonly #framers = new WeakMap<SipConnection, SipStreamFramer>();
  /** Contact URIs seen on connection-oriented transports, so that in-dialog requests can reach WS clients. */
  readonly #contacts = new Map<string, SipConnection>();
  readonly #resolvers: ((uri: string) => SipConnection | null)[] = [];

  constructor(private readonly options: SipStackOptions) {
    this.domain = options.domain;
    this.transactions = new TransactionLayer(options.timers ?? DEFAULT_TIMERS);
  }

  use(handlers: RequestHandler[], hooks: StackHooks): void {
    this.#handlers = handlers;
    this.#hooks = hooks;
  }

  /** Adds a way to find the connection for a URI (the registrar's location service). Tried before seen contacts. */
  addResolver(resolve: (uri: string) => SipConnection | null): void {
    this.#resolvers.push(resolve);
  }

  /**
   * Contacts a registration holds (the location service's claims, issue 15 defect 2): the Contact of some other
   * request never stands for them, even while their owner reconnects.
   */
  claimedContact: (uri: string) => boolean = () => false;

  // ---- TransportEvents -------------------------------------------------------------------------------------

  message(bytes: Uint8Array, connection: SipConnection): void {
    if (connection.transport === 'TCP' || connection.transport === 'TLS') {
      let framer = this.#framers.get(connection);
      if (!framer) {
        framer = new SipStreamFramer(this.#limits());
        this.#framers.set(connection, framer);
      }
      for (const item of framer.push(bytes)) {
        if ('kind' in item && item.kind === 'keepalive') connection.send(CRLF);
        else if (item instanceof SipParseError) this.#malformed(item, connection);
        else this.#dispatch(item as SipRequest | SipResponse, connection);
      }
      connection.messagePending?.(framer.buffered > 0);
      return;
    }
    let message: SipRequest | SipResponse;
    try {
      message = parseSipMessage(bytes, this.#limits());
    } catch (error) {
      if (error instanceof SipParseError) this.#malformed(error, connection);
      else this.options.log.error({ err: error, connection: connection.id }, 'unexpected parse failure');
      return;
    }
    this.#dispatch(message, connection);
  }

  streamError(reason: string, connection: SipConnection): void {
    this.options.log.warn({ connection: connection.id, address: connection.remoteAddress, reason }, 'connection dropped');
  }

  closed(connection: SipConnection): void {
    for (const [uri, c] of this.#contacts) if (c === connection) this.#contacts.delete(uri);
    this.transactions.connectionClosed(connection);
    this.#hooks?.connectionClosed(connection);
  }

  #limits(): { maxMessageBytes?: number } {
    return this.options.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.options.maxMessageBytes };
  }

  // ---- SipServices -----------------------------------------------------------------------------------------

  recordRouteUri(connection: SipConnection): string {
    const transport = connection.transport === 'WSS' ? 'wss' : connection.transport.toLowerCase();
    const host = connection.localAddress.includes(':') ? `[${connection.localAddress}]` : connection.localAddress;
    return `sip:sealphone@${host}:${connection.localPort};transport=${transport};lr`;
  }

  sendRequest(request: SipRequest, connection: SipConnection, options: SendOptions = {}): Promise<SipResponse> {
    const branch = this.transactions.newBranch(this.options.crypto);
    request.headers.prepend('Via', this.viaFor(connection, branch));
    if (!request.headers.has('Max-Forwards')) request.headers.set('Max-Forwards', '70');
    return new Promise((resolve) => {
      this.transactions.createClient(branch, request, connection, {
        response: (response) => {
          if (response.status < 200) options.onProvisional?.(response);
          else resolve(response);
        },
      });
    });
  }

  /** Like sendRequest, but hands back the client transaction (the proxy cancels branches, RFC 3261 16.10). */
  /** `branchSuffix` ends the new branch (the proxy's loop key, proxy/loop-detection.ts). */
  startClientTransaction(request: SipRequest, connection: SipConnection, onResponse: (response: SipResponse) => void, branchSuffix = ''): ClientTransaction {
    const branch = this.transactions.newBranch(this.options.crypto) + branchSuffix;
    request.headers.prepend('Via', this.viaFor(connection, branch));
    if (!request.headers.has('Max-Forwards')) request.headers.set('Max-Forwards', '70');
    return this.transactions.createClient(branch, request, connection, { response: (response) => onResponse(response) });
  }

  /**
   * CANCEL for a pending INVITE client transaction: same branch, Request-URI, Call-ID, From, To, Route (9.1), and a
   * Reason header (RFC 3326 section 2) when one says why.
   */
  cancel(invite: ClientTransaction, reason?: string): void {
    // RFC 3261 section 9.1: only INVITE is cancelled; other requests complete on their own.
    if (invite.request.method !== 'INVITE') return;
    if (invite.state !== 'proceeding' && invite.state !== 'calling') return;
    const h = invite.request.headers;
    const headers = new SipHeaders();
    headers.append('Via', h.firstValue('Via') ?? '');
    for (const route of h.getAll('Route')) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', h.get('From') ?? '');
    headers.append('To', h.get('To') ?? '');
    headers.append('Call-ID', h.get('Call-ID') ?? '');
    headers.append('CSeq', `${(h.get('CSeq') ?? '0').trim().split(/\s+/)[0]} CANCEL`);
    if (reason !== undefined) headers.append('Reason', reason);
    const cancel: SipRequest = { kind: 'request', method: 'CANCEL', uri: invite.request.uri, headers, body: new Uint8Array(0) };
    this.transactions.createClient(invite.branch, cancel, invite.connection, { response: () => {} });
  }

  /** Sends a request without a transaction (ACK for 2xx, RFC 3261 section 16.11 stateless forwarding). */
  sendStateless(request: SipRequest, connection: SipConnection): void {
    request.headers.prepend('Via', this.viaFor(connection, this.transactions.newBranch(this.options.crypto)));
    connection.send(serializeSipMessage(request));
  }

  connectionFor(uri: string): SipConnection | null {
    for (const resolve of this.#resolvers) {
      const c = resolve(uri);
      if (c && c.open) return c;
    }
    if (this.claimedContact(uri)) return null;
    const seen = this.#contacts.get(uri);
    return seen && seen.open ? seen : null;
  }

  viaFor(connection: SipConnection, branch: string): string {
    const host = connection.localAddress.includes(':') ? `[${connection.localAddress}]` : connection.localAddress;
    return `SIP/2.0/${connection.transport} ${host}:${connection.localPort};branch=${branch};rport`;
  }

  // ---- dispatch --------------------------------------------------------------------------------------------

  #dispatch(message: SipRequest | SipResponse, connection: SipConnection): void {
    try {
      if (message.kind === 'request') this.#request(message, connection);
      else this.#response(message, connection);
    } catch (error) {
      // A header that fails to parse on demand (a bad Via deep in the stack...) answers 400, never crashes.
      if (error instanceof SipParseError && message.kind === 'request' && message.method !== 'ACK') {
        this.#sendStateless(createResponse(message, 400, error.reason), connection);
      } else {
        this.options.log.warn({ err: error, connection: connection.id }, 'message dropped');
      }
    }
  }

  #malformed(error: SipParseError, connection: SipConnection): void {
    this.options.log.info({ connection: connection.id, status: error.status, reason: error.reason }, 'malformed message');
    if (error.request && error.request.method !== 'ACK') {
      try {
        this.#sendStateless(createResponse(error.request, error.status, error.reason), connection);
      } catch {
        /* the partial request cannot even be answered */
      }
    }
    if (error.fatal) connection.close();
  }

  #sendStateless(response: SipResponse, connection: SipConnection): void {
    connection.send(serializeSipMessage(response));
  }

  #request(request: SipRequest, connection: SipConnection): void {
    if (request.method !== 'ACK' && !this.#withinRate(request, connection)) return;
    this.#stampReceived(request, connection);
    if (request.method === 'ACK') {
      const invite = this.transactions.findServer(request);
      if (invite) invite.acknowledged();
      else this.#hooks?.statelessAck(request, connection);
      return;
    }
    if (serverTransactionKey(request) === null) {
      // RFC 3261 section 8.2: nothing to match its retransmissions by; answered statelessly rather than dropped.
      this.#sendStateless(createResponse(request, 400, 'Bad Request: no transaction identifier in Via'), connection);
      return;
    }
    const existing = this.transactions.findServer(request);
    if (existing) {
      existing.retransmitted();
      return;
    }
    if (request.method === 'CANCEL') {
      const invite = this.transactions.findInviteForCancel(request);
      const st = this.transactions.createServer(request, connection);
      if (!invite || invite.answered) {
        st.send(createResponse(request, 481, 'Call/Transaction Does Not Exist'));
        return;
      }
      st.send(createResponse(request, 200));
      this.#hooks?.cancelled(invite);
      return;
    }
    this.#rememberContact(request, connection);
    const st = this.transactions.createServer(request, connection);
    if (request.method === 'INVITE') st.send(createResponse(request, 100, 'Trying'));
    const incoming = this.#incoming(request, connection, st);
    void this.#handle(incoming);
  }

  /** The request rate limit: over it, dropped over UDP (no reflection) or answered 503 statelessly. */
  #withinRate(request: SipRequest, connection: SipConnection): boolean {
    const verdict = this.options.requestRate?.admit(connection);
    if (verdict === undefined || verdict.admitted) return true;
    if (connection.transport !== 'UDP') {
      const response = createResponse(request, 503, 'Service Unavailable: too many requests', { headers: new SipHeaders([['Retry-After', String(verdict.retryAfterSeconds)]]) });
      this.#sendStateless(response, connection);
    }
    return false;
  }

  async #handle(incoming: IncomingRequest): Promise<void> {
    const started = performance.now();
    try {
      for (const handler of this.#handlers) {
        if (await handler.handle(incoming)) return;
      }
      if (!incoming.answered) incoming.respond(405, { headers: [['Allow', ALLOW]] });
    } catch (error) {
      if (error instanceof RequestRefusal) {
        this.options.log.info({ method: incoming.request.method, status: error.status, cause: String(error.cause ?? '') }, 'request refused');
        if (!incoming.answered) incoming.respond(error.status, { reason: error.reason });
        return;
      }
      this.options.log.error({ err: error, method: incoming.request.method }, 'request handler failed');
      if (!incoming.answered) incoming.respond(500, { reason: 'Server Internal Error' });
    } finally {
      this.options.log.debug({ method: incoming.request.method, ms: performance.now() - started }, 'handled');
    }
  }

  #incoming(request: SipRequest, connection: SipConnection, st: ServerTransaction): IncomingRequest {
    const hooks = this.#hooks;
    const log = this.options.log;
    const crypto = this.options.crypto;
    let user: AuthenticatedUser | null | undefined;
    const incoming: IncomingRequest = {
      request,
      connection,
      get user() {
        if (user === undefined) user = hooks?.authenticate(incoming) ?? null;
        return user;
      },
      get answered() {
        return st.answered;
      },
      respond(status: number, init: ResponseInit = {}): SipResponse {
        const headers = new SipHeaders(init.headers ?? []);
        if (init.body && init.body.length > 0) {
          if (!init.contentType) throw new Error('a response body needs a Content-Type');
          headers.set('Content-Type', init.contentType);
        }
        const toTag = status === 100 ? undefined : (init.toTag ?? generateTag(crypto));
        const response = createResponse(request, status, init.reason, { toTag, headers, body: init.body });
        if (!st.send(response)) log.warn({ method: request.method, status }, 'response after the final one ignored');
        else if (status >= 200) log.info({ method: request.method, status, from: connection.id }, 'transaction');
        return response;
      },
    };
    return incoming;
  }

  /** RFC 3261 section 18.2.1 and RFC 3581: note where the request really came from in its top Via. */
  #stampReceived(request: SipRequest, connection: SipConnection): void {
    const top = request.headers.firstValue('Via');
    if (top === undefined) return;
    const via = parseVia(top);
    let changed = false;
    if (via.host.replace(/^\[|\]$/g, '') !== connection.remoteAddress) {
      via.params.set('received', connection.remoteAddress);
      changed = true;
    }
    if (via.params.has('rport') && via.params.get('rport') === null) {
      via.params.set('rport', String(connection.remotePort));
      if (!via.params.has('received')) via.params.set('received', connection.remoteAddress);
      changed = true;
    }
    if (changed) {
      request.headers.removeFirstValue('Via');
      request.headers.prepend('Via', formatVia(via));
    }
  }

  /**
   * Contacts of requests on connection-oriented transports reach back over the same connection (RFC 7118 5.2). Not
   * a URI of our domain (that is an address-of-record, reached through the location service) nor a contact a
   * registration holds: a request's Contact must never capture another party's requests (issue 15 defect 2).
   */
  #rememberContact(request: SipRequest, connection: SipConnection): void {
    if (connection.transport === 'UDP') return;
    const contact = request.headers.firstValue('Contact');
    if (contact === undefined) return;
    const uri = uriOf(contact);
    if (uri === '' || isOurDomain(uri, this.domain) || this.claimedContact(uri)) return;
    if (this.#contacts.size > 100_000) this.#contacts.clear();
    this.#contacts.set(uri, connection);
  }

  #response(response: SipResponse, connection: SipConnection): void {
    const ct = this.transactions.findClient(response);
    if (ct) {
      ct.receive(response);
      return;
    }
    if (response.status >= 200 && response.status < 300 && response.headers.get('CSeq')?.trim().endsWith('INVITE')) {
      this.#hooks?.stray2xx(response, connection);
    }
  }
}

const CRLF = new Uint8Array([13, 10]);

/** Whether a SIP URI names a host of our domain (compared without case and a trailing dot). */
function isOurDomain(uri: string, domain: string): boolean {
  try {
    const parsed = parseUri(uri);
    return parsed.kind === 'sip' && parsed.host.toLowerCase().replace(/\.$/, '') === domain.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
}
