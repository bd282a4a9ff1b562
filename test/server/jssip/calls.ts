/** Shared steps of the JsSIP call tests: placing, answering and watching a call (SDP only, see jssip-node.ts). */
import { fakeMediaStream, nextIncomingCall, sessionEvent, type FakePeerConnection, type NewRtcSessionEvent, type NodeUa, type RTCSession } from '../../helpers/jssip-node.ts';
import { TEST_DOMAIN } from '../../helpers/test-server.ts';

export interface SessionOutcome {
  originator?: string;
  cause?: string;
  message?: { status_code?: number; method?: string } | null;
}

/** What an RTCSession is really driving: our stand-in peer connection. */
export function peerOf(session: RTCSession): FakePeerConnection {
  return session.connection as unknown as FakePeerConnection;
}

/** Places a call from `caller` to `user` with the fake media stream. */
export function call(caller: NodeUa, user: string): RTCSession {
  return caller.ua.call(`sip:${user}@${TEST_DOMAIN}`, { mediaStream: fakeMediaStream(), pcConfig: { iceServers: [] } });
}

/** Answers an incoming session with the fake media stream. */
export function answer(session: RTCSession): void {
  session.answer({ mediaStream: fakeMediaStream(), pcConfig: { iceServers: [] } });
}

/** Everything a session emits from now on, for asserting on what happened and what did not. */
export function record(session: RTCSession): { events: string[]; outcome: Map<string, SessionOutcome> } {
  const events: string[] = [];
  const outcome = new Map<string, SessionOutcome>();
  const s = session as unknown as NodeJS.EventEmitter;
  for (const name of ['progress', 'accepted', 'confirmed', 'ended', 'failed', 'hold', 'unhold']) {
    s.on(name, (e: SessionOutcome) => {
      events.push(name);
      outcome.set(name, e);
    });
  }
  return { events, outcome };
}

export interface EstablishedCall {
  caller: RTCSession;
  callee: RTCSession;
  incoming: NewRtcSessionEvent;
}

/** alice calls bob, bob answers, both confirmed. */
export async function establish(caller: NodeUa, callee: NodeUa, calleeUser = callee.user): Promise<EstablishedCall> {
  const incomingP = nextIncomingCall(callee);
  const outgoing = call(caller, calleeUser);
  const callerConfirmed = sessionEvent(outgoing, 'confirmed', 8_000, caller.trace);
  const incoming = await incomingP;
  const calleeConfirmed = sessionEvent(incoming.session, 'confirmed', 8_000, callee.trace);
  answer(incoming.session);
  await Promise.all([callerConfirmed, calleeConfirmed]);
  return { caller: outgoing, callee: incoming.session, incoming };
}
