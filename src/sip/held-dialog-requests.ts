/**
 * In-dialog requests wait for the connection (issue 17). A call's dialog lives in the two phones, and its media flows
 * between the browsers, not through the server (RFC 3261 section 12): a WebSocket that is down for a few seconds (a
 * server restart) must not end it. JsSIP 3.13.8 sends every request through `ua.transport.send`, which answers false
 * while the transport is down; the transaction then fails at once (Transactions.js `onTransportError`) and the
 * session ends on this side alone (RTCSession.js `onTransportError`), so the session-timer refresh (RFC 4028), a
 * hold or a DTMF INFO made during the outage ended the call, and the peer's next requests got 481 from this phone.
 *
 * While the transport is recovering (not closed by us), a request inside a dialog (a To tag, rfc3261#section-12.2)
 * is held instead and sent once the connection is back, right after the REGISTER that JsSIP sends first
 * (UA.js `onTransportConnect`). A reconnection attempt that fails must not fail it either: JsSIP's UA runs
 * `onTransportDisconnect` (UA.js) for every failed attempt too, which errors every client transaction. The loss itself
 * goes to JsSIP as before (what was in flight then is lost); the failed attempts after it only emit `disconnected`
 * (the registrator was closed and the UA marked not ready at the loss already). Its transaction's own timer still bounds the wait (Timer B/F, 32 s: JsSIP then ends
 * the call as a timeout), and a request held longer than that is dropped rather than sent late. Out-of-dialog
 * requests and responses fail at once as before (a REGISTER or MESSAGE has its own retry or report).
 */
import type { JsSipUa } from './jssip-types.ts';
import { peekHeader, requestMethod } from './sip-frame.ts';
import { hasTag } from './sip-text.ts';
import { transportOf } from './transport-recovery.ts';

/** RFC 3261 Timer B and F, 64*T1: a held request older than this belongs to a transaction that already gave up. */
export const HOLD_LIMIT_MS = 32_000;
/** At most this many held requests (a call makes a few; anything more is not a call's). */
export const HOLD_MAX = 32;

interface Held {
  data: { toString(): string };
  at: number;
}

/** Whether JsSIP's outgoing message text is a request inside a dialog. */
export function isInDialogRequest(text: string): boolean {
  return requestMethod(text) !== undefined && hasTag(peekHeader(text, 'To'));
}

/** Holds `ua`'s in-dialog requests while its transport is down; returns the uninstall function. */
export function holdInDialogRequests(ua: JsSipUa, now: () => number = Date.now): () => void {
  const transport = transportOf(ua);
  const send = transport.send.bind(transport);
  let held: Held[] = [];
  transport.send = (data) => {
    if (transport.isConnected() || transport.close_requested) return send(data);
    if (!isInDialogRequest(data.toString()) || held.length >= HOLD_MAX) return send(data);
    held.push({ data, at: now() });
    return true;
  };
  // Between a loss and the next connection: later disconnects are failed attempts.
  let recovering = false;
  const ondisconnect = transport.ondisconnect;
  transport.ondisconnect = (data) => {
    if (recovering && !transport.close_requested) {
      (ua as unknown as { emit(event: 'disconnected', data: unknown): void }).emit('disconnected', data);
      return;
    }
    recovering = !transport.close_requested;
    ondisconnect(data);
  };
  const flush = (): void => {
    const due = held;
    held = [];
    for (const h of due) if (now() - h.at < HOLD_LIMIT_MS) send(h.data);
  };
  // After this task: JsSIP's own REGISTER, sent in the same `connected` dispatch, goes first.
  const onConnected = (): void => {
    recovering = false;
    setTimeout(flush, 0);
  };
  ua.on('connected', onConnected);
  return () => {
    held = [];
    transport.send = send;
    transport.ondisconnect = ondisconnect;
    ua.off('connected', onConnected);
  };
}
