/**
 * JsSIP 3.13.8 user agents in Node, talking to a real SealPhone server over WebSocket (RFC 7118).
 *
 * How JsSIP runs here:
 * - SIP: JsSIP's own code, unchanged. Its `WebSocketInterface` needs a browser `WebSocket` global; instead of
 *   planting one we hand JsSIP a `Socket` of our own (`NodeWebSocketSocket`, JsSIP's documented Socket interface)
 *   built on the `ws` package. It also records every frame in both directions (`SipTrace`) so tests can look at
 *   the wire and print it when they fail. JsSIP's debug output stays off.
 * - Media: THIS IS A SIGNALLING TEST. JsSIP's RTCSession drives an `RTCPeerConnection`; Node has none, so
 *   `installWebRtcStandIns` puts a minimal stand-in for the media layer only on the global object while UAs are
 *   alive: `FakePeerConnection` produces a fixed, well-formed SDP offer or answer (one audio m-line, ICE ufrag/pwd,
 *   DTLS fingerprint), keeps the signalling state machine, refuses descriptions that are not such SDP, and reports
 *   ICE gathering `complete` at once, so JsSIP never waits for candidates. No packet of media flows and nothing here
 *   says anything about WebRTC media: that is tested in real browsers by the Playwright e2e suite (e2e/). Callers pass
 *   a `FakeMediaStream` as `mediaStream`, so `navigator.mediaDevices` is never touched.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { Socket } from 'jssip/lib/Socket';
import type { UA } from 'jssip/lib/UA';
import WebSocket from 'ws';
import type { TestServer } from './test-server.ts';
import { TEST_DOMAIN } from './test-server.ts';

// ---- the SIP wire: a JsSIP Socket over `ws` ------------------------------------------------------------------

export interface TraceEntry {
  direction: 'out' | 'in';
  /** The frame as text (binary frames decoded as UTF-8). */
  text: string;
  at: number;
}

/** Every frame a UA sent and received, in order; `waitFor` resolves on a frame (past or future) that matches. */
export class SipTrace {
  readonly entries: TraceEntry[] = [];
  #waiters: { match: (e: TraceEntry) => boolean; resolve: (e: TraceEntry) => void }[] = [];

