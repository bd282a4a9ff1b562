/**
 * The stateful proxy (RFC 3261 section 16): validates, routes (loose routing), forks to every registered device
 * of an AOR in parallel (first 2xx wins, the rest are cancelled), record-routes dialogs, and vouches for the
 * identity of authenticated senders (RFC 4474; seed 000 section 4.5: a From that is not the authenticated user is
 * refused with 403).
 */
import { createResponse, generateTag, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { Logger } from '../../log.ts';
import type { IncomingRequest, RequestHandler } from '../request-context.ts';
import type { SipStack } from '../sip-stack.ts';
import type { ClientTransaction } from '../transaction/client-transaction.ts';
import type { ServerTransaction } from '../transaction/server-transaction.ts';
import type { SipConnection } from '../transport/connection.ts';
import { ResponseContext } from './response-context.ts';
import { aorIn, inDialog, popOwnRoutes, uriOf } from './routing.ts';

export interface ProxyTarget {
  /** The Request-URI for this branch (a registered Contact). */
  uri: string;
  connection: SipConnection;
  /** Path header values the binding was registered with (RFC 3327): they become the branch's Route set. */
  path?: readonly string[];
}

export interface ProxyDeps {
  stack: SipStack;
  log: Logger;
  /** Registered devices of an AOR (RFC 3261 section 10 location service). */
  lookup(aor: string): ProxyTarget[];
  userExists(username: string, domain: string): boolean;
  /** Answers the request with a 407 challenge (RFC 3261 section 22.3). */
  challenge(incoming: IncomingRequest): void;
  /** Adds Date, Identity and Identity-Info (RFC 4474 section 5) to a request we forward. */
  signIdentity?(request: SipRequest): Promise<void>;
  /** A connection for a URI outside our domain (UDP/TCP peers such as Kamailio), or null. */
  outbound?(uri: string): SipConnection | null;
}

/** Methods whose requests we record-route: they create dialogs (RFC 3261 section 16.6 step 4). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

export class Proxy implements RequestHandler {
  readonly #forks = new Map<ServerTransaction, { branches: ClientTransaction[]; context: ResponseContext }>();

  constructor(private readonly deps: ProxyDeps) {}

  async handle(incoming: IncomingRequest): Promise<boolean> {
    const { request } = incoming;
    const domain = this.deps.stack.domain;

    // 16.3 step 3: Max-Forwards.
    const maxForwards = Number(request.headers.get('Max-Forwards') ?? '70');
    if (!Number.isInteger(maxForwards) || maxForwards < 0) {
      incoming.respond(400, { reason: 'Bad Max-Forwards' });
      return true;
    }
    if (maxForwards === 0) {
      incoming.respond(483);
      return true;
    }
    popOwnRoutes(request); // 16.4

    // A sender claiming one of our users must be that user, in a dialog or not (RFC 3261 22.3, seed 000 4.5):
    // a To tag proves nothing, since the proxy keeps no dialog state. Then the authentication service vouches.
    const from = aorIn(uriOf(request.headers.get('From') ?? ''), domain);
    if (from) {
      const user = incoming.user;
      if (!user) {
        this.deps.challenge(incoming);
        return true;
      }
      if (user.aor !== from.aor) {
        incoming.respond(403, { reason: 'From does not match the authenticated user' });
        return true;
      }
      await this.deps.signIdentity?.(request);
    }

    const targets = this.#targets(request, incoming);
    if (targets === null) return true;
    this.#fork(incoming, targets, maxForwards - 1);
    return true;
  }

  /** 16.5: where the request goes; null when it was answered here (404/480/416). */
  #targets(request: SipRequest, incoming: IncomingRequest): ProxyTarget[] | null {
    const stack = this.deps.stack;
    const route = request.headers.firstValue('Route');
    if (route !== undefined) {
      const next = uriOf(route);
      const connection = stack.connectionFor(next) ?? this.deps.outbound?.(next) ?? null;
      if (!connection) {
        incoming.respond(404, { reason: 'Next hop unreachable' });
        return null;
      }
      return [{ uri: request.uri, connection }];
    }
    const direct = stack.connectionFor(request.uri);
    if (direct) return [{ uri: request.uri, connection: direct }];
    const local = aorIn(request.uri, stack.domain);
    if (local) {
      const targets = this.deps.lookup(local.aor);
      if (targets.length > 0) return targets;
      if (this.deps.userExists(local.user, stack.domain)) incoming.respond(480, { reason: 'Temporarily Unavailable' });
      else incoming.respond(404, { reason: 'Not Found' });
      return null;
    }
    const outbound = this.deps.outbound?.(request.uri) ?? null;
    if (outbound) return [{ uri: request.uri, connection: outbound }];
    incoming.respond(404, { reason: 'Not Found' });
    return null;
  }

  /** 16.6 for each target, 16.7 for the responses. */
  #fork(incoming: IncomingRequest, targets: ProxyTarget[], maxForwards: number): void {
    const stack = this.deps.stack;
    const st = stack.transactions.findServer(incoming.request);
    const branches: ClientTransaction[] = [];
    const context = new ResponseContext(
      targets.length,
      (response) => this.#forwardUpstream(incoming, response),
      () => {
        for (const b of branches) stack.cancel(b);
      },
    );
    if (st) this.#forks.set(st, { branches, context });
    for (const target of targets) {
      const copy: SipRequest = { ...incoming.request, uri: target.uri, headers: incoming.request.headers.clone() };
      copy.headers.set('Max-Forwards', String(maxForwards));
      for (const hop of [...(target.path ?? [])].reverse()) copy.headers.prepend('Route', hop);
      if (DIALOG_CREATING.has(copy.method) && !inDialog(copy)) {
        copy.headers.prepend('Record-Route', `<${stack.recordRouteUri(incoming.connection)}>`);
        if (target.connection.transport !== incoming.connection.transport) {
          copy.headers.prepend('Record-Route', `<${stack.recordRouteUri(target.connection)}>`); // RFC 5658 double RR
        }
      }
      const branch = stack.startClientTransaction(copy, target.connection, (response) => {
        context.receive(response);
        if (context.done && st) this.#forks.delete(st);
      });
      branches.push(branch);
    }
  }

  #forwardUpstream(incoming: IncomingRequest, response: SipResponse): void {
    if (incoming.request.method === 'INVITE' || response.status >= 200) {
      const st = this.deps.stack.transactions.findServer(incoming.request);
      if (!st) this.deps.log.debug({ status: response.status }, 'response for a finished transaction dropped');
      else if (st.send(response) && response.status >= 200 && !st.loggedFinal) {
        st.loggedFinal = true; // one line per transaction (a forked INVITE may forward several 2xx)
        this.deps.log.info({ method: incoming.request.method, status: response.status, from: incoming.connection.id, proxied: true }, 'transaction');
      }
    }
  }

  /** A CANCEL matched an INVITE we forwarded (RFC 3261 section 16.10). */
  cancelled(invite: ServerTransaction): void {
    const fork = this.#forks.get(invite);
    if (!fork) {
      invite.send(responseTo(invite.request, 487));
      return;
    }
    for (const b of fork.branches) this.deps.stack.cancel(b);
  }

  /** ACK for a 2xx, forwarded statelessly along its Route set (RFC 3261 section 16.11). */
  statelessAck(request: SipRequest): void {
    popOwnRoutes(request);
    const route = request.headers.firstValue('Route');
    const next = route !== undefined ? uriOf(route) : request.uri;
    const connection = this.deps.stack.connectionFor(next) ?? this.deps.outbound?.(next) ?? null;
    if (!connection) return;
    const maxForwards = Number(request.headers.get('Max-Forwards') ?? '70');
    if (maxForwards <= 0) return;
    request.headers.set('Max-Forwards', String(maxForwards - 1));
    this.deps.stack.sendStateless(request, connection);
  }
}

function responseTo(request: SipRequest, status: number): SipResponse {
  return createResponse(request, status, undefined, { toTag: generateTag(globalThis.crypto) });
}
