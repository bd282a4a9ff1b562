/**
 * Calls: the one on screen, incoming ones (including a second while in a call), their media streams, and what
 * each control does. Actions are thin over the SipClient; state changes arrive as `call` events.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CallInfo, RefusedRequest, SipFailure } from '../sip/sip-client.ts';
import type { CallRecord } from '../services/directory.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { describeFailure, failureOf } from './describe-failure.ts';
import { displayAor, domainOf, normalizeAor, notAnAddressText, peerKey } from './sip-address.ts';
import { iceOptions } from './settings-slice.ts';

export interface CallsSlice {
  calls: {
    byId: Record<string, CallInfo>;
    /** Call ids, oldest first. */
    order: string[];
    remoteStreams: Record<string, MediaStream>;
    localStreams: Record<string, MediaStream>;
    /** Why the last call could not even start (bad address, no microphone...). */
    failure: SipFailure | null;
    /**
     * The call just refused because it could not be end-to-end encrypted while only such calls are wanted: what the
     * user may choose to place anyway, without encryption, with one more click (never on their behalf).
     */
    refusedClear: { target: string; video: boolean } | null;
    /** What was typed when it is no address (nor phone number) to call or transfer to; named in the error. */
    unusableEntry: string | null;
    /** The address `failure` concerns, named in its text instead of "They". */
    failurePeer: string | null;
  };
  /** `allowClear`: the user chose to call without end-to-end encryption although only encrypted calls are wanted. */
  startCall: (target: string, options: { video: boolean; allowClear?: boolean }) => Promise<void>;
  /** Answers; a call already in progress is put on hold first. */
  answer: (callId: string) => Promise<void>;
  decline: (callId: string) => void;
  hangUp: (callId: string) => void;
  /** The page is going (pagehide): every call ends now, cleanly, and is recorded (src/ui/page-leave.ts). */
  leavePage: () => void;
  toggleMute: (callId: string) => void;
  toggleHold: (callId: string) => Promise<void>;
  sendDtmf: (callId: string, tones: string) => void;
  transfer: (callId: string, target: string) => Promise<void>;
  /** Removes an ended call from the screen. */
  dismissCall: (callId: string) => void;
  receiveCall: (call: CallInfo) => void;
  /** An incoming call or message this device refused for a security reason: kept in Recent with why. */
  receiveRefusal: (refused: RefusedRequest) => void;
  receiveRemoteStream: (callId: string, stream: MediaStream) => void;
  receiveLocalStream: (callId: string, stream: MediaStream) => void;
  resetCalls: () => void;
}

const empty = (): CallsSlice['calls'] => ({ byId: {}, order: [], remoteStreams: {}, localStreams: {}, failure: null, refusedClear: null, unusableEntry: null, failurePeer: null });

function outcomeOf(call: CallInfo): CallRecord['outcome'] {
  if (call.connectedAt !== undefined) return 'answered';
  switch (call.failure?.kind) {
    case 'answered-elsewhere':
      return 'answered-elsewhere';
    case 'canceled':
      return call.direction === 'incoming' ? 'missed' : 'canceled';
    case 'rejected':
    case 'busy':
      return 'declined';
    case 'do-not-disturb':
      return call.direction === 'incoming' ? 'do-not-disturb' : 'declined';
    case undefined:
      return call.direction === 'incoming' ? 'missed' : 'canceled';
    default:
      return 'failed';
  }
}

/** The Recent entry of an ended call. */
function recordOf(call: CallInfo, now: number): CallRecord {
  return {
    id: call.id,
    peer: peerKey(call.peer),
    direction: call.direction,
    video: call.video,
    startedAt: call.startedAt,
    durationSeconds: call.connectedAt !== undefined ? Math.round(((call.endedAt ?? now) - call.connectedAt) / 1000) : 0,
    outcome: outcomeOf(call),
  };
}

