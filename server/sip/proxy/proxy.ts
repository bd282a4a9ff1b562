/**
 * The stateful proxy (RFC 3261 section 16): validates, routes (loose routing), forks to every registered device
 * of an AOR in parallel (first 2xx wins, the rest are cancelled), record-routes dialogs, and vouches for the
 * identity of authenticated senders (RFC 4474; seed 000 section 4.5: a From that is not the authenticated user is
 * refused with 403). Who the sender is and where a request may go: docs/server-proxy-hardening.md.
 */
import { COMPLETED_ELSEWHERE, createResponse, generateTag, type SipHeaders, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { Logger } from '../../log.ts';
import type { IncomingRequest, RequestHandler } from '../request-context.ts';
import type { SipStack } from '../sip-stack.ts';
import type { ClientTransaction } from '../transaction/client-transaction.ts';
import type { ServerTransaction } from '../transaction/server-transaction.ts';
import type { SipConnection } from '../transport/connection.ts';
import type { FlowWait } from './flow-wait.ts';
import { LearnedPeers } from './learned-peers.ts';
import { branchSuffix, hasLooped } from './loop-detection.ts';
import type { OwnAddresses } from './own-addresses.ts';
import { readRecipient, readSender, type Recipient } from './parties.ts';
import { reachable, targetsForStranger, targetsForUser, type ProxyTarget, type RelayDeps } from './relay-targets.ts';
import { ResponseContext } from './response-context.ts';
import { popOwnRoutes, uriOf } from './routing.ts';

export type { ProxyTarget } from './relay-targets.ts';

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
  /** A connection for a URI outside our domain (UDP/TCP peers such as Kamailio), or null; used for learned peers only. */
  outbound?(uri: string): SipConnection | null;
  /** The UDP addresses learned from dialogs we record-routed; default a LearnedPeers with its defaults. */
  learned?: LearnedPeers;
  /** Which URIs name us: the Route entries we remove (rfc3261#section-16.4). */
  own: OwnAddresses;
  /** An authenticated sender's INVITE that we record-routed got a 2xx: a dialog is set up (auth/authenticated-dialogs.ts). */
  dialogEstablished?(incoming: IncomingRequest, response: SipResponse): void;
  /** Waits for a WebSocket client's connection to come back (flow-wait.ts); none: an unreachable contact is 404 at once. */
  flowWait?: FlowWait;
}