  record(direction: TraceEntry['direction'], text: string): void {
    if (text === '\r\n' || text === '\r\n\r\n') return; // keep-alives
    const entry: TraceEntry = { direction, text, at: Date.now() };
    this.entries.push(entry);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(entry)) return true;
      w.resolve(entry);
      return false;
    });
  }

  /** Frames matching `match`, optionally only those after entry index `from`. */
  find(match: (e: TraceEntry) => boolean, from = 0): TraceEntry[] {
    return this.entries.slice(from).filter(match);
  }

  /** The first frame from index `from` on that matches, waiting up to `timeoutMs` for it. */
  waitFor(match: (e: TraceEntry) => boolean, { from = 0, timeoutMs = 5_000, what = 'a matching SIP message' } = {}): Promise<TraceEntry> {
    const seen = this.entries.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; trace:\n${this.dump()}`));
      }, timeoutMs);
      const done = (e: TraceEntry): void => {
        clearTimeout(timer);
        resolve(e);
      };
      this.#waiters.push({ match, resolve: done });
    });
  }

  /** Start lines of every frame, for failure messages (whole messages with `full`). */
  dump(full = false): string {
    return this.entries.map((e) => `${e.direction === 'out' ? '>>' : '<<'} ${full ? e.text : startLine(e.text)}`).join('\n');
  }
}

/** The first line of a SIP message. */
export function startLine(text: string): string {
  return text.slice(0, Math.max(0, text.indexOf('\r\n'))) || text.slice(0, 80);
}

/** Header values of one header in a raw SIP message (no compact forms: JsSIP and our server write long names). */
export function headerValues(text: string, name: string): string[] {
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const wanted = name.toLowerCase();
  return head
    .split('\r\n')
    .slice(1)
    .filter((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase() === wanted)
    .map((line) => line.slice(line.indexOf(':') + 1).trim());
}

/** Is `text` a response with this status to a request with this CSeq method? */
export function isResponse(text: string, method: string, status?: number): boolean {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(text);
  if (!m) return false;
  if (status !== undefined && Number(m[1]) !== status) return false;
  return (headerValues(text, 'CSeq')[0] ?? '').split(/\s+/)[1] === method;
}

export function isRequest(text: string, method: string): boolean {
  return text.startsWith(`${method} `);
}

/**
 * JsSIP's Socket interface (https://jssip.net/documentation/3.13.x/api/socket/) over the `ws` package: connect,
 * disconnect, send (synchronous, returns true when the frame was handed to the socket), isConnected, isConnecting,
 * and the onconnect / ondisconnect / ondata callbacks JsSIP's Transport installs.
 */
export class NodeWebSocketSocket {
  readonly #url: string;
  readonly #sipUri: string;
  #viaTransport = 'WS';
  #ws: WebSocket | null = null;
  readonly trace: SipTrace;

  onconnect: () => void = () => {};
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => {};
  ondata: (data: string | ArrayBuffer) => void = () => {};

  constructor(url: string, trace = new SipTrace()) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new TypeError(`not a WebSocket URL: ${url}`);
    this.#url = url;
    this.#sipUri = `sip:${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''};transport=ws`;
    this.#viaTransport = parsed.protocol === 'wss:' ? 'WSS' : 'WS';
    this.trace = trace;
  }

  get via_transport(): string {
    return this.#viaTransport;
  }

  set via_transport(value: string) {
    this.#viaTransport = value.toUpperCase();
  }

  get url(): string {
    return this.#url;
  }

  get sip_uri(): string {
    return this.#sipUri;
  }

  connect(): void {
    if (this.isConnected() || this.isConnecting()) return;
    if (this.#ws) this.disconnect();
    const ws = new WebSocket(this.#url, 'sip');
    this.#ws = ws;
    ws.on('open', () => {
      if (this.#ws === ws) this.onconnect();
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (this.#ws !== ws) return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.trace.record('in', bytes.toString('utf8'));
      // As a browser WebSocket with binaryType 'arraybuffer' would deliver it; JsSIP decodes binary frames itself.
      this.ondata(isBinary ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes.toString('utf8'));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.ondisconnect(code !== 1000, code, reason.toString('utf8'));
    });
    ws.on('error', () => {
      // A 'close' event follows every error; JsSIP learns of the failure there.
    });
  }

  disconnect(): void {
    const ws = this.#ws;
    this.#ws = null;
    if (!ws) return;
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000);
  }

  /** Must stay synchronous (JsSIP checks the result at once; an async function is refused by its config check). */
  send(message: string | ArrayBufferLike | ArrayBufferView | Blob): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    if (typeof message === 'string') {
      this.trace.record('out', message);
      ws.send(message);
      return true;
    }
    // JsSIP's Transport only ever sends strings; bytes would go out as a binary frame.
    if (!ArrayBuffer.isView(message) && !(message instanceof ArrayBuffer)) return false;
    const bytes = ArrayBuffer.isView(message) ? Buffer.from(message.buffer, message.byteOffset, message.byteLength) : Buffer.from(message);
    this.trace.record('out', bytes.toString('utf8'));
    ws.send(bytes, { binary: true });
    return true;
  }

  isConnected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  isConnecting(): boolean {
    return this.#ws?.readyState === WebSocket.CONNECTING;
  }
}

// ---- the media layer stand-in (signalling only) ------------------------------------------------------------

export class FakeMediaStreamTrack {
  readonly id = randomUUID();
  readonly label = 'fake audio';
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly kind: 'audio' | 'video' = 'audio') {}
  stop(): void {
    this.readyState = 'ended';
  }
}

export class FakeMediaStream {
  readonly id = randomUUID();
  readonly #tracks: FakeMediaStreamTrack[];
  constructor(tracks: FakeMediaStreamTrack[] = [new FakeMediaStreamTrack('audio')]) {
    this.#tracks = [...tracks];
  }
  getTracks(): FakeMediaStreamTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): FakeMediaStreamTrack[] {
    return this.#tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeMediaStreamTrack[] {
    return this.#tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeMediaStreamTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track);
  }
  removeTrack(track: FakeMediaStreamTrack): void {
    const i = this.#tracks.indexOf(track);
    if (i >= 0) this.#tracks.splice(i, 1);
  }
}

/** What JsSIP's `mediaStream` option expects, typed as the DOM's MediaStream (it only calls the methods above). */
export function fakeMediaStream(): MediaStream {
  return new FakeMediaStream() as unknown as MediaStream;
}

export interface FakeSessionDescriptionInit {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp: string;
}

export class FakeSessionDescription {
  readonly type: FakeSessionDescriptionInit['type'];
  readonly sdp: string;
  constructor(init: FakeSessionDescriptionInit) {
    this.type = init.type;
    this.sdp = init.sdp;
  }
  toJSON(): FakeSessionDescriptionInit {
    return { type: this.type, sdp: this.sdp };
  }
}

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const ANSWER_DIRECTION: Record<Direction, Direction> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** Why an SDP is not the kind of offer/answer a browser would take (null when it is). */
export function sdpProblem(sdp: string): string | null {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== 'v=0') return 'does not start with v=0';
  if (!lines.some((l) => l.startsWith('o='))) return 'has no o= line';
  if (!lines.some((l) => l.startsWith('m=audio '))) return 'has no audio m-line';
  if (!lines.some((l) => l.startsWith('a=ice-ufrag:'))) return 'has no a=ice-ufrag';
  if (!lines.some((l) => l.startsWith('a=ice-pwd:'))) return 'has no a=ice-pwd';
  if (!lines.some((l) => /^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(l))) return 'has no sha-256 a=fingerprint';
  return null;
}

function directionOf(sdp: string): Direction {
  const m = /^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(sdp);
  return (m?.[1] as Direction | undefined) ?? 'sendrecv';
}

function midOf(sdp: string): string {
  return /^a=mid:(\S+)$/m.exec(sdp)?.[1] ?? '0';
}

/**
 * A stand-in for RTCPeerConnection that does signalling bookkeeping only: createOffer/createAnswer give a fixed
 * template SDP (one Opus audio m-line) with this connection's own ICE credentials and DTLS fingerprint; the
 * signalling state follows the JSEP state machine; ICE gathering completes at once without candidates.
 */
export class FakePeerConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: FakeSessionDescription | null = null;
  remoteDescription: FakeSessionDescription | null = null;
  readonly #senders: { track: FakeMediaStreamTrack | null }[] = [];
  readonly #sessionId = BigInt(`0x${randomBytes(6).toString('hex')}`).toString();
  #version = 0;
  readonly #ufrag = randomBytes(3).toString('hex');
  readonly #pwd = randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');
  readonly #fingerprint = [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

  constructor(readonly configuration: unknown = {}) {
    super();
  }

  #sdp(direction: Direction, setup: 'actpass' | 'active', mid: string): string {
    this.#version += 1;
    return [
      'v=0',
      `o=- ${this.#sessionId} ${this.#version} IN IP4 127.0.0.1`,
      's=-',
      't=0 0',
      `a=group:BUNDLE ${mid}`,
      'a=msid-semantic: WMS',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      `a=ice-ufrag:${this.#ufrag}`,
      `a=ice-pwd:${this.#pwd}`,
      'a=ice-options:trickle',
      `a=fingerprint:sha-256 ${this.#fingerprint}`,
      `a=setup:${setup}`,
      `a=mid:${mid}`,
      `a=${direction}`,
      'a=rtcp-mux',
      'a=rtpmap:111 opus/48000/2',
      'a=fmtp:111 minptime=10;useinbandfec=1',
      '',
    ].join('\r\n');
  }

  #closed(): Error | null {
    return this.signalingState === 'closed' ? new DOMException('The RTCPeerConnection is closed', 'InvalidStateError') : null;
  }

  async createOffer(_options?: unknown): Promise<FakeSessionDescriptionInit> {
    const closed = this.#closed();
    if (closed) throw closed;
    return { type: 'offer', sdp: this.#sdp('sendrecv', 'actpass', this.remoteDescription ? midOf(this.remoteDescription.sdp) : '0') };
  }

  async createAnswer(_options?: unknown): Promise<FakeSessionDescriptionInit> {
    const closed = this.#closed();
    if (closed) throw closed;
    if (this.signalingState !== 'have-remote-offer' || !this.remoteDescription) {
      throw new DOMException(`createAnswer in state ${this.signalingState}`, 'InvalidStateError');
    }
    const offer = this.remoteDescription.sdp;
    return { type: 'answer', sdp: this.#sdp(ANSWER_DIRECTION[directionOf(offer)], 'active', midOf(offer)) };
  }

  async setLocalDescription(description: FakeSessionDescriptionInit): Promise<void> {
    const closed = this.#closed();
    if (closed) throw closed;
    this.#apply('local', description);
    if (this.iceGatheringState !== 'complete') {
      // No candidates to gather: gathering starts and ends at once (end-of-candidates), before this promise settles.
      this.iceGatheringState = 'gathering';
      this.dispatchEvent(new Event('icegatheringstatechange'));
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    }
  }

  async setRemoteDescription(description: FakeSessionDescriptionInit): Promise<void> {
    const closed = this.#closed();
    if (closed) throw closed;
    this.#apply('remote', description);
  }

  /** JSEP (RFC 8829 section 3.2) transitions for offer/answer; anything else is an InvalidStateError. */
  #apply(side: 'local' | 'remote', description: FakeSessionDescriptionInit): void {
    const problem = sdpProblem(description.sdp);
    if (problem) throw new DOMException(`${side} ${description.type} SDP ${problem}`, 'OperationError');
    const { type } = description;
    const state = this.signalingState;
    let next: RTCSignalingState;
    if (type === 'offer' && (state === 'stable' || state === (side === 'local' ? 'have-local-offer' : 'have-remote-offer'))) {
      next = side === 'local' ? 'have-local-offer' : 'have-remote-offer';
    } else if (type === 'answer' && state === (side === 'local' ? 'have-remote-offer' : 'have-local-offer')) {
      next = 'stable';
    } else {
      throw new DOMException(`cannot set ${side} ${type} in state ${state}`, 'InvalidStateError');
    }
    const desc = new FakeSessionDescription({ type, sdp: description.sdp });
    if (side === 'local') this.localDescription = desc;
    else this.remoteDescription = desc;
    this.signalingState = next;
    this.dispatchEvent(new Event('signalingstatechange'));
  }

  addTrack(track: FakeMediaStreamTrack, ..._streams: FakeMediaStream[]): { track: FakeMediaStreamTrack | null } {
    const sender = { track };
    this.#senders.push(sender);
    return sender;
  }

  getSenders(): { track: FakeMediaStreamTrack | null }[] {
    return [...this.#senders];
  }

  getReceivers(): never[] {
    return [];
  }

  getTransceivers(): never[] {
    return [];
  }

  close(): void {
    this.signalingState = 'closed';
    this.iceConnectionState = 'closed';
    this.connectionState = 'closed';
  }
}

let standInUsers = 0;
let restoreGlobals: (() => void) | null = null;

/**
 * Puts `window.RTCPeerConnection`, `RTCPeerConnection` and `RTCSessionDescription` (the globals JsSIP's RTCSession
 * and UA read) on globalThis, unless they are already there. Reference counted; the returned function undoes it.
 */
export function installWebRtcStandIns(): () => void {
  if (standInUsers++ === 0) {
    const g = globalThis as Record<string, unknown>;
    const saved = new Map<string, PropertyDescriptor | undefined>();
    const define = (name: string, value: unknown): void => {
      saved.set(name, Object.getOwnPropertyDescriptor(g, name));
      Object.defineProperty(g, name, { value, configurable: true, writable: true });
    };
    if (g.RTCPeerConnection === undefined) define('RTCPeerConnection', FakePeerConnection);
    if (g.RTCSessionDescription === undefined) define('RTCSessionDescription', FakeSessionDescription);
    // JsSIP checks `window.RTCPeerConnection` before calling and before accepting an INVITE.
    if (g.window === undefined) define('window', { RTCPeerConnection: g.RTCPeerConnection });
    restoreGlobals = () => {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(g, name, descriptor);
        else delete g[name];
      }
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--standInUsers === 0) {
      restoreGlobals?.();
      restoreGlobals = null;
    }
  };
}

