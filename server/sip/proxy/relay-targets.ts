/**
 * Where the proxy may send a request (rfc3261#section-16.5), and to whom it refuses to relay (issue 15, no open
 * relay; docs/server-proxy-hardening.md):
 *
 * - From one of our users (authenticated as that user by the time we get here): the top Route left after our own
 *   entries are popped (rfc3261#section-16.4), else the Request-URI: a registered contact or a connection a peer
 *   opened to us, one of our AORs (its registered devices), or a UDP address learned from a dialog we record-routed
 *   (LearnedPeers). Nothing else: an IP address in a URI is not enough.
 * - From anyone else (a foreign or unreadable-as-ours From): only our users. The Request-URI is one of our AORs
 *   (no Route of theirs may follow ours), or a registered contact of the user the To names (an in-dialog request to
 *   our user's device, its Route set kept for a Path edge). Everything else gets 403.
 * - "No such user" and "no device" are one answer, 480, to anyone but our users (rfc3261#section-16.5: "If the
 *   target set is empty ... SHOULD be the 480"), so that strangers cannot enumerate accounts; our users get 404 for
 *   a user who does not exist.
 */
import type { SipRequest } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';
import type { LearnedPeers } from './learned-peers.ts';
import type { Recipient } from './parties.ts';
import { localPartyOf, sameUri, sipUri, uriOf } from './routing.ts';

export interface ProxyTarget {
  /** The Request-URI for this branch (a registered Contact). */
  uri: string;
  connection: SipConnection;
  /** Path header values the binding was registered with (RFC 3327): they become the branch's Route set. */
  path?: readonly string[];
}

export interface RelayDeps {
  domain: string;
  /** A registered contact's flow, or a connection-oriented connection a peer opened and used that Contact on. */
  connectionFor(uri: string): SipConnection | null;
  /** Registered devices of an AOR (RFC 3261 section 10 location service). */
  lookup(aor: string): ProxyTarget[];
  userExists(username: string, domain: string): boolean;
  /** A connection for a URI outside our domain (a UDP address, an existing TCP connection), or null. */
  outbound?(uri: string): SipConnection | null;
  learned: LearnedPeers;
}

export type Refusal = { status: number; reason: string };
export type Targets = ProxyTarget[] | Refusal;

/** The connection a next-hop URI is reached on, when we may send there at all. */
export function reachable(uri: string, deps: RelayDeps): SipConnection | null {
  const known = deps.connectionFor(uri);
  if (known) return known;
  const outbound = deps.outbound?.(uri) ?? null;
  return outbound && deps.learned.allows(outbound) ? outbound : null;
}

/** Targets of a request whose From is the authenticated user of our domain who sent it. */
export function targetsForUser(request: SipRequest, deps: RelayDeps): Targets {
  const route = request.headers.firstValue('Route');
  if (route !== undefined) {
    const next = routeUri(route);
    if (next === null) return { status: 400, reason: 'Bad Route' };
    const connection = reachable(next, deps);
    return connection ? [{ uri: request.uri, connection }] : { status: 404, reason: 'Next hop unreachable' };
  }
  const direct = deps.connectionFor(request.uri);
  if (direct) return [{ uri: request.uri, connection: direct }];
  const uri = sipUri(request.uri);
  const local = uri ? localPartyOf(uri, deps.domain) : null;
  if (local !== null && local !== 'domain') {
    const targets = deps.lookup(local.aor);
    if (targets.length > 0) return targets;
    return deps.userExists(local.user, deps.domain) ? { status: 480, reason: 'Temporarily Unavailable' } : { status: 404, reason: 'Not Found' };
  }
  const outbound = reachable(request.uri, deps);
  return outbound ? [{ uri: request.uri, connection: outbound }] : { status: 404, reason: 'Not Found' };
}

/** Targets of a request from anyone who is not one of our users: our users' devices only. */
export function targetsForStranger(request: SipRequest, to: Recipient, deps: RelayDeps): Targets {
  const hasRoute = request.headers.has('Route');
  if (!hasRoute) {
    const uri = sipUri(request.uri);
    const local = uri ? localPartyOf(uri, deps.domain) : null;
    if (local === 'domain') return { status: 404, reason: 'Not Found' };
    if (local !== null) {
      const targets = deps.lookup(local.aor);
      return targets.length > 0 ? targets : { status: 480, reason: 'Temporarily Unavailable' };
    }
  }
  if (to.recipient) {
    const devices = deps.lookup(to.recipient.aor).filter((b) => sameUri(b.uri, request.uri));
    if (devices.length > 0) return devices.map((b) => ({ uri: request.uri, connection: b.connection }));
  }
  return { status: 403, reason: hasRoute ? 'Route not allowed' : 'Relaying forbidden' };
}

/** The URI of a Route value, read by the core (rfc3261#section-20.34); null when it is not a name-addr. */
function routeUri(value: string): string | null {
  const uri = uriOf(value);
  return uri === '' ? null : uri;
}