export const createCallsSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], CallsSlice> =>
  (set, get) => {
    const update = (fn: (c: CallsSlice['calls']) => Partial<CallsSlice['calls']>) => set({ calls: { ...get().calls, ...fn(get().calls) } });
    const ownDomain = () => domainOf(normalizeAor(get().session.aor) ?? '');
    // Every call, outgoing or answered, uses the STUN and TURN servers of the Settings page.
    const mediaOptions = (video: boolean) => ({ video, audioInputId: get().devices.audioInputId, videoInputId: get().devices.videoInputId, ...iceOptions(get().settings.preferences) });
    return {
      calls: empty(),
      startCall: async (target, { video, allowClear }) => {
        const aor = normalizeAor(target, ownDomain());
        if (!aor) {
          update(() => ({ failure: null, refusedClear: null, unusableEntry: target }));
          return;
        }
        update(() => ({ failure: null, refusedClear: null, unusableEntry: null }));
        try {
          // The SipClient waits for the peer's certificate itself when none is at hand (the INVITE goes encrypted).
          await deps.sip.call(aor, { ...mediaOptions(video), ...(allowClear ? { allowClear } : {}) });
          get().touchContact(aor);
        } catch (error) {
          const failure = failureOf(error);
          update(() => ({ failure, failurePeer: aor, refusedClear: failure.kind === 'not-encrypted' ? { target: aor, video } : null }));
        }
      },
      answer: async (callId) => {
        const call = get().calls.byId[callId];
        if (!call) return;
        const busy = Object.values(get().calls.byId).find((c) => c.id !== callId && c.state === 'connected' && !c.onHold);
        try {
          if (busy) await deps.sip.setHold(busy.id, true);
          await deps.sip.answer(callId, mediaOptions(call.video));
        } catch (error) {
          update(() => ({ failure: failureOf(error), failurePeer: call.peer }));
        }
      },
      decline: (callId) => deps.sip.hangUp(callId, { decline: true }),
      hangUp: (callId) => deps.sip.hangUp(callId),
      leavePage: () => {
        for (const call of Object.values(get().calls.byId)) if (call.state !== 'ended') deps.sip.hangUp(call.id);
      },
      toggleMute: (callId) => {
        const call = get().calls.byId[callId];
        if (call) deps.sip.setMuted(callId, !call.muted);
      },
      toggleHold: async (callId) => {
        const call = get().calls.byId[callId];
        if (!call) return;
        try {
          await deps.sip.setHold(callId, !call.onHold);
        } catch (error) {
          update(() => ({ failure: failureOf(error), failurePeer: call.peer }));
        }
      },
      sendDtmf: (callId, tones) => deps.sip.sendDtmf(callId, tones),
      transfer: async (callId, target) => {
        const aor = normalizeAor(target, ownDomain());
        if (!aor) {
          update(() => ({ failure: null, unusableEntry: target }));
          return;
        }
        update(() => ({ unusableEntry: null }));
        try {
          await deps.sip.transfer(callId, aor);
        } catch (error) {
          update(() => ({ failure: failureOf(error), failurePeer: aor }));
        }
      },
      dismissCall: (callId) =>
        update((c) => {
          const { [callId]: _call, ...byId } = c.byId;
          const { [callId]: _r, ...remoteStreams } = c.remoteStreams;
          const { [callId]: _l, ...localStreams } = c.localStreams;
          return { byId, remoteStreams, localStreams, order: c.order.filter((id) => id !== callId), failure: null };
        }),
      receiveCall: (call) => {
        const previous = get().calls.byId[call.id];
        if (!previous && call.state === 'ended' && call.failure?.kind === 'do-not-disturb') {
          // Refused by do not disturb before it rang: only Recent notes it, the screen stays as it was.
          get().recordCall(recordOf(call, deps.now()));
          return;
        }
        if (!previous) {
          // A new call replaces ended ones still on screen.
          for (const old of Object.values(get().calls.byId)) if (old.state === 'ended') get().dismissCall(old.id);
        }
        update((c) => ({ byId: { ...c.byId, [call.id]: call }, order: previous ? c.order : [...c.order, call.id] }));
        if (call.state === 'ended' && previous?.state !== 'ended') get().recordCall(recordOf(call, deps.now()));
      },
      receiveRefusal: (refused) =>
        get().recordCall({
          id: refused.id,
          peer: peerKey(refused.peer),
          direction: 'incoming',
          video: refused.video,
          startedAt: refused.at,
          durationSeconds: 0,
          outcome: 'refused',
          refusal: { what: refused.what, reason: refused.reason },
        }),
      receiveRemoteStream: (callId, stream) => update((c) => ({ remoteStreams: { ...c.remoteStreams, [callId]: stream } })),
      receiveLocalStream: (callId, stream) => update((c) => ({ localStreams: { ...c.localStreams, [callId]: stream } })),
      resetCalls: () => set({ calls: empty() }),
    };
  };

