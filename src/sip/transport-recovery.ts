/**
 * Our reconnect policy (reconnect-policy.ts) in place of JsSIP's own recovery. JsSIP 3.13.8's Transport, after every
 * unexpected disconnect, calls its `_reconnect()` (Transport.js `_onDisconnect`), which waits
 * `floor(random * 2^attempts + 1)` whole seconds clamped to [min, max]: never less than a second, and after a few
 * failed attempts up to 16 s or more, so one phone of a restarted server came back 20 s late (issue 17). We replace
 * that one method of the UA's Transport; when our timer fires we do what JsSIP's does (pick the socket, connect) and
 * JsSIP carries on as after its own attempt: `connected`, then a REGISTER at once (UA.js `onTransportConnect`), or
 * another `_onDisconnect` and a call to `_reconnect` again. docs/jssip-notes.md "Connection recovery".
 */
import type { JsSipUa } from './jssip-types.ts';
import { ReconnectSchedule, type ReconnectPolicyOptions, type ReconnectTimers } from './reconnect-policy.ts';

/** JsSIP's Transport (Transport.js) as we drive it: internals, checked when installed. */
export interface JsSipTransport {
  close_requested: boolean;
  isConnected(): boolean;
  isConnecting(): boolean;
  connect(): void;
  /** Every message JsSIP sends (an OutgoingRequest or a reply's text); false when not connected. */
  send(data: { toString(): string }): boolean;
  /** The UA's `onTransportDisconnect` (UA.js), called by `_onDisconnect` and `disconnect()`. */
  ondisconnect: (data: unknown) => void;
  _getSocket(): void;
  _reconnect: () => void;
}

/** The UA's Transport (`ua.transport`, a getter of UA.js), its members checked. */
export function transportOf(ua: JsSipUa): JsSipTransport {
  const transport = (ua as unknown as { transport?: Partial<JsSipTransport> }).transport;
  const ok =
    transport !== undefined &&
    typeof transport.connect === 'function' &&
    typeof transport.send === 'function' &&
    typeof transport.ondisconnect === 'function' &&
    typeof transport.isConnected === 'function' &&
    typeof transport.isConnecting === 'function' &&
    typeof transport._getSocket === 'function' &&
    typeof transport._reconnect === 'function';
  if (!ok) throw new TypeError('JsSIP Transport without _reconnect/_getSocket/connect/send: see docs/jssip-notes.md "Connection recovery"');
  return transport as JsSipTransport;
}

/**
 * Puts `ua`'s reconnection under the policy; returns the stop function (for sign-out and teardown). Must be called
 * before `ua.start()`.
 */
export function installTransportRecovery(ua: JsSipUa, options: ReconnectPolicyOptions = {}, timers?: ReconnectTimers): () => void {
  const transport = transportOf(ua);
  const schedule = new ReconnectSchedule(
    () => {
      // As JsSIP's own recovery timer (Transport.js `_reconnect`): only when nobody closed or reconnected meanwhile.
      if (transport.close_requested || transport.isConnected() || transport.isConnecting()) return;
      transport._getSocket();
      transport.connect();
    },
    options,
    timers,
  );
  transport._reconnect = () => schedule.lost();
  const onConnected = (): void => schedule.connected();
  ua.on('connected', onConnected);
  return () => {
    schedule.stop();
    ua.off('connected', onConnected);
  };
}
