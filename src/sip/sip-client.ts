/**
 * The softphone's one door to SIP. The stores and the UI know only this interface; `jssip-client.ts` implements it
 * over JsSIP and a WebSocket, `fake-sip-client.ts` in memory for store and UI tests. Media (MediaStream,
 * RTCPeerConnection) is exposed only as handles the UI attaches to <audio>/<video> elements.
 */
import type { ClearReason } from '../core/secure-body/clear-reason.ts';
import type { MissingCertificate, SecurityContext } from './security-context.ts';
import type { RefusedRequest } from './refused-request.ts';

export type { RefusalReason, RefusedRequest } from './refused-request.ts';

export type { MissingCertificate, SecureBodyCodec, SecurityContext } from './security-context.ts';

/** Where the user agent is (the UI shows it in words). */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';
export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

export interface SignInOptions {
  /** `ws://` (loopback only) or `wss://` URL of the SIP WebSocket, e.g. `wss://example.com/sip`. */
  serverUrl: string;
  /** `sip:alice@example.com`. */
  aor: string;
  password: string;
  displayName?: string;
}

/** Why something failed, in a form the UI can explain (docs/style.md convention 4). */
export interface SipFailure {
  kind:
    | 'network'
    | 'authentication'
    | 'not-encrypted'
    /** The peer accepts only end-to-end encrypted calls or messages (a 4xx with X-SIP-SECURE-REQUIRES, 493, 437). */
    | 'encryption-required'
    /** The peer could not use the offered media (488, 606 without a security requirement). */
    | 'incompatible'
    | 'not-found'
    | 'unavailable'
    | 'busy'
    /** The callee's do not disturb refused the call (486 with `Reason: SIP;cause=486;text="Do not disturb"`, RFC 3326). */
    | 'do-not-disturb'
    | 'rejected'
    | 'canceled'
    /** Another device of ours answered the call (a CANCEL with Reason SIP cause 200, RFC 3326 section 2). */
    | 'answered-elsewhere'
    /** The peer ended a connected call (its BYE): not a fault, but the screen says who ended it. */
    | 'hung-up'
    /** The peer vanished mid-call: the media connection failed or went silent (media-liveness.ts). */
    | 'connection-lost'
    | 'timeout'
    | 'media'
    | 'other';
  /** SIP status code when there was one. */
  status?: number;
  /** Human-readable detail (JsSIP cause or reason phrase). */
  detail: string;
  /**
   * With `not-encrypted` (only end-to-end encrypted calls and messages are wanted, and this one could not be, so
   * nothing was sent) or `encryption-required` (the peer wants it so, and it could not be): what was missing, this
   * device's key or the peer's certificate and why (seed 000 section 4.3).
   */
  missing?: 'own-key' | MissingCertificate;
}

export type CallDirection = 'outgoing' | 'incoming';
export type CallState = 'ringing' | 'connecting' | 'connected' | 'ended';

/**
 * Why a call or message is not end-to-end encrypted: the core's reasons for a body it could not use
 * (src/core/secure-body/clear-reason.ts), and the softphone's own. The words for each live next to the UI
 * (src/ui/protection-words.ts), so that a new kind needs no string here.
 */
export type ProtectionKind =
  | ClearReason
  /** This device holds no key, so nothing it sends can be signed or read back. */
  | 'own-key-missing'
  /** No verified certificate of the peer's (RFC 6072 section 10.3) to encrypt to. */
  | 'peer-certificate-missing'
  /** The caller's offer came clear. */
  | 'caller-sent-clear'
  /** The sender's MESSAGE came clear. */
  | 'sender-sent-clear'
  /** Our encrypted offer was answered with a clear SDP. */
  | 'peer-answered-clear'
  /** A re-INVITE or UPDATE inside the dialog came clear. */
  | 'peer-update-clear'
  /** Signing or encrypting what we send failed; it left clear (`detail` says why). */
  | 'encryption-failed'
  /** An encrypted part came, but the core gave no reason why it could not be used. */
  | 'encrypted-part-unusable'
  /** The encrypted part's protected headers do not match the message it came in (seed 000 section 4.5). */
  | 'protected-headers-mismatch';

/**
 * End-to-end protection of a call or message as the secure layer checked it (secure-layer.ts): `encrypted` only when
 * the body was decrypted and its signature verified with the certificate verified for `verifiedPeer` (or, for what we
 * sent, encrypted to that certificate). Never claimed unchecked. `detail` is technical (for logs and a parenthesis).
 */
