/**
 * The JsSIP user agent of one sign-in: its configuration (over the socket codec, registering for 600 s, RFC 4028
 * session timers) and the outcome of its first registration. Reconnection follows our policy, not JsSIP's recovery
 * intervals (transport-recovery.ts).
 */
import JsSIP from 'jssip';
import { failureFrom } from './failures.ts';
import { asUa, type JsSipUa, type UaEvents } from './jssip-types.ts';
import { SipClientError, type SignInOptions, type SipFailure } from './sip-client.ts';
import type { SocketCodec } from './socket-codec.ts';

export function createUserAgent(codec: SocketCodec, options: SignInOptions): JsSipUa {
  return asUa(
    new JsSIP.UA({
      sockets: [codec.asSocket()],
      uri: options.aor,
      password: options.password,
      ...(options.displayName ? { display_name: options.displayName } : {}),
      register: true,
      register_expires: 600,
      session_timers: true,
      user_agent: 'SealPhone (JsSIP 3.13.8)',
    }),
  );
}

/** Resolves once registered; rejects with the failure (or a first connection that never came). */
export function signInOutcome(ua: JsSipUa, serverUrl: string, everConnected: () => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (failure?: SipFailure): void => {
      ua.off('registered', onRegistered);
      ua.off('registrationFailed', onFailed);
      ua.off('disconnected', onDisconnected);
      if (failure) reject(new SipClientError(failure));
      else resolve();
    };
    const onRegistered = (): void => done();
    const onFailed = (e: UaEvents['registrationFailed']): void => done(failureFrom(e.cause, e.response?.status_code, e.response?.reason_phrase));
    const onDisconnected = (): void => {
      if (!everConnected()) done({ kind: 'network', detail: `cannot connect to ${serverUrl}` });
    };
    ua.on('registered', onRegistered);
    ua.on('registrationFailed', onFailed);
    ua.on('disconnected', onDisconnected);
  });
}
