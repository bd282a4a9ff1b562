/**
 * SealPhone's JsSIP client in Node against a real server: the `ws` socket of jssip-node.ts injected through
 * `socketFactory` (the client wraps it in the socket codec), WebRTC stand-ins for signalling, and a server that can be
 * restarted on the same port (test-server.ts always picks a fresh port, so the restart goes through `startServer`).
 */
import { webcrypto } from 'node:crypto';
import type { Socket } from 'jssip/lib/Socket';
import { startServer } from '../../server/server.ts';
import { createJsSipClient } from '../../src/sip/jssip-client.ts';
import type { ReconnectPolicyOptions } from '../../src/sip/reconnect-policy.ts';
import type { CallInfo, ConnectionState, MessageInfo, RegistrationState, SipClient, SipFailure } from '../../src/sip/sip-client.ts';
import { silentLogger } from '../../src/sip/sip-logger.ts';
import { fakeMediaStream, NodeWebSocketSocket, SipTrace } from '../helpers/jssip-node.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../helpers/test-server.ts';

export interface ClientUnderTest {
  client: SipClient;
  user: string;
  aor: string;
  trace: SipTrace;
  connections: ConnectionState[];
  registrations: { state: RegistrationState; failure?: SipFailure }[];
  calls: CallInfo[];
  messages: MessageInfo[];
  /** The first value produced by `pick` from recorded events, now or later. */
  waitFor<T>(what: string, pick: () => T | undefined, timeoutMs?: number): Promise<T>;
}

export function wsUrl(server: { httpPort: number }): string {
  return `ws://127.0.0.1:${server.httpPort}/sip`;
}

/** A JsSIP SipClient for `user`, not signed in yet; every event recorded. */
export function makeClient(
  user: string,
  options: {
    reconnect?: ReconnectPolicyOptions;
    getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
    /** Called with each connection attempt's time (every connect() JsSIP makes on the socket). */
    onConnectAttempt?: (at: number) => void;
    /** When it returns a promise, the attempt waits for it (the network lets this client through later). */
    connectGate?: () => Promise<void> | undefined;
  } = {},
): ClientUnderTest {
  const trace = new SipTrace();
  const client = createJsSipClient({
    crypto: webcrypto as unknown as Crypto,
    socketFactory: (url) => {
      const socket = new NodeWebSocketSocket(url, trace);
      const connect = socket.connect.bind(socket);
      socket.connect = () => {
        options.onConnectAttempt?.(Date.now());
        const gate = options.connectGate?.();
        if (gate) void gate.then(connect);
        else connect();
      };
      return socket as unknown as Socket;
    },
    getUserMedia: options.getUserMedia ?? (async () => fakeMediaStream()),
    log: silentLogger,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  });
  const state: ClientUnderTest = {
    client,
    user,
    aor: `sip:${user}@${TEST_DOMAIN}`,
    trace,
    connections: [],
    registrations: [],
    calls: [],
    messages: [],
    waitFor: (what, pick, timeoutMs = 8_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = (): void => {
          const value = pick();
          if (value !== undefined) return resolve(value);
          if (Date.now() - started > timeoutMs) {
            return reject(new Error(`${user}: timed out waiting for ${what}\nconnections: ${state.connections.join(',')}\nregistrations: ${state.registrations.map((r) => r.state).join(',')}\ncalls: ${state.calls.map((c) => c.state).join(',')}\n${trace.dump()}`));
          }
          setTimeout(poll, 10);
        };
        poll();
      }),
  };
  client.on('connection', (s) => state.connections.push(s));
  client.on('registration', (s, failure) => state.registrations.push(failure ? { state: s, failure } : { state: s }));
  client.on('call', (c) => state.calls.push(c));
  client.on('message', (m) => state.messages.push(m));
  return state;
}

export async function signIn(c: ClientUnderTest, server: { httpPort: number }, password = TEST_USERS[c.user] ?? ''): Promise<void> {
  await c.client.signIn({ serverUrl: wsUrl(server), aor: c.aor, password });
}

/** Starts a server on `dir` and, for a restart, on the same HTTP (WebSocket) port as before. */
export async function startServerAt(dir: string, httpPort: number): Promise<TestServer> {
  const db = `${dir}/sealphone.db`;
  const server = await startServer({ host: '127.0.0.1', port: httpPort, webRoot: `${dir}/web`, domain: TEST_DOMAIN, db, sipPort: 0 });
  return {
    server,
    dir,
    db,
    httpPort: server.port,
    sipPort: server.sip?.tcp?.port ?? 0,
    stop: () => server.close(),
  };
}

export interface SipClientServerFixture {
  /** The running server (valid inside tests). */
  readonly server: TestServer;
  /** A JsSIP SipClient for `user`, not signed in yet, signed out after the test. */
  client(user: string, options?: Parameters<typeof makeClient>[1]): ClientUnderTest;
  /** Signs out every client made so far (tests that restart servers call it before stopping theirs). */
  signOutAll(): Promise<void>;
}

/** The set-up of the SipClient suites: WebRTC stand-ins, one real server per file, clients signed out after each test. */
export function useSipClientServer(): SipClientServerFixture {
  let ts: TestServer | undefined;
  let release: (() => void) | undefined;
  const clients: ClientUnderTest[] = [];
  const signOutAll = async (): Promise<void> => {
    await Promise.all(clients.splice(0).map((c) => c.client.signOut()));
  };
  beforeAll(async () => {
    release = installWebRtcStandIns();
    ts = await startTestServer();
  });
  afterEach(signOutAll);
  afterAll(async () => {
    await ts?.stop();
    if (ts) removeDir(ts.dir);
    release?.();
  });
  return {
    get server() {
      if (!ts) throw new Error('the server is not started yet');
      return ts;
    },
    client(user, options) {
      const c = makeClient(user, options);
      clients.push(c);
      return c;
    },
    signOutAll,
  };
}
