/** A tiny scripted SipClient and the other deps, for store tests (the real in-memory fake lives in src/sip). */
import type { SecurityContext } from '../../src/sip/sip-client.ts';
import type { CallInfo, CallOptions, ConnectionState, MessageInfo, RegistrationState, SignInOptions, SipClient, SipClientEvents, SipClientListener, SipFailure, SubscribeOptions, OutOfDialogRequest, SipResponseInfo, NotifyGuard } from '../../src/sip/sip-client.ts';
import { SipClientError } from '../../src/sip/sip-client.ts';
import { createAppStore, type AppDeps } from '../../src/stores/app-store.ts';
import { createMemoryKeyValueStorage, createSettingsStorage, type KeyValueStorage } from '../../src/services/settings-storage.ts';
import { createMemoryDirectory } from '../../src/services/directory.ts';
import { createMemoryHistoryRecords } from '../../src/services/history-records.ts';
import { createMessageHistory } from '../../src/services/message-history.ts';
import { webcrypto } from 'node:crypto';
import { credentialServices } from '../../src/services/credential-services.ts';
import { createMemoryDeviceKeyStore } from '../../src/services/device-key-store.ts';
import { createMemoryCertificateCache } from '../../src/services/certificate-cache.ts';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { FakeMediaDevices, FakeNotifications, RecordingRinger } from './fake-services.ts';

type AnyListener = (...args: unknown[]) => void;

export class ScriptedSipClient implements SipClient {
  connectionState: ConnectionState = 'disconnected';
  registrationState: RegistrationState = 'unregistered';
  readonly log: string[] = [];
  /** The media options of each call and answer, in order. */
  readonly mediaOptions: CallOptions[] = [];
  signInFailure: SipFailure | null = null;
  messageFailure: SipFailure | null = null;
  private listeners = new Map<string, Set<AnyListener>>();
  private nextId = 0;

