/**
 * An in-memory SipClient for store and UI tests, one user on a `FakeSipNetwork` (fake-sip-network.ts). Events are
 * delivered asynchronously (microtasks), as a real client's are.
 */
import { completeTarget, isDtmf } from './sip-input.ts';
import type { SecurityContext } from './security-context.ts';
import type {
  CallInfo,
  CallOptions,
  ConnectionState,
  MessageInfo,
  OutOfDialogRequest,
  RegistrationState,
  SignInOptions,
  SipClient,
  SipClientEvents,
  SipClientListener,
  SipFailure,
  NotifyGuard,
  SipResponseInfo,
  SubscribeOptions,
} from './sip-client.ts';
import { SipClientError } from './sip-client.ts';
import type { FakeSipNetwork } from './fake-sip-network.ts';
import { TypedEmitter } from './typed-emitter.ts';

interface FakeCall {
  info: CallInfo;
  owner: FakeSipClient;
  /** The other leg, when the peer is on the network. */
  peer: FakeCall | null;
}

const UNAVAILABLE: SipFailure = { kind: 'unavailable', status: 480, detail: '480 Temporarily Unavailable' };

export class FakeSipClient implements SipClient {
  readonly #network: FakeSipNetwork;
  readonly #events: TypedEmitter<SipClientEvents>;
  #connection: ConnectionState = 'disconnected';
  #registration: RegistrationState = 'unregistered';
  #aor = '';
  #doNotDisturb = false;
  readonly #calls = new Map<string, FakeCall>();
  readonly #subscriptions = new Map<string, { target: string; event: string }>();
  readonly #guards = new Map<string, NotifyGuard>();

  constructor(network: FakeSipNetwork) {
    this.#network = network;
    this.#events = new TypedEmitter<SipClientEvents>(network.log);
  }

  get aor(): string {
    return this.#aor;
  }

  get connectionState(): ConnectionState {
    return this.#connection;
  }

  get registrationState(): RegistrationState {
    return this.#registration;
  }