// ---- user agents -------------------------------------------------------------------------------------------

export class RegistrationFailedError extends Error {
  constructor(
    /** JsSIP's cause, e.g. `Authentication Error`. */
    readonly sipCause: string,
    /** The final response's status, when there was one. */
    readonly status: number | undefined,
  ) {
    super(`registration failed: ${sipCause}${status === undefined ? '' : ` (${status})`}`);
    this.name = 'RegistrationFailedError';
  }
}

export interface NodeUa {
  ua: UA;
  user: string;
  /** `sip:user@sealphone.test` */
  aor: string;
  socket: NodeWebSocketSocket;
  trace: SipTrace;
  /** Stops the UA (un-REGISTER, sessions ended), waits for its WebSocket to close, and releases the stand-ins. */
  stop(): Promise<void>;
}

export interface CreateUaOptions {
  user: string;
  password: string;
  server: TestServer;
  /** Register on start (default true); createUa then resolves once registered. */
  register?: boolean;
  timeoutMs?: number;
}

/** Resolves with the first argument of `event` on `emitter`, rejects after `timeoutMs`. */
export function once<T = unknown>(emitter: { once(event: string, listener: (arg: T) => void): unknown; off?(event: string, listener: (arg: T) => void): unknown }, event: string, timeoutMs = 5_000, context = ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (arg: T): void => {
      clearTimeout(timer);
      resolve(arg);
    };
    const timer = setTimeout(() => {
      emitter.off?.(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'${context ? `\n${context}` : ''}`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

JsSIP.debug.disable();

/** A started JsSIP UA for `user` on the test server's WebSocket, registered (unless `register: false`). */
export async function createUa(options: CreateUaOptions): Promise<NodeUa> {
  const { user, password, server } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const release = installWebRtcStandIns();
  const socket = new NodeWebSocketSocket(`ws://127.0.0.1:${server.httpPort}/sip`);
  const ua = new JsSIP.UA({
    sockets: [socket as unknown as Socket],
    uri: `sip:${user}@${TEST_DOMAIN}`,
    password,
    register: options.register ?? true,
    register_expires: 600,
    user_agent: 'JsSIP 3.13.8 (SealPhone node test)',
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
  });
  const emitter = ua as unknown as NodeJS.EventEmitter;
  // Sessions not yet ended, so that stop() knows whether BYE/CANCEL exchanges may still be running.
  const live = new Set<RTCSession>();
  emitter.on('newRTCSession', (e: { session: RTCSession }) => {
    const s = e.session as unknown as NodeJS.EventEmitter;
    live.add(e.session);
    const gone = (): void => void live.delete(e.session);
    s.once('ended', gone);
    s.once('failed', gone);
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (!socket.isConnected()) {
        ua.stop();
        return;
      }
      if (live.size > 0) {
        // JsSIP ends the sessions and closes its transport itself once they are done (at most 2 s later).
        const closed = once(emitter, 'disconnected', 4_000).catch(() => undefined);
        ua.stop();
        await closed;
        return;
      }
      // Only the un-REGISTER is outstanding: close as soon as it is answered rather than after JsSIP's 2 s grace.
      const unregistered = ua.isRegistered() ? once(emitter, 'unregistered', 3_000).catch(() => undefined) : Promise.resolve();
      ua.stop();
      await unregistered;
    } finally {
      socket.disconnect();
      release();
    }
  };
  const handle: NodeUa = { ua, user, aor: `sip:${user}@${TEST_DOMAIN}`, socket, trace: socket.trace, stop };

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${user}: not ${options.register === false ? 'connected' : 'registered'} after ${timeoutMs} ms\n${socket.trace.dump()}`)), timeoutMs);
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      emitter.off('registered', onRegistered);
      emitter.off('registrationFailed', onFailed);
      emitter.off('connected', onConnected);
      if (error) reject(error);
      else resolve();
    };
    const onRegistered = (): void => settle();
    const onFailed = (e: { cause?: string; response?: { status_code?: number } | null }): void =>
      settle(new RegistrationFailedError(e.cause ?? 'unknown', e.response?.status_code ?? undefined));
    const onConnected = (): void => {
      if (options.register === false) settle();
    };
    emitter.on('registered', onRegistered);
    emitter.on('registrationFailed', onFailed);
    emitter.on('connected', onConnected);
  });
  ua.start();
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return handle;
}

/** Stops every UA (in parallel); for afterEach. */
export async function stopAll(uas: NodeUa[]): Promise<void> {
  await Promise.all(uas.splice(0).map((u) => u.stop()));
}

export type { RTCSession, UA };

/** The `newRTCSession` event, as JsSIP emits it. */
export interface NewRtcSessionEvent {
  originator: 'local' | 'remote';
  session: RTCSession;
  request: { getHeader(name: string): string | undefined; getHeaders(name: string): string[]; body?: string; method: string };
}

/** The next incoming call on `ua`. */
export function nextIncomingCall(ua: NodeUa, timeoutMs = 5_000): Promise<NewRtcSessionEvent> {
  return new Promise((resolve, reject) => {
    const emitter = ua.ua as unknown as NodeJS.EventEmitter;
    const listener = (e: NewRtcSessionEvent): void => {
      if (e.originator !== 'remote') return;
      clearTimeout(timer);
      emitter.off('newRTCSession', listener);
      resolve(e);
    };
    const timer = setTimeout(() => {
      emitter.off('newRTCSession', listener);
      reject(new Error(`${ua.user}: no incoming call after ${timeoutMs} ms\n${ua.trace.dump()}`));
    }, timeoutMs);
    emitter.on('newRTCSession', listener);
  });
}

/** Resolves with the argument of the session's `event` (e.g. 'confirmed', 'ended', 'failed'). */
export function sessionEvent<T = { originator?: string; cause?: string; message?: { status_code?: number } | null }>(session: RTCSession, event: string, timeoutMs = 5_000, trace?: SipTrace): Promise<T> {
  return once<T>(session as unknown as NodeJS.EventEmitter, event, timeoutMs, trace?.dump());
}
