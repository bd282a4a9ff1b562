/**
 * `SipClient` over JsSIP 3.13.8 (pinned: see JSSIP-NOTES.md). Every socket JsSIP uses is wrapped in the socket codec,
 * so the S/MIME layer can plug in later without touching this file.
 *
 * Connection (RFC 7118 WebSocket, recovery by JsSIP's Transport with exponential backoff between
 * `reconnectMinSeconds` and `reconnectMaxSeconds`):
 *
 *   disconnected -> connecting -> connected -> (loss) reconnecting -> connected ...
 *                        \-> (first attempt fails) disconnected, signIn rejects with kind 'network'
 *
 * After a reconnect JsSIP's UA registers again by itself (UA.js onTransportConnect); registration events follow.
 *
 * Calls: outgoing connecting -> ringing (18x) -> connected (2xx) -> ended;
 *        incoming ringing -> connecting (answered) -> connected (ACK) -> ended. Failures carry a SipFailure.
 */
import JsSIP from 'jssip';
import type { Socket } from 'jssip/lib/Socket';
import { failureFrom } from './failures.ts';
import { asUa, type FailureEvent, type JsSipSession, type JsSipUa, type RtcSessionEvents } from './jssip-types.ts';
import {
  SipClientError,
  type CallInfo,
  type CallOptions,
  type ConnectionState,
  type MessageInfo,
  type NotifyGuard,
  type OutOfDialogRequest,
  type RegistrationState,
  type SignInOptions,
  type SipClient,
  type SipClientEvents,
  type SipClientListener,
  type SipFailure,
  type SipResponseInfo,
  type SubscribeOptions,
} from './sip-client.ts';
import { consoleLogger, type SipLogger } from './sip-logger.ts';
import { sendOutOfDialogRequest } from './out-of-dialog-request.ts';
import { SocketCodec, type SocketCodecHooks } from './socket-codec.ts';
import { SecureLayer, SECURE_REQUIRES_HEADER, type SecurityContext } from './secure-layer.ts';
import { SubscriptionSet } from './subscription-set.ts';
import { TypedEmitter } from './typed-emitter.ts';

JsSIP.debug.disable();

export interface JsSipClientDeps {
  /** For ids (randomUUID). */
  crypto: Crypto;
  /** The WebSocket under the codec; default `JsSIP.WebSocketInterface`. */
  socketFactory?: (url: string) => Socket;
  /** Hooks of the socket codec; identity by default. */
  codec?: SocketCodecHooks;
  /** Default `navigator.mediaDevices.getUserMedia`. */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /** ICE servers etc. for every RTCPeerConnection. */
  pcConfig?: RTCConfiguration;
  /**
   * True when getUserMedia will not ask the person (services/media-permission.ts): an outgoing call then sets up its
   * connection while the microphone opens. Default: never (the INVITE waits for the microphone).
   */
  mediaAllowed?: (video: boolean) => boolean;
  /** JsSIP's connection recovery backoff, in seconds (defaults 2 and 30). */
  reconnectMinSeconds?: number;
  reconnectMaxSeconds?: number;
  log?: SipLogger;
}

interface CallRecord {
  info: CallInfo;
  session: JsSipSession | null;
  localStream: MediaStream | null;
  /** Hangup asked for before JsSIP's session existed (while getUserMedia ran). */
  abandoned: boolean;
  /** The Call-ID of the session's dialog (the secure layer's key). */
  callId?: string;
  /** An outgoing call already sent again after a 493, 437 or a 4xx requiring S/MIME (RFC 6072 section 4). */
  retried?: boolean;
  /** Transceivers an outgoing call offered before its microphone (and camera) opened; their tracks come later. */
  waitingSenders?: RTCRtpTransceiver[];
  options?: CallOptions;
  /** An incoming call's 200 OK has been handed to the socket (JsSIP's `accepted`). */
  answerSent?: boolean;
  /** Its remote stream, held until then (#watchPeerConnection). */
  heldRemoteStream?: MediaStream;
}

export function createJsSipClient(deps: JsSipClientDeps): SipClient {
  return new JsSipClient(deps);
}