  /** The calls this client has that have not ended. */
  get calls(): CallInfo[] {
    return [...this.#calls.values()].map((c) => ({ ...c.info }));
  }

  on<K extends keyof SipClientEvents>(event: K, listener: SipClientListener<K>): () => void {
    return this.#events.on(event, listener);
  }

  async signIn(options: SignInOptions): Promise<void> {
    this.#aor = options.aor;
    this.#setConnection('connecting');
    await tick();
    const failure = this.#network.check(options);
    if (failure?.kind === 'network') {
      this.#setConnection('disconnected');
      throw new SipClientError(failure);
    }
    this.#setConnection('connected');
    this.#setRegistration('registering');
    await tick();
    if (failure) {
      this.#setRegistration('failed', failure);
      this.#setConnection('disconnected');
      throw new SipClientError(failure);
    }
    this.#network.attach(this);
    this.#setRegistration('registered');
  }

  async signOut(): Promise<void> {
    for (const id of [...this.#calls.keys()]) this.hangUp(id);
    this.#network.detach(this);
    this.#setRegistration('unregistered');
    this.#setConnection('disconnected');
  }

  /** @internal Called by the network. */
  networkChanged(down: boolean): void {
    if (down) {
      this.#setConnection('reconnecting');
      this.#setRegistration('unregistered');
      for (const call of [...this.#calls.values()]) this.#end(call, { kind: 'network', detail: 'Connection Error' });
    } else {
      this.#setConnection('connected');
      this.#setRegistration('registering');
      queueMicrotask(() => this.#setRegistration('registered'));
    }
  }

  async call(target: string, options: CallOptions): Promise<string> {
    this.#requireRegistered();
    const peerAor = this.#normalize(target);
    const id = this.#network.nextId('call');
    const mine: FakeCall = { info: newCall(id, 'outgoing', peerAor, options.video), owner: this, peer: null };
    this.#calls.set(id, mine);
    this.#emitCall(mine);
    const failure = this.#network.callFailures.get(peerAor);
    const callee = this.#network.find(peerAor);
    later(() => {
      if (mine.info.state === 'ended') return;
      if (failure) {
        this.#network.callFailures.delete(peerAor);
        return this.#end(mine, failure);
      }
      if (!callee) return this.#end(mine, UNAVAILABLE);
      mine.peer = callee.receiveCall(mine, this.#aor, options.video);
      if (!mine.peer) return this.#end(mine, { kind: 'do-not-disturb', status: 486, detail: '486 Busy Here' });
      this.#update(mine, { state: 'ringing' });
    });
    return id;
  }

  setDoNotDisturb(on: boolean): void {
    this.#doNotDisturb = on;
  }

  /** @internal The incoming leg of `from`'s call; null when do not disturb refused it (reported ended, as JsSIP's). */
  receiveCall(from: FakeCall, aor: string, video: boolean): FakeCall | null {
    const leg: FakeCall = { info: newCall(this.#network.nextId('call'), 'incoming', aor, video), owner: this, peer: from };
    if (this.#doNotDisturb) {
      this.#end(leg, { kind: 'do-not-disturb', status: 486, detail: 'refused: do not disturb is on' });
      return null;
    }
    this.#calls.set(leg.info.id, leg);
    this.#emitCall(leg);
    return leg;
  }

  async answer(callId: string, options: CallOptions): Promise<void> {
    const call = this.#requireCall(callId);
    if (call.info.direction !== 'incoming' || call.info.state !== 'ringing') throw new TypeError(`call ${callId} is not a ringing incoming call`);
    this.#update(call, { state: 'connecting', video: options.video });
    later(() => {
      const now = Date.now();
      if (call.peer) call.peer.owner.#update(call.peer, { state: 'connected', connectedAt: now });
      this.#update(call, { state: 'connected', connectedAt: now });
    });
  }

  hangUp(callId: string, options: { decline?: boolean } = {}): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    const unanswered = call.info.state === 'ringing' || call.info.state === 'connecting';
    const peer = call.peer;
    this.#end(call);
    if (!peer) return;
    let failure: SipFailure | undefined;
    if (call.info.direction === 'incoming' && unanswered) failure = { kind: 'busy', status: 486, detail: '486 Busy Here' };
    else if (call.info.direction === 'outgoing' && unanswered) failure = { kind: 'canceled', detail: 'Canceled' };
    void options;
    later(() => peer.owner.#end(peer, failure));
  }

  setMuted(callId: string, muted: boolean): void {
    this.#update(this.#requireCall(callId), { muted });
  }

  async setHold(callId: string, hold: boolean): Promise<void> {
    const call = this.#requireCall(callId);
    if (call.info.state !== 'connected') throw new TypeError(`call ${callId} is not established`);
    await tick();
    this.#update(call, { onHold: hold });
    if (call.peer) call.peer.owner.#update(call.peer, { remoteHold: hold });
  }

  sendDtmf(callId: string, tones: string): void {
    this.#requireCall(callId);
    if (!isDtmf(tones)) throw new TypeError(`not DTMF tones: ${tones}`);
    this.#network.dtmf.set(callId, (this.#network.dtmf.get(callId) ?? '') + tones);
  }

  /** The transferee (our peer) calls `target`; our call ends, as after a REFER and its BYE. */
  async transfer(callId: string, target: string): Promise<void> {
    const call = this.#requireCall(callId);
    if (call.info.state !== 'connected') throw new TypeError(`call ${callId} is not established`);
    const to = this.#normalize(target);
    this.#network.transfers.set(callId, to);
    await tick();
    const peer = call.peer;
    this.hangUp(callId);
    if (peer) later(() => void peer.owner.call(to, { video: peer.info.video }).catch(() => undefined));
  }

  async sendMessage(target: string, text: string): Promise<MessageInfo> {
    this.#requireRegistered();
    const message: MessageInfo = {
      id: this.#network.nextId('msg'),
      direction: 'outgoing',
      peer: this.#normalize(target),
      contentType: 'text/plain',
      text,
      at: Date.now(),
      state: 'sending',
    };
    const failure = this.#network.messageFailures.get(message.peer);
    const to = this.#network.find(message.peer);
    later(() => {
      if (failure) {
        this.#network.messageFailures.delete(message.peer);
        return this.#events.emit('message', { ...message, state: 'failed', failure });
      }
      if (!to) return this.#events.emit('message', { ...message, state: 'failed', failure: UNAVAILABLE });
      to.#events.emit('message', { ...message, id: this.#network.nextId('msg'), direction: 'incoming', peer: this.#aor, state: 'received', at: Date.now() });
      this.#events.emit('message', { ...message, state: 'delivered' });
    });
    return message;
  }

  #end(call: FakeCall, failure?: SipFailure): void {
    if (call.info.state === 'ended') return;
    const { failure: _old, ...rest } = call.info;
    call.info = { ...rest, state: 'ended', endedAt: Date.now(), ...(failure ? { failure } : {}) };
    this.#calls.delete(call.info.id);
    this.#emitCall(call);
  }

  #update(call: FakeCall, change: Partial<CallInfo>): void {
    if (call.info.state === 'ended') return;
    call.info = { ...call.info, ...change };
    this.#emitCall(call);
  }

  subscribe(target: string, options: SubscribeOptions): string {
    this.#requireRegistered();
    const id = this.#network.nextId('sub');
    const subscription = { target: this.#normalize(target), event: options.event };
    this.#subscriptions.set(id, subscription);
    this.#events.emit('subscription', { id, ...subscription, state: 'subscribing' });
    later(() => {
      if (this.#subscriptions.has(id)) this.#events.emit('subscription', { id, ...subscription, state: 'active' });
    });
    return id;
  }

  unsubscribe(subscriptionId: string): void {
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) return;
    this.#subscriptions.delete(subscriptionId);
    this.#events.emit('subscription', { id: subscriptionId, ...subscription, state: 'terminated', reason: 'unsubscribed' });
  }

  /** What the app handed over for end-to-end protection (the fake itself sends nothing encrypted). */
  security: SecurityContext | null = null;
  /** The targets (and texts, after a space, when given) of prepareMessage, in order (the fake encrypts nothing). */
  readonly prepared: string[] = [];

  prepareMessage(target: string, text = ''): void {
    this.prepared.push(text ? `${this.#normalize(target)} ${text}` : this.#normalize(target));
  }

  useSecurity(context: SecurityContext | null): void {
    this.security = context;
  }

  guardNotifies(event: string, guard: NotifyGuard): () => void {
    this.#guards.set(event, guard);
    return () => {
      if (this.#guards.get(event) === guard) this.#guards.delete(event);
    };
  }

  /** The statuses guards answered NOTIFYs with (a refused NOTIFY is not reported as `notify`). */
  readonly refusedNotifies: number[] = [];

  async sendRequest(request: OutOfDialogRequest): Promise<SipResponseInfo> {
    this.#requireRegistered();
    await tick();
    this.#network.requests.push({ from: this.#aor, request });
    const answer = this.#network.requestHandler?.(this.#aor, request) ?? { status: 200 };
    const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: answer.status, reason: answer.reason ?? (answer.status === 200 ? 'OK' : 'Error'), header: (name) => headers.get(name.toLowerCase()) };
  }

  /** @internal */
  deliverNotify(target: string, event: string, message: Uint8Array): void {
    for (const [id, s] of this.#subscriptions) {
      if (s.target !== target || s.event !== event) continue;
      const notify = { subscriptionId: id, target, event, message };
      later(() => {
        const guard = this.#guards.get(event);
        void (guard ? guard(notify) : Promise.resolve(undefined)).then((status) => {
          if (status !== undefined && status >= 300) this.refusedNotifies.push(status);
          else this.#events.emit('notify', notify);
        });
      });
    }
  }

  #emitCall(call: FakeCall): void {
    this.#events.emit('call', { ...call.info });
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

  #requireRegistered(): void {
    if (this.#registration !== 'registered') throw new TypeError('not signed in');
  }

  #requireCall(callId: string): FakeCall {
    const call = this.#calls.get(callId);
    if (!call) throw new TypeError(`no such call: ${callId}`);
    return call;
  }

  #normalize(target: string): string {
    return completeTarget(target, this.#aor);
  }
}

function newCall(id: string, direction: CallInfo['direction'], peer: string, video: boolean): CallInfo {
  return { id, direction, peer, video, state: direction === 'outgoing' ? 'connecting' : 'ringing', muted: false, onHold: false, remoteHold: false, startedAt: Date.now() };
}

function tick(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

function later(fn: () => void): void {
  setTimeout(fn, 0);
}
