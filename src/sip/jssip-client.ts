/**
 * `SipClient` over JsSIP 3.13.8 (pinned: docs/jssip-notes.md): the user agent's life cycle (sign-in, registration,
 * connection, sign-out) and the one object the app talks to, handing calls to the call set (call-set.ts), messages
 * to the message sender (message-sender.ts) and subscriptions to the subscription set (subscription-set.ts). Every
 * socket JsSIP uses is wrapped in the socket codec (socket-codec.ts) whose hooks are the secure layer
 * (secure-layer.ts), so JsSIP only ever sees clear SDP and text.
 *
 * Connection (RFC 7118 WebSocket, recovered by JsSIP's Transport on our jittered backoff, transport-recovery.ts):
 *
 *   disconnected -> connecting -> connected -> (loss) reconnecting -> connected ...
 *                        \-> (first attempt fails) disconnected, signIn rejects with kind 'network'
 *
 * After a reconnect JsSIP's UA registers again by itself (UA.js onTransportConnect); registration events follow.
 */
import { md5ChallengesLast } from './challenge-order.ts';
import JsSIP from 'jssip';
import type { Socket } from 'jssip/lib/Socket';
import { failureFrom } from './failures.ts';
import type { JsSipUa } from './jssip-types.ts';
import { createUserAgent, signInOutcome } from './user-agent-setup.ts';
import type { ReconnectPolicyOptions } from './reconnect-policy.ts';
import { installTransportRecovery } from './transport-recovery.ts';
import { holdInDialogRequests } from './held-dialog-requests.ts';
import { completeTarget, isSignInAor } from './sip-input.ts';
import {
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
import { CallMedia } from './call-media.ts';
import { CallSet } from './call-set.ts';
import { MessageSender } from './message-sender.ts';
import { SecureLayer } from './secure-layer.ts';
import type { SecurityContext } from './security-context.ts';
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
  /** When to try the WebSocket again after a loss (reconnect-policy.ts; default a first try after 0.5-1 s, at most 3 s apart). */
  reconnect?: ReconnectPolicyOptions;
  log?: SipLogger;
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
  #stopRecovery: () => void = () => {};
  readonly #subscriptions: SubscriptionSet;
  readonly #secure: SecureLayer;
  readonly #calls: CallSet;
  readonly #messages: MessageSender;

  constructor(deps: JsSipClientDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? consoleLogger;
    this.#events = new TypedEmitter<SipClientEvents>(this.#log);
    this.#secure = new SecureLayer({ sendOutOfBand: (text) => this.#codec?.sendOutOfBand(text) ?? false, log: this.#log, onRefused: (r) => this.#events.emit('refused', r) });
    const media = new CallMedia({
      ...(deps.getUserMedia ? { getUserMedia: deps.getUserMedia } : {}),
      emitLocal: (id, stream) => this.#events.emit('localStream', id, stream),
      emitRemote: (id, stream) => this.#events.emit('remoteStream', id, stream),
      log: this.#log,
    });
    this.#calls = new CallSet({
      crypto: deps.crypto,
      ua: () => this.#ua,
      secure: this.#secure,
      media,
      emitCall: (call) => this.#events.emit('call', call),
      ...(deps.pcConfig ? { pcConfig: deps.pcConfig } : {}),
      ...(deps.mediaAllowed ? { mediaAllowed: deps.mediaAllowed } : {}),
      log: this.#log,
    });
    this.#messages = new MessageSender({ crypto: deps.crypto, ua: () => this.#ua, secure: this.#secure, emit: (message) => this.#events.emit('message', message) });
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
    if (!isSignInAor(options.aor)) throw new TypeError(`not a SIP address: ${options.aor}`);
    const socketFactory = this.#deps.socketFactory ?? ((url: string) => new JsSIP.WebSocketInterface(url));
    const codec = new SocketCodec(socketFactory(options.serverUrl), this.#observedHooks(), { log: this.#log });
    const ua = createUserAgent(codec, options);
    const stopRecovery = installTransportRecovery(ua, this.#deps.reconnect);
    const stopHolding = holdInDialogRequests(ua);
    this.#stopRecovery = () => {
      stopRecovery();
      stopHolding();
    };
    this.#ua = ua;
    this.#codec = codec;
    this.#aor = options.aor;
    this.#everConnected = false;
    this.#signingOut = false;

    const settled = signInOutcome(ua, options.serverUrl, () => this.#everConnected);
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
    this.#calls.hangUpAll();
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

  call(target: string, options: CallOptions): Promise<string> {
    return this.#calls.call(this.#requireUa(), this.#normalize(target), options);
  }

  answer(callId: string, options: CallOptions): Promise<void> {
    return this.#calls.answer(callId, options);
  }

  setDoNotDisturb(on: boolean): void {
    this.#calls.doNotDisturb = on;
  }

  hangUp(callId: string, options: { decline?: boolean } = {}): void {
    this.#calls.hangUp(callId, options);
  }

  setMuted(callId: string, muted: boolean): void {
    this.#calls.setMuted(callId, muted);
  }

  setHold(callId: string, hold: boolean): Promise<void> {
    return this.#calls.setHold(callId, hold);
  }

  sendDtmf(callId: string, tones: string): void {
    this.#calls.sendDtmf(callId, tones);
  }

  transfer(callId: string, target: string): Promise<void> {
    return this.#calls.transfer(callId, this.#normalize(target));
  }

  sendMessage(target: string, text: string, options: { allowClear?: boolean } = {}): Promise<MessageInfo> {
    return this.#messages.send(this.#requireUa(), this.#normalize(target), text, options);
  }

  prepareMessage(target: string, text = ''): void {
    if (this.#ua) this.#secure.prepareMessage(this.#normalize(target), text, this.#aor);
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
        if (!outbound || out === null) return out;
        return typeof out === 'string' ? outbound(out) : out.then((next) => (next === null ? null : outbound(next)));
      },
      inbound: async (text) => {
        const wire = inbound ? await inbound(text) : text;
        if (wire === null) return null;
        // JsSIP answers the last challenge line and speaks MD5 only, whatever order the server chose.
        const out = await secure.inbound(md5ChallengesLast(wire));
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
      if (mine() && e.originator === 'remote') this.#calls.incoming(e.session, e.request.body ?? '');
    });
    ua.on('newMessage', (e) => {
      if (mine() && e.originator === 'remote') this.#messages.received(e.request, e.message.remote_identity);
    });
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
    this.#stopRecovery();
    if (ua) {
      try {
        ua.stop();
      } catch (error) {
        this.#log.warn('stopping the user agent failed', error);
      }
    }
    this.#calls.endAll({ kind: 'network', detail: 'signed out' });
    this.#subscriptions.clear();
    this.#setConnection('disconnected');
    if (this.#registration !== 'failed') this.#setRegistration('unregistered');
  }

  #requireUa(): JsSipUa {
    if (!this.#ua) throw new TypeError('not signed in');
    return this.#ua;
  }

  /** `bob` or `bob@example.com` or `sip:bob@example.com` -> a SIP URI in our domain when none is given. */
  #normalize(target: string): string {
    return completeTarget(target, this.#aor);
  }
}