/** Methods whose requests we record-route: they create dialogs (RFC 3261 section 16.6 step 4). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

export class Proxy implements RequestHandler {
  readonly #forks = new Map<ServerTransaction, { branches: ClientTransaction[]; context: ResponseContext }>();
  readonly #relay: RelayDeps;

  constructor(private readonly deps: ProxyDeps) {
    const stack = deps.stack;
    this.#relay = {
      domain: stack.domain,
      connectionFor: (uri) => stack.connectionFor(uri),
      lookup: (aor) => deps.lookup(aor),
      userExists: (username, domain) => deps.userExists(username, domain),
      ...(deps.outbound ? { outbound: deps.outbound } : {}),
      learned: deps.learned ?? new LearnedPeers(),
    };
  }

  async handle(incoming: IncomingRequest): Promise<boolean> {
    const { request } = incoming;
    const domain = this.#relay.domain;

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
    // 16.3 step 4: a request that has been here before in the same form has looped.
    if (hasLooped(request, this.deps.own)) {
      incoming.respond(482);
      return true;
    }
    popOwnRoutes(request, this.deps.own); // 16.4

    // 16.3 step 1: the From must be readable, by the one parser the user agents' reading is checked against.
    const from = readSender(request, domain);
    if ('unreadable' in from) {
      incoming.respond(400, { reason: from.unreadable });
      return true;
    }

    // A sender claiming one of our users must be that user, in a dialog or not (RFC 3261 22.3, seed 000 4.5):
    // a To tag proves nothing, since the proxy keeps no dialog state. Then the authentication service vouches.
    const sender = from.sender;
    if (sender === 'domain') {
      incoming.respond(403, { reason: 'From names the domain, not a user' });
      return true;
    }

    // The To, where a decision needs it: a stranger's target, or whether to record-route (12.2: a To tag).
    const dialogCreating = DIALOG_CREATING.has(request.method);
    let to: Recipient | null = null;
    if (!sender || dialogCreating) {
      const read = readRecipient(request, domain);
      if ('unreadable' in read) {
        incoming.respond(400, { reason: read.unreadable });
        return true;
      }
      to = read;
    }

    if (sender) {
      const user = incoming.user;
      if (!user) {
        this.deps.challenge(incoming);
        return true;
      }
      if (user.username !== sender.user || user.domain !== domain.toLowerCase()) {
        incoming.respond(403, { reason: 'From does not match the authenticated user' });
        return true;
      }
      await this.deps.signIdentity?.(request); // a stale Date is refused whatever the target (RFC 4474 6.1)
    }

    const route = (): ReturnType<typeof targetsForUser> => (sender || to === null ? targetsForUser(request, this.#relay) : targetsForStranger(request, to, this.#relay));
    let targets = route();
    if (!Array.isArray(targets) && targets.status === 404 && (await this.#awaitNextHop(request))) targets = route();
    if (!Array.isArray(targets)) {
      incoming.respond(targets.status, { reason: targets.reason });
      return true;
    }
    if (!sender || !this.deps.signIdentity) withoutForeignIdentity(request.headers);
    this.#fork(incoming, targets, maxForwards - 1, dialogCreating && to !== null && !to.inDialog);
    return true;
  }

  /**
   * An in-dialog request whose next hop (its top Route after ours, else its Request-URI: rfc3261#section-16.4) is a
   * WebSocket client's contact not connected now: waits for the client to register again (flow-wait.ts). True when it
   * did.
   */
  async #awaitNextHop(request: SipRequest): Promise<boolean> {
    const wait = this.deps.flowWait;
    if (!wait) return false;
    const to = readRecipient(request, this.#relay.domain);
    if ('unreadable' in to || !to.inDialog) return false;
    const route = request.headers.firstValue('Route');
    const next = route !== undefined ? uriOf(route) : request.uri;
    return next !== '' && (await wait.forContact(next)) !== null;
  }

  /** 16.6 for each target, 16.7 for the responses. */
  #fork(incoming: IncomingRequest, targets: ProxyTarget[], maxForwards: number, recordRoute: boolean): void {
    const stack = this.deps.stack;
    const st = stack.transactions.findServer(incoming.request);
    const branches: ClientTransaction[] = [];
    const context = new ResponseContext(
      targets.length,
      (response) => this.#forwardUpstream(incoming, response),
      // 16.7 step 10; a 2xx elsewhere is said in the CANCEL (RFC 3326 section 2), so no device keeps a missed call.
      (why) => {
        for (const b of branches) stack.cancel(b, why === 'answered' ? COMPLETED_ELSEWHERE : undefined);
      },
    );
    if (st) this.#forks.set(st, { branches, context });
    // The dialog's in-dialog requests towards the caller go where its request came from (LearnedPeers).
    if (recordRoute) this.#relay.learned.learn(incoming.connection);
    const loopSuffix = branchSuffix(incoming.request); // 16.6 step 8, from the request as received
    for (const target of targets) {
      const copy: SipRequest = { ...incoming.request, uri: target.uri, headers: incoming.request.headers.clone() };
      copy.headers.set('Max-Forwards', String(maxForwards));
      for (const hop of [...(target.path ?? [])].reverse()) copy.headers.prepend('Route', hop);
      if (recordRoute) {
        copy.headers.prepend('Record-Route', `<${stack.recordRouteUri(incoming.connection)}>`);
        if (target.connection.transport !== incoming.connection.transport) {
          copy.headers.prepend('Record-Route', `<${stack.recordRouteUri(target.connection)}>`); // RFC 5658 double RR
        }
      }
      const branch = stack.startClientTransaction(
        copy,
        target.connection,
        (response) => {
          if (recordRoute && response.status >= 200 && response.status < 300 && incoming.request.method === 'INVITE') this.deps.dialogEstablished?.(incoming, response);
          context.receive(response);
          if (context.done && st) this.#forks.delete(st);
        },
        loopSuffix,
      );
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


  /**
   * ACK for a 2xx, forwarded statelessly along its Route set (RFC 3261 section 16.11), only to an address we may
   * send to (a registered contact, a peer's own connection, a learned UDP peer): it cannot be challenged.
   */
  statelessAck(request: SipRequest): void {
    popOwnRoutes(request, this.deps.own);
    const route = request.headers.firstValue('Route');
    const next = route !== undefined ? uriOf(route) : request.uri;
    const connection = next === '' ? null : reachable(next, this.#relay);
    if (!connection) return;
    const maxForwards = Number(request.headers.get('Max-Forwards') ?? '70');
    if (maxForwards <= 0) return;
    request.headers.set('Max-Forwards', String(maxForwards - 1));
    withoutForeignIdentity(request.headers);
    this.deps.stack.sendStateless(request, connection);
  }
}

/** Identity and Identity-Info (RFC 4474 section 13) that our authentication service did not add never leave us. */
function withoutForeignIdentity(headers: SipHeaders): void {
  if (headers.has('Identity')) headers.delete('Identity');
  if (headers.has('Identity-Info')) headers.delete('Identity-Info');
}

function responseTo(request: SipRequest, status: number): SipResponse {
  return createResponse(request, status, undefined, { toTag: generateTag(globalThis.crypto) });
}
