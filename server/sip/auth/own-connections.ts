/**
 * Connection-bound authentication, for a client's own connection only (issue 15 defect 3).
 *
 * A WebSocket or TCP connection on which a user agent registered itself with digest credentials stands for that user
 * afterwards, the idea of an RFC 5626 flow: later requests on it count as that user without a new challenge. A
 * connection that carries the requests of several parties (a proxy such as a Kamailio WebSocket edge) must never
 * stand for one of them, or the first user to register through the proxy would "own" it and every other client of
 * the proxy could speak as her. So a connection is bound only while everything on it came straight from one UA:
 *
 * - a request that went through another hop first (more than one Via, or a Path or Record-Route header: RFC 3261
 *   sections 16.6 step 8 and 20.30, RFC 3327) neither binds its connection nor is vouched for by it, and marks the
 *   connection as shared for as long as it stays open;
 * - a connection on which two different users registered is shared too;
 * - UDP never binds: a source address can be spoofed.
 *
 * Requests on a shared connection are challenged one by one (the proxy passes the challenges through), unless they
 * come from a trusted proxy that asserts the identity (`TrustedProxies`, RFC 3325).
 */
import type { SipRequest } from '../../../src/core/sip/index.ts';
import type { AuthenticatedUser } from '../request-context.ts';
import type { SipConnection } from '../transport/connection.ts';

type Mark = { connection: SipConnection; user: AuthenticatedUser } | { connection: SipConnection; user: null };

/** Whether a request came straight from the user agent that made it: one Via, and no Path or Record-Route. */
export function fromItsUserAgent(request: SipRequest): boolean {
  const { headers } = request;
  return headers.values('Via').length === 1 && !headers.has('Path') && !headers.has('Record-Route');
}

export class OwnConnections {
  /** Connection id to the user it stands for, or null once shared. */
  readonly #marks = new Map<string, Mark>();

  /** Notes that `request` on `connection` passed digest authentication as `user` in a REGISTER that bound a contact. */
  registered(connection: SipConnection, user: AuthenticatedUser, request: SipRequest): void {
    if (connection.transport === 'UDP' || !connection.open) return;
    const mark = this.#marks.get(connection.id);
    if (!fromItsUserAgent(request)) this.#share(connection);
    else if (!mark) this.#marks.set(connection.id, { connection, user });
    else if (mark.user !== null && mark.user.aor !== user.aor) this.#share(connection);
  }

  /** The user `request`'s connection stands for; null when none, shared, closed, or the request came through a hop. */
  userOf(connection: SipConnection, request: SipRequest): AuthenticatedUser | null {
    if (!connection.open || connection.transport === 'UDP') return null;
    if (!fromItsUserAgent(request)) {
      this.#share(connection);
      return null;
    }
    return this.#marks.get(connection.id)?.user ?? null;
  }

  /** Whether the connection has carried requests of more than one party (tests, logs). */
  isShared(connection: SipConnection): boolean {
    const mark = this.#marks.get(connection.id);
    return mark !== undefined && mark.user === null;
  }

  /** Forgets a closed connection (the stack's connectionClosed hook). */
  closed(connectionId: string): void {
    this.#marks.delete(connectionId);
  }

  #share(connection: SipConnection): void {
    this.#marks.set(connection.id, { connection, user: null });
  }
}
