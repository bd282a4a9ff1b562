/**
 * The parts of JsSIP 3.13.8 that `jssip-client.ts` uses, typed as they behave at runtime (docs/jssip-notes.md "Typings": the
 * shipped `.d.ts` lacks `RTCSession` in its exports, gives listener unions implicit any, and misses fields). One cast
 * at the boundary (`asUa`) instead of casts everywhere. Every field here is exercised by test/sip/jssip-client.test.ts.
 */
import type { UA } from 'jssip/lib/UA';

export interface JsSipUri {
  user: string | null;
  host: string;
  toAor(showPort?: boolean): string;
  toString(): string;
}

export interface JsSipNameAddr {
  uri: JsSipUri;
  display_name: string | null;
}

export interface JsSipResponse {
  status_code: number;
  reason_phrase: string;
  /** IncomingResponse has it; JsSIP's synthetic responses may not. */
  getHeader?(name: string): string | undefined;
}

export interface JsSipIncomingRequest {
  method: string;
  call_id?: string;
  body?: string;
  getHeader(name: string): string | undefined;
}

export interface Emitter<E> {
  on<K extends keyof E & string>(event: K, listener: (event: E[K]) => void): unknown;
  once<K extends keyof E & string>(event: K, listener: (event: E[K]) => void): unknown;
  off<K extends keyof E & string>(event: K, listener: (event: E[K]) => void): unknown;
}

export interface FailureEvent {
  originator: 'local' | 'remote' | 'system';
  cause?: string;
  message?: JsSipResponse | null;
  response?: JsSipResponse | null;
}

export interface RtcSessionEvents {
  peerconnection: { peerconnection: RTCPeerConnection };
  /** Every SDP before JsSIP uses it (RTCSession.js); a listener may replace `sdp`, which is what JsSIP then applies. */
  sdp: { originator: 'local' | 'remote'; type: 'offer' | 'answer'; sdp: string };
  progress: { originator: 'local' | 'remote'; response?: JsSipResponse | null };
  accepted: { originator: 'local' | 'remote'; response?: JsSipResponse | null };
  confirmed: { originator: 'local' | 'remote'; ack?: JsSipIncomingRequest | null };
  ended: FailureEvent;
  failed: FailureEvent;
  /**
   * A candidate gathered while JsSIP waits for gathering before it sends an offer or answer (RTCSession.js
   * `_createLocalDescription`); `ready()` sends the SDP as it stands (ice-ready-policy.ts).
   */
  icecandidate: { candidate: RTCIceCandidate; ready: () => void };
  hold: { originator: 'local' | 'remote' };
  unhold: { originator: 'local' | 'remote' };
  /** An in-dialog REFER (RFC 3515), already answered 202 by JsSIP; accept() calls the Refer-To target. */
  refer: {
    request: { refer_to: JsSipNameAddr };
    accept(initCallback: (session: JsSipSession) => void, options: Record<string, unknown>): void;
    reject(): void;
  };
}

export interface JsSipSession extends Emitter<RtcSessionEvents> {
  readonly connection: RTCPeerConnection | null;
  readonly remote_identity: JsSipNameAddr;
  readonly direction: 'incoming' | 'outgoing';
  answer(options: Record<string, unknown>): void;
  terminate(options?: { status_code?: number; reason_phrase?: string; extraHeaders?: string[] }): void;
  mute(options?: { audio?: boolean; video?: boolean }): void;
  unmute(options?: { audio?: boolean; video?: boolean }): void;
  hold(options?: Record<string, unknown>, done?: () => void): boolean;
  unhold(options?: Record<string, unknown>, done?: () => void): boolean;
  sendDTMF(tones: string, options?: { transportType?: 'INFO' | 'RFC2833'; duration?: number; interToneGap?: number }): void;
  refer(target: string, options?: { eventHandlers?: Record<string, (event: { response?: JsSipResponse | null }) => void> }): unknown;
  isEnded(): boolean;
  isEstablished(): boolean;
  /** Internal (RTCSession.js): the INVITE that made the session; its Call-ID names the dialog. */
  readonly _request?: { call_id?: string };
}

export interface UaEvents {
  connecting: { attempts: number };
  connected: unknown;
  disconnected: { error?: boolean; code?: number; reason?: string };
  registered: { response: JsSipResponse };
  unregistered: { response?: JsSipResponse | null; cause?: string };
  registrationFailed: { response?: JsSipResponse | null; cause?: string };
  newRTCSession: { originator: 'local' | 'remote'; session: JsSipSession; request: JsSipIncomingRequest };
  newMessage: { originator: 'local' | 'remote'; message: { remote_identity: JsSipNameAddr }; request: JsSipIncomingRequest };
}

/** JsSIP's RFC 6665 Subscriber (Subscriber.js); `terminated` and `notify` pass several arguments, not one event. */
export interface JsSipSubscriber {
  on(event: 'accepted' | 'active' | 'pending', listener: () => void): unknown;
  on(event: 'terminated', listener: (code: number, reason: string | undefined, retryAfter: number | undefined) => void): unknown;
  removeAllListeners(): unknown;
  subscribe(body?: string): void;
  terminate(body?: string): void;
  /** Internal (Subscriber.js constructor): the Call-ID of the subscription's dialog, fixed at construction. */
  readonly _params: { call_id: string };
  /**
   * Internal (Subscriber.js): the refresh timer, and what arms it. After `terminate()` JsSIP still arms it, even for
   * the 200 to the un-SUBSCRIBE (whose Expires: 0 it takes for "missing" and replaces with 900 s), and clears it only
   * on the final NOTIFY, which a closed connection never brings.
   */
  _expires_timer?: ReturnType<typeof setTimeout> | null;
  _scheduleSubscribe?: (expires: number) => void;
}

/** Subscriber.C termination codes (Subscriber.js). */
export const SUBSCRIBER_TERMINATED = {
  RESPONSE_TIMEOUT: 0,
  TRANSPORT_ERROR: 1,
  NON_OK_RESPONSE: 2,
  WRONG_OK_RESPONSE: 3,
  AUTHENTICATION_FAILED: 4,
  UNSUBSCRIBE_TIMEOUT: 5,
  FINAL_NOTIFY_RECEIVED: 6,
  WRONG_NOTIFY_RECEIVED: 7,
} as const;

export interface JsSipUa extends Emitter<UaEvents> {
  subscribe(target: string, eventName: string, accept: string, options: { expires?: number; extraHeaders?: string[] }): JsSipSubscriber;
  start(): void;
  stop(): void;
  isRegistered(): boolean;
  isConnected(): boolean;
  call(target: string, options: Record<string, unknown>): JsSipSession;
  sendMessage(
    target: string,
    body: string,
    options: { contentType: string; extraHeaders?: string[]; eventHandlers: { succeeded: (e: { response: JsSipResponse }) => void; failed: (e: FailureEvent) => void } },
  ): { _request?: { call_id?: string } } | undefined;
}

export function asUa(ua: UA): JsSipUa {
  return ua as unknown as JsSipUa;
}