/**
 * `headersUnprotected`: encrypted and signed, but without the protected copies of From, To, Call-ID, CSeq and Date
 * (an older SealPhone): the body cannot be told from a replay or a body moved from another message (seed 000 4.2.1).
 */
export type Protection = { encrypted: true; verifiedPeer: string; headersUnprotected?: true } | { encrypted: false; kind: ProtectionKind; detail?: string };

export interface CallInfo {
  id: string;
  direction: CallDirection;
  /** The other party's AOR (`sip:bob@example.com`) and display name if any. */
  peer: string;
  peerDisplayName?: string;
  video: boolean;
  state: CallState;
  muted: boolean;
  /** We put the call on hold. */
  onHold: boolean;
  /** The peer put us on hold. */
  remoteHold: boolean;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  failure?: SipFailure;
  /** Known once the offer (incoming) or the answer (outgoing) has been read. */
  protection?: Protection;
  /** The DTLS `a=fingerprint` values of both sides' SDP, once connected (for the short authentication string). */
  fingerprints?: { local: string[]; remote: string[] };
}

export interface CallOptions {
  video: boolean;
  /** The user chose to call without end-to-end encryption although only encrypted calls are wanted (never implied). */
  allowClear?: boolean;
  /** Device choice (navigator.mediaDevices deviceIds); default devices when absent. */
  audioInputId?: string;
  videoInputId?: string;
  /**
   * STUN and TURN servers for this call's RTCPeerConnection (the Settings page), and whether only relayed candidates
   * may be used (RTCIceTransportPolicy 'relay').
   */
  ice?: { servers: RTCIceServer[]; relayOnly: boolean };
}

export interface MessageInfo {
  id: string;
  direction: 'outgoing' | 'incoming';
  peer: string;
  contentType: string;
  text: string;
  /** `text` is SealPhone's sentence for content it cannot show (an image, a compressed body: src/core/im). */
  attachment?: boolean;
  at: number;
  state: 'sending' | 'delivered' | 'failed' | 'received';
  failure?: SipFailure;
  protection?: Protection;
}

/** RFC 6665 subscription wished by the app; the client keeps it up (refresh, re-subscribe after a reconnect). */
export interface SubscribeOptions {
  /** Event package (RFC 6665 section 7.2), e.g. `certificate` or `credential` (RFC 6072 section 6). */
  event: string;
  /** Accept header values, e.g. `application/pkix-cert`. */
  accept: string[];
  /** Requested duration in seconds (default 3600). */
  expires?: number;
}

/**
 * Where a subscription is: `subscribing` (SUBSCRIBE sent, or waiting to be sent until registered), `pending`/`active`
 * (RFC 6665 Subscription-State), `retrying` (lost; re-subscribed after a delay or a reconnect), `terminated` for good.
 */
export type SubscriptionState = 'subscribing' | 'pending' | 'active' | 'retrying' | 'terminated';

export interface SubscriptionStatus {
  id: string;
  target: string;
  event: string;
  state: SubscriptionState;
  /** RFC 6665 section 4.1.3 reason of a terminating NOTIFY, or why the SUBSCRIBE failed, in words. */
  reason?: string;
  /** The `reason` parameter of the notifier's terminating NOTIFY as sent (`deactivated`, `noresource`...). */
  notifierReason?: string;
}

/** One NOTIFY of a subscription, with the exact bytes received so that its Identity header (RFC 4474) can be checked. */
export interface NotifyInfo {
  subscriptionId: string;
  target: string;
  event: string;
  /** The whole SIP message as received (header section and body). */
  message: Uint8Array;
}

export type NotifyGuard = (notify: NotifyInfo) => Promise<number | undefined>;

/** A final response to a request sent with `sendRequest`. */
export interface SipResponseInfo {
  status: number;
  reason: string;
  /** First value of a header, by any case of its name. */
  header(name: string): string | undefined;
}

export interface OutOfDialogRequest {
  method: 'PUBLISH' | 'OPTIONS';
  target: string;
  /** Extra header lines (`Event: credential`), without Content-Type. */
  headers: string[];
  body?: string;
  contentType?: string;
}

