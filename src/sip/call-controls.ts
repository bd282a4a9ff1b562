/**
 * What an established call's controls ask of its JsSIP session, as promises: hold and resume (re-INVITE with
 * sendonly / sendrecv, RFC 3264 section 8.4) and blind transfer (REFER, RFC 3515).
 */
import { failureFrom } from './failures.ts';
import type { JsSipSession } from './jssip-types.ts';
import { SipClientError } from './sip-client.ts';

/** Resolves once the re-INVITE is answered; rejects when the call ends meanwhile or JsSIP cannot start it now. */
export function holdSession(session: JsSipSession, hold: boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onEnd = (): void => reject(new SipClientError({ kind: 'other', detail: 'the call ended' }));
    session.once('ended', onEnd);
    session.once('failed', onEnd);
    const done = (): void => {
      session.off('ended', onEnd);
      session.off('failed', onEnd);
      resolve();
    };
    const started = hold ? session.hold({}, done) : session.unhold({}, done);
    if (!started) {
      session.off('ended', onEnd);
      session.off('failed', onEnd);
      reject(new SipClientError({ kind: 'other', detail: `cannot ${hold ? 'hold' : 'resume'} now` }));
    }
  });
}

/** Resolves when the REFER is accepted (2xx); rejects with the failure of its response. */
export function referSession(session: JsSipSession, target: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    session.refer(target, {
      eventHandlers: {
        requestSucceeded: () => resolve(),
        requestFailed: (e) => reject(new SipClientError(failureFrom(undefined, e.response?.status_code, e.response?.reason_phrase))),
      },
    });
  });
}