  on<K extends keyof SipClientEvents>(event: K, listener: SipClientListener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set<AnyListener>();
    this.listeners.set(event, set);
    set.add(listener as AnyListener);
    return () => void set.delete(listener as AnyListener);
  }
  emit<K extends keyof SipClientEvents>(event: K, ...args: SipClientEvents[K]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  async signIn(options: SignInOptions): Promise<void> {
    this.log.push(`signIn ${options.aor} ${options.serverUrl}`);
    this.emit('connection', 'connecting');
    if (this.signInFailure) {
      this.emit('registration', 'failed', this.signInFailure);
      throw new SipClientError(this.signInFailure);
    }
    this.emit('connection', 'connected');
    this.emit('registration', 'registered');
  }
  async signOut(): Promise<void> {
    this.log.push('signOut');
  }
  async call(target: string, options: CallOptions): Promise<string> {
    const id = `c${++this.nextId}`;
    this.log.push(`call ${target} video=${options.video}`);
    this.mediaOptions.push(options);
    this.emit('call', this.callInfo({ id, direction: 'outgoing', peer: target, video: options.video }));
    return id;
  }
  async answer(callId: string, options: CallOptions): Promise<void> {
    this.log.push(`answer ${callId}`);
    this.mediaOptions.push(options);
  }
  hangUp(callId: string, options?: { decline?: boolean }): void {
    this.log.push(`hangUp ${callId}${options?.decline ? ' decline' : ''}`);
  }
  setDoNotDisturb(on: boolean): void {
    this.log.push(`doNotDisturb ${on}`);
  }
  setMuted(callId: string, muted: boolean): void {
    this.log.push(`mute ${callId} ${muted}`);
  }
  async setHold(callId: string, hold: boolean): Promise<void> {
    this.log.push(`hold ${callId} ${hold}`);
  }
  sendDtmf(callId: string, tones: string): void {
    this.log.push(`dtmf ${callId} ${tones}`);
  }
  async transfer(callId: string, target: string): Promise<void> {
    this.log.push(`transfer ${callId} ${target}`);
  }
  prepareMessage(target: string, text = ''): void {
    this.background.push(text ? `prepare ${target} ${text}` : `prepare ${target}`);
  }
  async sendMessage(target: string, text: string): Promise<MessageInfo> {
    this.log.push(`message ${target} ${text}`);
    if (this.messageFailure) throw new SipClientError(this.messageFailure);
    return { id: `m${++this.nextId}`, direction: 'outgoing', peer: target, contentType: 'text/plain', text, at: 1, state: 'sending' };
  }
  /** Subscriptions and out-of-dialog requests, apart from `log` (the certificate work makes them in the background). */
  readonly background: string[] = [];
  #subscriptions = 0;
  /** `${target} ${event}` -> the id of the last subscription to it. */
  readonly subscriptionIds = new Map<string, string>();
  subscribe(target: string, options: SubscribeOptions): string {
    this.background.push(`subscribe ${target} ${options.event}`);
    const id = `sub${++this.#subscriptions}`;
    this.subscriptionIds.set(`${target} ${options.event}`, id);
    return id;
  }
  unsubscribe(id: string): void {
    this.background.push(`unsubscribe ${id}`);
  }
  readonly guards = new Map<string, NotifyGuard>();
  /** What the app handed over for end-to-end protection (the fake itself sends nothing encrypted). */
  security: SecurityContext | null = null;

  useSecurity(context: SecurityContext | null): void {
    this.security = context;
  }

  guardNotifies(event: string, guard: NotifyGuard): () => void {
    this.guards.set(event, guard);
    return () => void this.guards.delete(event);
  }
  async sendRequest(request: OutOfDialogRequest): Promise<SipResponseInfo> {
    this.background.push(`request ${request.method} ${request.target}`);
    return { status: 200, reason: 'OK', header: () => undefined };
  }
  callInfo(partial: Partial<CallInfo> & Pick<CallInfo, 'id' | 'direction' | 'peer'>): CallInfo {
    return { video: false, state: 'ringing', muted: false, onHold: false, remoteHold: false, startedAt: 1000, ...partial };
  }
}

export type TestDeps = AppDeps & { sip: ScriptedSipClient; mediaDevices: FakeMediaDevices; ringer: RecordingRinger; notifications: FakeNotifications };

type TestOverrides = Partial<Omit<AppDeps, 'mediaDevices'>> & { storage?: KeyValueStorage; mediaDevices?: FakeMediaDevices };

export function testDeps(overrides: TestOverrides = {}): TestDeps {
  const { storage, ...rest } = overrides;
  return {
    browserCheck: { run: async () => ({ steps: [] }) },
    sip: new ScriptedSipClient(),
    settings: createSettingsStorage(storage ?? createMemoryKeyValueStorage()),
    directory: createMemoryDirectory(),
    messageHistory: createMessageHistory(createMemoryHistoryRecords(), webcrypto as unknown as Crypto),
    mediaDevices: new FakeMediaDevices(),
    ringer: new RecordingRinger(),
    notifications: new FakeNotifications(),
    crypto: webcrypto as unknown as Crypto,
    credentials: async () => credentialServices,
    keyIterations: 1000,
    deviceKeys: createMemoryDeviceKeyStore(),
    certificateCache: createMemoryCertificateCache(),
    authServiceCertificates: createAuthServiceCertificates({ fetch: (url, init) => fetch(url, init) }),
    defaultServerUrl: 'ws://127.0.0.1:18080/sip',
    now: () => 5000,
    ...rest,
  } as TestDeps;
}

export async function signedIn(overrides: Parameters<typeof testDeps>[0] = {}) {
  const deps = testDeps(overrides);
  const store = createAppStore(deps);
  await store.getState().signIn({ serverUrl: deps.defaultServerUrl, aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
  return { deps, store, sip: deps.sip };
}