/** Typed events (docs/style.md, mediasoup-client). Listener exceptions are caught and logged, never propagated. */
export interface SipClientEvents {
  connection: [state: ConnectionState];
  registration: [state: RegistrationState, failure?: SipFailure];
  /** A call was created or changed (state, mute, hold...). */
  call: [call: CallInfo];
  /** Remote media of a call became available or changed. */
  remoteStream: [callId: string, stream: MediaStream];
  localStream: [callId: string, stream: MediaStream];
  message: [message: MessageInfo];
  /** An incoming call or MESSAGE refused for a security reason before anyone saw it (refused-request.ts). */
  refused: [refused: RefusedRequest];
  subscription: [status: SubscriptionStatus];
  notify: [notify: NotifyInfo];
}

export type SipClientListener<K extends keyof SipClientEvents> = (...args: SipClientEvents[K]) => void;

export interface SipClient {
  readonly connectionState: ConnectionState;
  readonly registrationState: RegistrationState;
  on<K extends keyof SipClientEvents>(event: K, listener: SipClientListener<K>): () => void;

  /** Connects and registers; resolves when registered, rejects with a SipFailure-carrying error otherwise. */
  signIn(options: SignInOptions): Promise<void>;
  /** Unregisters and disconnects. */
  signOut(): Promise<void>;

  /**
   * Starts a call; resolves with its id (progress comes as `call` events). With a key of ours and no verified
   * certificate of the peer's at hand, it first waits for one (security-policy.ts, at most CERTIFICATE_WAIT_MS), so
   * that the call can go encrypted; otherwise the microphone is asked for within this call.
   */
  call(target: string, options: CallOptions): Promise<string>;
  answer(callId: string, options: CallOptions): Promise<void>;
  /** Declines a ringing incoming call (486 by default) or hangs up / cancels any other. */
  hangUp(callId: string, options?: { decline?: boolean }): void;
  /**
   * Do not disturb: while on, every incoming call is answered 486 Busy Here with `Reason: SIP;cause=486;text="Do not
   * disturb"` (RFC 3326) and never rings; it is reported as a `call` event that is already ended, with failure kind
   * `do-not-disturb`.
   */
  setDoNotDisturb(on: boolean): void;
  setMuted(callId: string, muted: boolean): void;
  /** Hold and resume by re-INVITE (RFC 3264 sendonly / sendrecv). */
  setHold(callId: string, hold: boolean): Promise<void>;
  /** RFC 4733 telephone-events. */
  sendDtmf(callId: string, tones: string): void;
  /** Blind transfer (REFER, RFC 3515). */
  transfer(callId: string, target: string): Promise<void>;

  /**
   * Page-mode MESSAGE (RFC 3428). The request starts within this call, unless it first waits for the peer's
   * certificate as `call` does; the promise gives the message in state `sending` (no event is emitted for it), and
   * `message` events report delivered or failed, with what protected it.
   */
  /** With `allowClear`, the user chose to send it clear although only encrypted messages are wanted (never implied). */
  sendMessage(target: string, text: string, options?: { allowClear?: boolean }): Promise<MessageInfo>;
  /**
   * The person is writing `text` to `target` (empty: has just begun). For a MESSAGE that will go encrypted, what it
   * needs is made now: the crypto code, a content key and key agreement used once, and, for a text, its signature
   * and encryption (in a task of its own), so that Send of that very text only puts it on the wire. Nothing happens
   * when the message would go clear; never throws.
   */
  prepareMessage(target: string, text?: string): void;

  /** Starts an RFC 6665 subscription (now if registered, otherwise once registered); returns its id at once. */
  subscribe(target: string, options: SubscribeOptions): string;
  /** Ends a subscription (un-SUBSCRIBE with Expires: 0). */
  unsubscribe(subscriptionId: string): void;
  /**
   * Looks at every NOTIFY of `event` subscriptions before the user agent answers it: a status (e.g. 437 Unsupported
   * Certificate, RFC 6072) is sent as the answer instead of 200 and the NOTIFY goes no further; undefined lets it
   * through (answered 200 and reported as a `notify` event). Returns its removal.
   */
  guardNotifies(event: string, guard: NotifyGuard): () => void;
  /**
   * Turns end-to-end protection on (secure-layer.ts): calls and messages to peers with verified certificates go
   * signed and encrypted, incoming ones are decrypted and checked. Null turns it off (everything clear).
   */
  useSecurity(context: SecurityContext | null): void;
  /** Sends one out-of-dialog request (digest challenges answered); resolves with its final response. */
  sendRequest(request: OutOfDialogRequest): Promise<SipResponseInfo>;
}

/** An error that carries a SipFailure. */
export class SipClientError extends Error {
  constructor(readonly failure: SipFailure) {
    super(failure.detail);
    this.name = 'SipClientError';
  }
}
