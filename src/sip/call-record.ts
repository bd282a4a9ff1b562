/** What the call set keeps of one call: what the UI is shown (`info`) and the JsSIP session and media behind it. */
import type { JsSipSession } from './jssip-types.ts';
import type { MediaLiveness } from './media-liveness.ts';
import type { ProtectionPlan } from './protection-note.ts';
import type { CallInfo, CallOptions } from './sip-client.ts';

export interface CallRecord {
  info: CallInfo;
  session: JsSipSession | null;
  localStream: MediaStream | null;
  /** Hangup asked for before JsSIP's session existed (while getUserMedia ran). */
  abandoned: boolean;
  /** The Call-ID of the session's dialog (the secure layer forgets it when the call ends). */
  callId?: string;
  /** An outgoing call already sent again after a security refusal (security-policy.ts). */
  retried?: boolean;
  /** Transceivers an outgoing call offered before its microphone (and camera) opened; their tracks come later. */
  waitingSenders?: RTCRtpTransceiver[];
  options?: CallOptions;
  /** What the security policy planned for the call's INVITE (security-policy.ts), carried in it to the secure layer. */
  plan?: ProtectionPlan;
  /** An incoming call's 200 OK has been handed to the socket (JsSIP's `accepted`). */
  answerSent?: boolean;
  /** Its remote stream, held until then (call-media.ts). */
  heldRemoteStream?: MediaStream;
  /** The watch on its media path once connected (media-liveness.ts): a vanished peer ends the call. */
  liveness?: MediaLiveness;
}

/** A new call's record, in its first state. */
export function newCallRecord(info: Omit<CallInfo, 'muted' | 'onHold' | 'remoteHold' | 'startedAt'>, session: JsSipSession | null, options?: CallOptions): CallRecord {
  return {
    info: { ...info, muted: false, onHold: false, remoteHold: false, startedAt: Date.now() },
    session,
    localStream: null,
    abandoned: false,
    ...(options ? { options } : {}),
  };
}
