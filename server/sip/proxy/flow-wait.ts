/**
 * An in-dialog request for a WebSocket client whose connection is not there (yet) waits a few seconds for it. A
 * WebSocket client's contact (`sip:xyz@abc.invalid;transport=ws`, RFC 7118 section 5.2) is reachable only over a
 * connection the client opens, which it does again after it lost its server (a restart) and registers on at once
 * (RFC 5626 section 4.4: the flow is re-established, and the registration names it). The two phones of a call come
 * back a second or two apart, so the first in-dialog request after a restart (the session-timer refresh, a BYE) often
 * comes before its peer is back: answered 404 at once, JsSIP gives the refresh up and the call ends at the peer's
 * session timer. Instead the proxy keeps the request's server transaction open until the peer's registration names
 * the contact, for at most `waitMs` (then 404 as before); at most `maxWaiting` requests wait at once (issue 15: no
 * unbounded state for anyone to fill).
 */
import { parseUri } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';

export interface FlowWaitDeps {
  /** The connection that reaches the URI now, or null. */
  connectionFor(uri: string): SipConnection | null;
  /** Calls `listener` whenever registrations change; returns the unsubscribe function. */
  onRegistrationChange(listener: () => void): () => void;
}

export interface FlowWaitOptions {
  /** Default 5,000 ms: the time a phone takes to register again after a restart (issue 17). */
  waitMs?: number;
  /** Default 1,000 requests waiting at once. */
  maxWaiting?: number;
}

/** Whether a URI is a contact only a client's own connection reaches: a host under `.invalid` (RFC 7118 section 5.2). */
export function isFlowOnlyContact(uri: string): boolean {
  try {
    const parsed = parseUri(uri);
    return parsed.kind === 'sip' && /\.invalid\.?$/i.test(parsed.host);
  } catch {
    return false;
  }
}

export class FlowWait {
  #waiting = 0;
  readonly #waitMs: number;
  readonly #maxWaiting: number;

  constructor(
    private readonly deps: FlowWaitDeps,
    options: FlowWaitOptions = {},
  ) {
    this.#waitMs = options.waitMs ?? 5_000;
    this.#maxWaiting = options.maxWaiting ?? 1_000;
  }

  /** Resolves with the connection once `uri` is reachable, or null after the wait (or at once when too many wait). */
  forContact(uri: string): Promise<SipConnection | null> {
    const now = this.deps.connectionFor(uri);
    if (now || !isFlowOnlyContact(uri) || this.#waiting >= this.#maxWaiting) return Promise.resolve(now);
    this.#waiting++;
    return new Promise((resolve) => {
      const done = (connection: SipConnection | null): void => {
        off();
        clearTimeout(timer);
        this.#waiting--;
        resolve(connection);
      };
      const off = this.deps.onRegistrationChange(() => {
        const connection = this.deps.connectionFor(uri);
        if (connection) done(connection);
      });
      const timer = setTimeout(() => done(null), this.#waitMs);
      timer.unref?.();
    });
  }
}