const isIncomingRinging = (c: CallInfo) => c.direction === 'incoming' && c.state === 'ringing';

/** The call the main Call panel shows. */
function primary(s: AppState): CallInfo | undefined {
  const calls = s.calls.order.map((id) => s.calls.byId[id]).filter((c): c is CallInfo => c !== undefined);
  const live = calls.filter((c) => c.state !== 'ended');
  return (
    live.filter((c) => !isIncomingRinging(c)).at(-1) ??
    live.find(isIncomingRinging) ??
    calls.filter((c) => c.state === 'ended').at(-1)
  );
}

export const callSelectors = {
  primary,
  byId: (id: string) => (s: AppState) => s.calls.byId[id],
  /** Incoming calls ringing while another call is on screen (call waiting). */
  waiting: (s: AppState): CallInfo[] => {
    const p = primary(s);
    return s.calls.order.map((id) => s.calls.byId[id]).filter((c): c is CallInfo => c !== undefined && c.id !== p?.id && isIncomingRinging(c));
  },
  /**
   * Connected calls behind the primary one, each with its true state (issue 17): on hold only when it is held; one
   * that is not (a second call the peer answered) is shown live, its microphone open to that peer.
   */
  others: (s: AppState): CallInfo[] => {
    const p = primary(s);
    return s.calls.order.map((id) => s.calls.byId[id]).filter((c): c is CallInfo => c !== undefined && c.id !== p?.id && c.state === 'connected');
  },
  /** Whether a call to `target` (as typed) is being placed or rings now: a second press must not call again. */
  placing: (target: string) => (s: AppState): boolean => {
    const aor = normalizeAor(target, domainOf(normalizeAor(s.session.aor) ?? ''));
    if (!aor) return false;
    const key = peerKey(aor);
    return Object.values(s.calls.byId).some((c) => c.direction === 'outgoing' && (c.state === 'connecting' || c.state === 'ringing') && peerKey(c.peer) === key);
  },
  /** Whether a call is connected and not on hold (what answering a second caller would put on hold). */
  hasActiveCall: (s: AppState): boolean => Object.values(s.calls.byId).some((c) => c.state === 'connected' && !c.onHold),
  remoteStream: (id: string) => (s: AppState) => s.calls.remoteStreams[id],
  localStream: (id: string) => (s: AppState) => s.calls.localStreams[id],
  hasLiveCall: (s: AppState) => Object.values(s.calls.byId).some((c) => c.state !== 'ended'),
  failureText: (s: AppState) => (s.calls.unusableEntry !== null ? notAnAddressText(s.calls.unusableEntry) : s.calls.failure ? describeFailure(s.calls.failure, 'call', s.calls.failurePeer ? displayAor(s.calls.failurePeer) : undefined) : null),
  refusedClear: (s: AppState) => s.calls.refusedClear,
};

/** "Ringing", "Calling…", "Connected", "On hold", "Ended" and why. */
export function callStateText(call: CallInfo): string {
  if (call.state === 'ended') {
    if (call.failure?.kind === 'answered-elsewhere') return 'Answered on another device';
    const shown = call.failure && (call.connectedAt === undefined || call.failure.kind === 'connection-lost' || call.failure.kind === 'hung-up');
    const why = call.failure && shown && call.failure.kind !== 'canceled' ? ` · ${describeFailure(call.failure, 'call', displayAor(call.peer))}` : '';
    return `Ended${why}`;
  }
  if (call.state === 'ringing') return call.direction === 'incoming' ? 'Ringing · incoming call' : 'Ringing';
  if (call.state === 'connecting') return 'Connecting…';
  if (call.onHold) return 'Connected · on hold';
  if (call.remoteHold) return 'Connected · they put you on hold';
  return 'Connected';
}