class JsSipClient implements SipClient {
  readonly #deps: JsSipClientDeps;
  readonly #log: SipLogger;
  readonly #events: TypedEmitter<SipClientEvents>;
  #connection: ConnectionState = 'disconnected';
  #registration: RegistrationState = 'unregistered';
  #ua: JsSipUa | null = null;
  #codec: SocketCodec | null = null;
  #aor = '';
  #everConnected = false;
  #signingOut = false;
  readonly #calls = new Map<string, CallRecord>();
  readonly #subscriptions: SubscriptionSet;
  readonly #secure: SecureLayer;
  /** Calls by their dialog's Call-ID. */
  readonly #callsByCallId = new Map<string, CallRecord>();
  /** Peer connections whose remote tracks are already watched. */
  readonly #watchedConnections = new WeakSet<RTCPeerConnection>();

  constructor(deps: JsSipClientDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? consoleLogger;
    this.#events = new TypedEmitter<SipClientEvents>(this.#log);
    this.#secure = new SecureLayer({
      sendOutOfBand: (text) => this.#codec?.sendOutOfBand(text) ?? false,
      onProtection: (callId, protection) => {
        const record = this.#callsByCallId.get(callId);
        if (record) this.#update(record, { protection });
      },
      log: this.#log,
    });
    this.#subscriptions = new SubscriptionSet({
      ua: () => this.#ua,
      registered: () => this.#registration === 'registered',
      onStatus: (status) => this.#events.emit('subscription', status),
      onNotify: (notify) => this.#events.emit('notify', notify),
      log: this.#log,
    });
  }

  get connectionState(): ConnectionState {
    return this.#connection;
  }

  get registrationState(): RegistrationState {
    return this.#registration;
  }

  on<K extends keyof SipClientEvents>(event: K, listener: SipClientListener<K>): () => void {
    return this.#events.on(event, listener);
  }

  async signIn(options: SignInOptions): Promise<void> {
    if (this.#ua) throw new TypeError('already signed in; sign out first');
    if (!/^sips?:[^@\s]+@[^@\s]+$/.test(options.aor)) throw new TypeError(`not a SIP address: ${options.aor}`);
    const socketFactory = this.#deps.socketFactory ?? ((url: string) => new JsSIP.WebSocketInterface(url));
    const codec = new SocketCodec(socketFactory(options.serverUrl), this.#observedHooks(), { log: this.#log });
    const ua = asUa(
      new JsSIP.UA({
        sockets: [codec.asSocket()],
        uri: options.aor,
        password: options.password,
        ...(options.displayName ? { display_name: options.displayName } : {}),
        register: true,
        register_expires: 600,
        session_timers: true,
        user_agent: 'SealPhone (JsSIP 3.13.8)',
        connection_recovery_min_interval: this.#deps.reconnectMinSeconds ?? 2,
        connection_recovery_max_interval: this.#deps.reconnectMaxSeconds ?? 30,
      }),
    );
    this.#ua = ua;
    this.#codec = codec;
    this.#aor = options.aor;
    this.#everConnected = false;
    this.#signingOut = false;

    const settled = new Promise<void>((resolve, reject) => {
      const done = (failure?: SipFailure): void => {
        ua.off('registered', onRegistered);
        ua.off('registrationFailed', onFailed);
        ua.off('disconnected', onDisconnected);
        if (!failure) return resolve();
        reject(new SipClientError(failure));
      };
      const onRegistered = (): void => done();
      const onFailed = (e: { response?: { status_code: number; reason_phrase: string } | null; cause?: string }): void =>
        done(failureFrom(e.cause, e.response?.status_code, e.response?.reason_phrase));
      const onDisconnected = (): void => {
        if (!this.#everConnected) done({ kind: 'network', detail: `cannot connect to ${options.serverUrl}` });
      };
      ua.on('registered', onRegistered);
      ua.on('registrationFailed', onFailed);
      ua.on('disconnected', onDisconnected);
    });
    this.#wireUa(ua);
    this.#setConnection('connecting');
    ua.start();
    try {
      await settled;
    } catch (error) {
      this.#teardown();
      throw error;
    }
  }

  async signOut(): Promise<void> {
    const ua = this.#ua;
    const codec = this.#codec;
    if (!ua) return;
    this.#signingOut = true;
    this.#subscriptions.clear();
    const hadCalls = this.#calls.size > 0;
    for (const id of [...this.#calls.keys()]) this.hangUp(id);
    const wait = (event: 'disconnected' | 'unregistered', ms: number): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        ua.once(event, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    if (!ua.isConnected()) {
      ua.stop();
    } else if (hadCalls) {
      // JsSIP closes its transport itself once BYE/CANCEL are through (at most about 2 s).
      const closed = wait('disconnected', 4_000);
      ua.stop();
      await closed;
    } else {
      // Only the un-REGISTER is outstanding: close once it is answered rather than after JsSIP's 2 s grace.
      const unregistered = ua.isRegistered() ? wait('unregistered', 3_000) : Promise.resolve();
      ua.stop();
      await unregistered;
      codec?.disconnect();
    }
    this.#teardown();
  }

  async call(target: string, options: CallOptions): Promise<string> {
    const ua = this.#requireUa();
    const peer = this.#normalize(target);
    const id = this.#deps.crypto.randomUUID();
    const record: CallRecord = {
      info: { id, direction: 'outgoing', peer, video: options.video, state: 'connecting', muted: false, onHold: false, remoteHold: false, startedAt: Date.now() },
      session: null,
      localStream: null,
      abandoned: false,
      options,
    };
    this.#calls.set(id, record);
    this.#emitCall(record);
    const media = this.#getUserMedia(options);
    if (this.#deps.mediaAllowed?.(options.video)) {
      this.#startWhileMediaOpens(ua, record, media);
      return id;
    }
    let stream: MediaStream;
    try {
      stream = await media;
    } catch (error) {
      this.#end(record, mediaFailure(options.video, error));
      return id;
    }
    if (record.abandoned) {
      stopStream(stream);
      this.#end(record, { kind: 'canceled', detail: 'Canceled' });
      return id;
    }
    record.localStream = stream;
    this.#events.emit('localStream', id, stream);
    this.#startOutgoing(ua, record);
    return id;
  }

  /**
   * An outgoing call whose microphone (and camera) the browser opens without asking: the peer connection, the offer
   * and ICE gathering start now, with transceivers whose tracks are put in once getUserMedia gives them (a gathering
   * takes far longer than opening a device that needs no consent, so the INVITE carries the same offer as ever).
   * If the devices fail after all, the call ends as it would have: JsSIP sends no INVITE once terminated, and a
   * CANCEL if one had left.
   */
  #startWhileMediaOpens(ua: JsSipUa, record: CallRecord, media: Promise<MediaStream>): void {
    const stream = new MediaStream();
    record.localStream = stream;
    this.#startOutgoing(ua, record);
    media.then(
      (opened) => this.#mediaOpened(record, stream, opened),
      (error: unknown) => this.#mediaFailed(record, error),
    );
  }

  /** The devices of a call set up while they opened: their tracks go into the local stream and the waiting senders. */
  #mediaOpened(record: CallRecord, stream: MediaStream, opened: MediaStream): void {
    if (record.info.state === 'ended' || record.localStream !== stream) {
      stopStream(opened);
      return;
    }
    for (const track of opened.getTracks()) {
      stream.addTrack(track);
      const transceiver = record.waitingSenders?.find((t) => t.receiver.track.kind === track.kind && !t.sender.track);
      transceiver?.sender.replaceTrack(track).catch((error: unknown) => this.#log.warn('could not send the local track', error));
    }
    record.waitingSenders = undefined;
    this.#events.emit('localStream', record.info.id, stream);
  }

  /** The devices of a call set up while they opened failed after all: the call ends with that reason. */
  #mediaFailed(record: CallRecord, error: unknown): void {
    if (record.info.state === 'ended') return;
    // Ended with its reason first: the session's own end then finds it ended.
    this.#end(record, mediaFailure(record.info.video, error));
    try {
      record.session?.terminate();
    } catch (terminateError) {
      this.#log.warn('could not end the session', terminateError);
    }
  }

  /** Sends the INVITE of an outgoing call (again, after a retry) with the call's media. */
  #startOutgoing(ua: JsSipUa, record: CallRecord): void {
    const onPeerConnection = (pc: RTCPeerConnection): void => {
      // Media still opening (#startWhileMediaOpens): offer its kinds now, sendrecv in the local stream.
      const stream = record.localStream;
      if (stream && stream.getTracks().length === 0) {
        const kinds: ('audio' | 'video')[] = record.info.video ? ['audio', 'video'] : ['audio'];
        record.waitingSenders = kinds.map((kind) => pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] }));
      }
      this.#watchPeerConnection(record, pc);
    };
    try {
      const session = ua.call(record.info.peer, {
        mediaStream: record.localStream,
        mediaConstraints: constraintsOf(record.options ?? { video: record.info.video }),
        ...(this.#deps.pcConfig ? { pcConfig: this.#deps.pcConfig } : {}),
        eventHandlers: { peerconnection: (e: { peerconnection: RTCPeerConnection }) => onPeerConnection(e.peerconnection) },
      });
      record.session = session;
      this.#track(record, session);
      this.#watchSession(record, session);
    } catch (error) {
      this.#end(record, { kind: 'other', detail: String(error) });
    }
  }

  /** Indexes the record by its dialog's Call-ID, and takes what the secure layer already found for it. */
  #track(record: CallRecord, session: JsSipSession): void {
    const callId = session._request?.call_id;
    if (!callId) return;
    record.callId = callId;
    this.#callsByCallId.set(callId, record);
    const protection = this.#secure.protectionOf(callId);
    if (protection) record.info = { ...record.info, protection };
  }

  /**
   * RFC 6072 section 4 and seed 000 section 4.3: an outgoing call refused with 493 (the peer could not decrypt), 437
   * (it could not use our certificate) or a 4xx that requires S/MIME is sent once more after fetching the peer's
   * certificate again, when one is there to encrypt to.
   */
  #retryableSecurityRefusal(record: CallRecord, e: FailureEvent): boolean {
    return record.info.direction === 'outgoing' && !record.retried && this.#secure.context !== null && isSecurityRefusal(e);
  }

  async #retrySecurely(record: CallRecord, e: FailureEvent): Promise<void> {
    record.retried = true;
    const context = this.#secure.context;
    const ua = this.#ua;
    if (record.callId) {
      this.#callsByCallId.delete(record.callId);
      this.#secure.forget(record.callId);
    }
    const certificate = context ? await context.peerCertificate(record.info.peer, { waitMs: 4000, refresh: true }).catch(() => null) : null;
    if (!certificate || !context?.ownKey() || !ua || record.abandoned || record.info.state === 'ended') {
      const failure = failureOf(e);
      this.#end(record, { ...failure, detail: `${failure.detail}: the peer accepts only end-to-end encrypted calls, and ${!certificate ? 'no verified certificate of theirs could be found' : 'this device has no key'}` });
      return;
    }
    this.#log.warn(`calling ${record.info.peer} again, encrypted, after ${failureOf(e).detail}`);
    this.#startOutgoing(ua, record);
  }

  async answer(callId: string, options: CallOptions): Promise<void> {
    const record = this.#requireCall(callId);
    const session = record.session;
    if (record.info.direction !== 'incoming' || record.info.state !== 'ringing' || !session) {
      throw new TypeError(`call ${callId} is not a ringing incoming call`);
    }
    this.#update(record, { state: 'connecting', video: options.video });
    record.options = options;
    let stream: MediaStream;
    try {
      stream = await this.#getUserMedia(options);
    } catch (error) {
      session.terminate({ status_code: 488, reason_phrase: 'Not Acceptable Here' });
      throw new SipClientError(mediaFailure(options.video, error));
    }
    if (session.isEnded()) {
      stopStream(stream);
      return;
    }
    record.localStream = stream;
    this.#events.emit('localStream', callId, stream);
    session.answer({ mediaStream: stream, mediaConstraints: constraintsOf(options), ...(this.#deps.pcConfig ? { pcConfig: this.#deps.pcConfig } : {}) });
  }

  hangUp(callId: string, options: { decline?: boolean } = {}): void {
    const record = this.#calls.get(callId);
    if (!record || record.info.state === 'ended') return;
    const session = record.session;
    if (!session) {
      record.abandoned = true;
      return;
    }
    if (session.isEnded()) return;
    const unanswered = record.info.direction === 'incoming' && record.info.state === 'ringing';
    if (unanswered || options.decline) session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
    else session.terminate();
  }

  setMuted(callId: string, muted: boolean): void {
    const record = this.#requireCall(callId);
    if (record.session) {
      if (muted) record.session.mute({ audio: true });
      else record.session.unmute({ audio: true });
    }
    this.#update(record, { muted });
  }

  async setHold(callId: string, hold: boolean): Promise<void> {
    const record = this.#requireCall(callId);
    const session = record.session;
    if (!session || !session.isEstablished()) throw new TypeError(`call ${callId} is not established`);
    if (record.info.onHold === hold) return;
    await new Promise<void>((resolve, reject) => {
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
    this.#update(record, { onHold: hold });
  }

  sendDtmf(callId: string, tones: string): void {
    const record = this.#requireCall(callId);
    if (!/^[0-9A-D#*,]+$/i.test(tones)) throw new TypeError(`not DTMF tones: ${tones}`);
    if (!record.session) throw new TypeError(`call ${callId} has no session yet`);
    record.session.sendDTMF(tones, { transportType: 'RFC2833' });
  }

  async transfer(callId: string, target: string): Promise<void> {
    const record = this.#requireCall(callId);
    const session = record.session;
    if (!session || !session.isEstablished()) throw new TypeError(`call ${callId} is not established`);
    const to = this.#normalize(target);
    await new Promise<void>((resolve, reject) => {
      session.refer(to, {
        eventHandlers: {
          requestSucceeded: () => resolve(),
          requestFailed: (e) => reject(new SipClientError(failureFrom(undefined, e.response?.status_code, e.response?.reason_phrase))),
        },
      });
    });
  }

  async sendMessage(target: string, text: string): Promise<MessageInfo> {
    const ua = this.#requireUa();
    const message: MessageInfo = {
      id: this.#deps.crypto.randomUUID(),
      direction: 'outgoing',
      peer: this.#normalize(target),
      contentType: 'text/plain',
      text,
      at: Date.now(),
      state: 'sending',
    };
    this.#sendMessageRequest(ua, message, false);
    return message;
  }

  /**
   * One MESSAGE request for `message`; its protection is what the secure layer did to it. Refused with 493, 437 or a
   * 4xx requiring S/MIME, it is sent once more after fetching the peer's certificate again (RFC 8591 section 9,
   * seed 000 section 4.3).
   */
  #sendMessageRequest(ua: JsSipUa, message: MessageInfo, retried: boolean): void {
    const request: { callId?: string } = {};
    const protection = (): Pick<MessageInfo, 'protection'> => {
      const callId = request.callId;
      const found = callId ? this.#secure.protectionOf(callId) : undefined;
      if (callId) this.#secure.forget(callId);
      return found ? { protection: found } : {};
    };
    const sent = ua.sendMessage(message.peer, message.text, {
      contentType: 'text/plain',
      eventHandlers: {
        succeeded: () => this.#events.emit('message', { ...message, state: 'delivered', ...protection() }),
        failed: (e) => {
          const done = protection();
          const context = this.#secure.context;
          if (retried || !context || !isSecurityRefusal(e)) {
            this.#events.emit('message', { ...message, state: 'failed', failure: failureOf(e), ...done });
            return;
          }
          void context
            .peerCertificate(message.peer, { waitMs: 4000, refresh: true })
            .catch(() => null)
            .then((certificate) => {
              if (certificate && context.ownKey() && this.#ua === ua) this.#sendMessageRequest(ua, message, true);
              else this.#events.emit('message', { ...message, state: 'failed', failure: { ...failureOf(e), detail: `${failureOf(e).detail}: the peer accepts only end-to-end encrypted messages` }, ...done });
            });
        },
      },
    });
    const callId = sent?._request?.call_id;
    if (callId) request.callId = callId;
  }

  prepareMessage(target: string, text = ''): void {
    if (this.#ua) this.#secure.prepareMessage(this.#normalize(target), text);
  }

  subscribe(target: string, options: SubscribeOptions): string {
    this.#requireUa();
    const id = this.#deps.crypto.randomUUID();
    this.#subscriptions.add(id, this.#normalize(target), options);
    return id;
  }

  unsubscribe(subscriptionId: string): void {
    this.#subscriptions.remove(subscriptionId);
  }

  guardNotifies(event: string, guard: NotifyGuard): () => void {
    return this.#subscriptions.guard(event, guard);
  }

  useSecurity(context: SecurityContext | null): void {
    this.#secure.use(context);
  }

  sendRequest(request: OutOfDialogRequest): Promise<SipResponseInfo> {
    const ua = this.#requireUa();
    return sendOutOfDialogRequest(ua, { ...request, target: this.#normalize(request.target) });
  }

  /** The app's codec hooks, with the subscriptions looking at every inbound message after the inbound hook. */
  #observedHooks(): SocketCodecHooks {
    const hooks = this.#deps.codec ?? {};
    const inbound = hooks.inbound;
    const outbound = hooks.outbound;
    const secure = this.#secure;
    return {
      // The secure layer next to JsSIP; the app's hooks (tests) next to the wire.
      // Synchronous when both answer synchronously, so that the socket codec can send at once (socket-codec.ts).
      outbound: (text) => {
        const out = secure.outbound(text);
        if (!outbound) return out;
        return typeof out === 'string' ? outbound(out) : out.then(outbound);
      },
      inbound: async (text) => {
        const wire = inbound ? await inbound(text) : text;
        if (wire === null) return null;
        const out = await secure.inbound(wire);
        if (out === null) return null;
        const answer = await this.#subscriptions.observe(out);
        if (answer === undefined) return out;
        this.#codec?.sendOutOfBand(answer);
        return null;
      },
    };
  }

  // ---- UA wiring ---------------------------------------------------------------------------------------------

  #wireUa(ua: JsSipUa): void {
    const mine = (): boolean => this.#ua === ua;
    ua.on('connecting', () => {
      if (mine()) this.#setConnection(this.#everConnected ? 'reconnecting' : 'connecting');
    });
    ua.on('connected', () => {
      if (!mine()) return;
      this.#everConnected = true;
      this.#setConnection('connected');
      this.#setRegistration('registering');
    });
    ua.on('disconnected', () => {
      if (!mine()) return;
      if (this.#signingOut || !this.#everConnected) this.#setConnection('disconnected');
      else this.#setConnection('reconnecting');
      if (!this.#signingOut) this.#subscriptions.onDisconnected();
    });
    ua.on('registered', () => {
      if (!mine()) return;
      this.#setRegistration('registered');
      this.#subscriptions.onRegistered();
    });
    ua.on('unregistered', () => {
      if (mine()) this.#setRegistration('unregistered');
    });
    ua.on('registrationFailed', (e) => {
      if (mine()) this.#setRegistration('failed', failureFrom(e.cause, e.response?.status_code, e.response?.reason_phrase));
    });
    ua.on('newRTCSession', (e) => {
      if (mine() && e.originator === 'remote') this.#incoming(e.session, e.request.body ?? '');
    });
    ua.on('newMessage', (e) => {
      if (!mine() || e.originator !== 'remote') return;
      const callId = e.request.call_id;
      const protection = callId ? this.#secure.protectionOf(callId) : undefined;
      if (callId) this.#secure.forget(callId);
      this.#events.emit('message', {
        ...(protection ? { protection } : {}),
        id: this.#deps.crypto.randomUUID(),
        direction: 'incoming',
        peer: e.message.remote_identity.uri.toAor(),
        contentType: (e.request.getHeader('Content-Type') ?? 'text/plain').split(';')[0]!.trim(),
        text: e.request.body ?? '',
        at: Date.now(),
        state: 'received',
      });
    });
  }

  #incoming(session: JsSipSession, sdp: string): void {
    const identity = session.remote_identity;
    const id = this.#deps.crypto.randomUUID();
    const record: CallRecord = {
      info: {
        id,
        direction: 'incoming',
        peer: identity.uri.toAor(),
        ...(identity.display_name ? { peerDisplayName: identity.display_name } : {}),
        video: /^m=video /m.test(sdp),
        state: 'ringing',
        muted: false,
        onHold: false,
        remoteHold: false,
        startedAt: Date.now(),
      },
      session,
      localStream: null,
      abandoned: false,
    };
    this.#calls.set(id, record);
    this.#track(record, session);
    this.#watchSession(record, session);
    this.#emitCall(record);
  }

  #watchSession(record: CallRecord, session: JsSipSession): void {
    if (session.connection) this.#watchPeerConnection(record, session.connection);
    else session.on('peerconnection', (e) => this.#watchPeerConnection(record, e.peerconnection));
    session.on('progress', (e) => {
      if (record.info.direction === 'outgoing' && e.originator === 'remote' && record.info.state === 'connecting') this.#update(record, { state: 'ringing' });
    });
    session.on('accepted', () => {
      if (record.info.direction === 'outgoing') this.#update(record, { state: 'connected', connectedAt: Date.now(), ...fingerprintsOf(session) });
      else this.#answerSent(record);
    });
    session.on('confirmed', () => {
      if (record.info.state !== 'connected') this.#update(record, { state: 'connected', connectedAt: Date.now(), ...fingerprintsOf(session) });
      else if (!record.info.fingerprints) this.#update(record, fingerprintsOf(session));
    });
    session.on('hold', (e) => this.#update(record, e.originator === 'remote' ? { remoteHold: true } : { onHold: true }));
    session.on('unhold', (e) => this.#update(record, e.originator === 'remote' ? { remoteHold: false } : { onHold: false }));
    session.on('ended', (e) => {
      if (record.session === session) this.#end(record, e.cause === 'Terminated' || e.cause === 'Canceled' ? undefined : failureOf(e));
    });
    session.on('refer', (e) => void this.#transferred(record, e));
    // What we did ourselves (cancel, decline) is no failure on our side.
    session.on('failed', (e) => {
      if (record.session !== session) return;
      if (this.#retryableSecurityRefusal(record, e)) void this.#retrySecurely(record, e);
      else this.#end(record, e.originator === 'local' && (e.cause === 'Canceled' || e.cause === 'Rejected') ? undefined : failureOf(e));
    });
  }

  /**
   * Blind transfer, transferee side (RFC 3515, RFC 5589 section 6): the peer asked us to call the Refer-To target.
   * We call it (JsSIP reports its progress to the referrer in NOTIFYs) with the microphone the old call used, and
   * hang up the old call once it connects.
   */
  async #transferred(old: CallRecord, e: RtcSessionEvents['refer']): Promise<void> {
    const peer = e.request.refer_to.uri.toAor();
    const audioInputId = old.options?.audioInputId;
    const options: CallOptions = { video: false, ...(audioInputId ? { audioInputId } : {}) };
    let stream: MediaStream;
    try {
      stream = await this.#getUserMedia(options);
    } catch {
      e.reject();
      return;
    }
    const id = this.#deps.crypto.randomUUID();
    const record: CallRecord = {
      info: { id, direction: 'outgoing', peer, video: false, state: 'connecting', muted: false, onHold: false, remoteHold: false, startedAt: Date.now() },
      session: null,
      localStream: stream,
      abandoned: false,
      options,
    };
    this.#calls.set(id, record);
    this.#emitCall(record);
    this.#events.emit('localStream', id, stream);
    e.accept(
      (session: JsSipSession) => {
        record.session = session;
        this.#track(record, session);
        this.#watchSession(record, session);
        session.on('accepted', () => {
          if (old.session && !old.session.isEnded()) old.session.terminate();
        });
      },
      {
        mediaStream: stream,
        mediaConstraints: constraintsOf(options),
        ...(this.#deps.pcConfig ? { pcConfig: this.#deps.pcConfig } : {}),
      },
    );
  }

  /**
   * The remote stream goes to the page, which plays it. An incoming call's comes once its 200 OK has left: the offer
   * is applied (firing `track`) before the answer is created, and the page setting up a media element and its audio
   * output in between costs the main thread several milliseconds on the way to the 200 OK. Media cannot flow before
   * the caller has the answer anyway. An outgoing call's (early media included) comes at once.
   */
  #watchPeerConnection(record: CallRecord, pc: RTCPeerConnection): void {
    // An outgoing call's connection is announced twice (ua.call's handler, then session.connection): one listener.
    if (this.#watchedConnections.has(pc)) return;
    this.#watchedConnections.add(pc);
    pc.addEventListener('track', (event: RTCTrackEvent) => {
      const stream = event.streams[0];
      if (!stream) return;
      if (record.info.direction === 'incoming' && !record.answerSent) record.heldRemoteStream = stream;
      else this.#events.emit('remoteStream', record.info.id, stream);
    });
  }

  #answerSent(record: CallRecord): void {
    record.answerSent = true;
    const held = record.heldRemoteStream;
    delete record.heldRemoteStream;
    if (held && record.info.state !== 'ended') this.#events.emit('remoteStream', record.info.id, held);
  }

  #end(record: CallRecord, failure?: SipFailure): void {
    if (record.info.state === 'ended') return;
    if (record.localStream) stopStream(record.localStream);
    record.localStream = null;
    const { failure: _old, ...rest } = record.info;
    record.info = { ...rest, state: 'ended', endedAt: Date.now(), ...(failure ? { failure } : {}) };
    this.#calls.delete(record.info.id);
    if (record.callId) {
      this.#callsByCallId.delete(record.callId);
      this.#secure.forget(record.callId);
    }
    this.#emitCall(record);
  }

  #update(record: CallRecord, change: Partial<CallInfo>): void {
    if (record.info.state === 'ended') return;
    record.info = { ...record.info, ...change };
    this.#emitCall(record);
  }

  #emitCall(record: CallRecord): void {
    this.#events.emit('call', { ...record.info });
  }

  #setConnection(state: ConnectionState): void {
    if (this.#connection === state) return;
    this.#connection = state;
    this.#events.emit('connection', state);
  }

  #setRegistration(state: RegistrationState, failure?: SipFailure): void {
    if (this.#registration === state && !failure) return;
    this.#registration = state;
    if (failure) this.#events.emit('registration', state, failure);
    else this.#events.emit('registration', state);
  }

  #teardown(): void {
    const ua = this.#ua;
    this.#ua = null;
    this.#codec = null;
    if (ua) {
      try {
        ua.stop();
      } catch (error) {
        this.#log.warn('stopping the user agent failed', error);
      }
    }
    for (const record of [...this.#calls.values()]) this.#end(record, { kind: 'network', detail: 'signed out' });
    this.#subscriptions.clear();
    this.#setConnection('disconnected');
    if (this.#registration !== 'failed') this.#setRegistration('unregistered');
  }

  #requireUa(): JsSipUa {
    if (!this.#ua) throw new TypeError('not signed in');
    return this.#ua;
  }

  #requireCall(callId: string): CallRecord {
    const record = this.#calls.get(callId);
    if (!record) throw new TypeError(`no such call: ${callId}`);
    return record;
  }

  /** `bob` or `bob@example.com` or `sip:bob@example.com` -> a SIP URI in our domain when none is given. */
  #normalize(target: string): string {
    const t = target.trim();
    if (/^sips?:/i.test(t)) return t;
    if (t.includes('@')) return `sip:${t}`;
    const domain = this.#aor.slice(this.#aor.indexOf('@') + 1);
    return `sip:${t}@${domain}`;
  }

  /** Never throws: a browser without mediaDevices (an insecure context) gives a rejected promise, as a refusal does. */
  #getUserMedia(options: CallOptions): Promise<MediaStream> {
    const constraints = constraintsOf(options);
    try {
      if (this.#deps.getUserMedia) return this.#deps.getUserMedia(constraints);
      return navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** What a call whose microphone (or camera) could not be opened ended with. */
function mediaFailure(video: boolean, error: unknown): SipFailure {
  return { kind: 'media', detail: `no microphone${video ? ' or camera' : ''}: ${String(error)}` };
}

function constraintsOf(options: CallOptions): MediaStreamConstraints {
  return {
    audio: options.audioInputId ? { deviceId: { exact: options.audioInputId } } : true,
    video: options.video ? (options.videoInputId ? { deviceId: { exact: options.videoInputId } } : true) : false,
  };
}

/** A refusal that fetching the peer's certificate again and encrypting may overcome (493, 437, 4xx + S/MIME). */
function isSecurityRefusal(e: FailureEvent): boolean {
  if (e.originator !== 'remote') return false;
  const response = e.message ?? e.response ?? null;
  const status = response?.status_code;
  if (status === 493 || status === 437) return true;
  const requires = status !== undefined && status >= 400 && status < 500 ? response?.getHeader?.(SECURE_REQUIRES_HEADER) : undefined;
  return requires !== undefined && /smime\.sec\.sip\.iana/i.test(requires);
}

function failureOf(e: FailureEvent): SipFailure {
  const response = e.message ?? e.response ?? null;
  const status = response && typeof response.status_code === 'number' ? response.status_code : undefined;
  return failureFrom(e.cause, status, status !== undefined ? response?.reason_phrase : undefined);
}

/** The DTLS fingerprints of both sides as the session's RTCPeerConnection uses them (RFC 8122 `a=fingerprint`). */
function fingerprintsOf(session: JsSipSession): Pick<CallInfo, 'fingerprints'> {
  const pc = session.connection;
  const local = fingerprintLines(pc?.localDescription?.sdp);
  const remote = fingerprintLines(pc?.remoteDescription?.sdp);
  return local.length > 0 && remote.length > 0 ? { fingerprints: { local, remote } } : {};
}

function fingerprintLines(sdp: string | undefined): string[] {
  if (!sdp) return [];
  const out = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) if (line.startsWith('a=fingerprint:')) out.add(line.slice('a=fingerprint:'.length).trim());
  return [...out];
}

function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
