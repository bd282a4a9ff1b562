/**
 * Cold certificate fetch (issue 5, item 7), in Node through the softphone's own code: the app store of
 * src/stores/app-store.ts with the real JsSIP SipClient (src/sip/jssip-client.ts over a `ws` socket, as the SipClient
 * suites run it), the lazily loaded crypto core (services/load-credential-services.ts), the peer certificate checker
 * (services/peer-certificates.ts: RFC 4474 Identity with the authentication service certificate fetched from
 * Identity-Info, then the RFC 6072 section 10.3 checks) and an in-memory certificate cache in place of IndexedDB.
 *
 * The server runs in a child process (bench/server/server-process.ts). Each peer first PUBLISHes a credential made by
 * the app's own `createDeviceKey` (P-256, 1,000 PBKDF2 iterations: the passphrase is not what is measured) over a raw
 * SIP connection. The watcher then signs in through the store and, one peer at a time, calls the store's
 * `watchCertificate(peer)` (what the app does for every contact and every peer of a call or message; the store hands
 * it to the peer certificate directory, services/peer-certificate-directory.ts, which the store builds): SUBSCRIBE
 * (Event: certificate) -> NOTIFY with the certificate and the server's Identity -> check -> the verified entry written
 * to the certificate cache. Every peer is new to the watcher (nothing cached, a new subscription); the first one after
 * sign-in also fetches the authentication service certificate over HTTP (cached per URL for the session), so it is
 * reported apart and not among the N. (The crypto core is already loaded: the bench made the peers' credentials with it.)
 */
import { performance } from 'node:perf_hooks';
import { webcrypto } from 'node:crypto';
import type { Socket } from 'jssip/lib/Socket';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { createMemoryCertificateCache, type CachedCertificate, type CertificateCache } from '../../src/services/certificate-cache.ts';
import { createMemoryDeviceKeyStore } from '../../src/services/device-key-store.ts';
import { createMemoryDirectory } from '../../src/services/directory.ts';
import { createMemoryHistoryRecords } from '../../src/services/history-records.ts';
import { createMessageHistory } from '../../src/services/message-history.ts';
import { loadCredentialServices, type CredentialServices } from '../../src/services/load-credential-services.ts';
import { createMemoryKeyValueStorage, createSettingsStorage } from '../../src/services/settings-storage.ts';
import { createJsSipClient } from '../../src/sip/jssip-client.ts';
import { silentLogger } from '../../src/sip/sip-logger.ts';
import { createAppStore, type AppStore } from '../../src/stores/app-store.ts';
import { fakeMediaStream, installWebRtcStandIns, NodeWebSocketSocket, SipTrace } from '../../test/helpers/jssip-node.ts';
import { SipUser } from '../../test/helpers/sip-session.ts';
import { TEST_DOMAIN } from '../../test/helpers/test-server.ts';
import { FakeMediaDevices, FakeNotifications, RecordingRinger } from '../../test/stores/fake-services.ts';
import { ServerProcess } from '../server/server-process.ts';

const crypto = webcrypto as unknown as Crypto;
const TIMEOUT_MS = 10_000;
/** Peers PUBLISHing at once while the bench prepares. */
const PUBLISH_WINDOW = 8;

export interface ColdFetchSample {
  peer: string;
  /** watchCertificate() called (the SUBSCRIBE leaves) -> the certificate NOTIFY delivered by the SipClient. */
  notify: number;
  /** NOTIFY delivered -> the checker's verdict (Identity, authentication service certificate, section 10.3). */
  check: number;
  /** Verdict -> the verified entry written to the certificate cache. */
  cache: number;
  /** watchCertificate() -> the verified cache entry: the cold fetch. */
  total: number;
}

export interface ColdFetchResult {
  /** The first peer after sign-in (crypto core loaded, authentication service certificate fetched). */
  first: ColdFetchSample;
  samples: ColdFetchSample[];
  /** PUBLISHing the N + 1 credentials beforehand, ms. */
  prepareMs: number;
}

interface Timing {
  watch: number;
  notify?: number;
  checkStart?: number;
  checkEnd?: number;
  cached?: number;
  verdict?: string;
}

const peerName = (i: number) => `peer${String(i).padStart(3, '0')}`;
const aorOf = (name: string) => `sip:${name}@${TEST_DOMAIN}`;
const passwordOf = (name: string) => `${name}-bench-pw`;

/** Each peer REGISTERs and PUBLISHes a credential made by the app's createDeviceKey, a few peers at a time. */
async function publishPeers(port: number, names: string[]): Promise<void> {
  const services = await loadCredentialServices();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const key = await services.createDeviceKey(aorOf(name), 'bench peer passphrase', crypto, { iterations: 1000 });
      const body = services.credentialBodyOf(key, crypto);
      const user = await SipUser.connect('ws', port, name, passwordOf(name), TEST_DOMAIN);
      try {
        const registered = await user.register();
        if (registered.status !== 200) throw new Error(`REGISTER ${name}: ${registered.status} ${registered.reason}`);
        const published = await user.send({
          method: 'PUBLISH',
          uri: user.aor,
          to: `<${user.aor}>`,
          headers: { Event: 'credential', Expires: '3600', 'Content-Type': body.contentType },
          body: Buffer.from(body.text, 'latin1'),
        });
        if (published.status !== 200) throw new Error(`PUBLISH ${name}: ${published.status} ${published.reason}`);
      } finally {
        user.close();
      }
    }
  };
  await Promise.all(Array.from({ length: PUBLISH_WINDOW }, worker));
}

/** The softphone's store over the real JsSIP client, with each step of a certificate fetch timed from outside. */
function watcherStore(timings: Map<string, Timing>): { store: AppStore; sip: ReturnType<typeof createJsSipClient> } {
  const trace = new SipTrace();
  const sip = createJsSipClient({
    crypto,
    socketFactory: (url) => new NodeWebSocketSocket(url, trace) as unknown as Socket,
    getUserMedia: async () => fakeMediaStream(),
    log: silentLogger,
  });
  const timed = (uri: string): Timing | undefined => timings.get(uri);
  sip.on('notify', (n) => {
    const t = n.event === 'certificate' ? timed(n.target) : undefined;
    if (t && t.notify === undefined) t.notify = performance.now();
  });
  const cache: CertificateCache = createMemoryCertificateCache();
  const timedCache: CertificateCache = {
    get: (key) => cache.get(key),
    delete: (key) => cache.delete(key),
    put: async (key: string, value: CachedCertificate) => {
      await cache.put(key, value);
      const t = timed(value.subscribedUri);
      if (t && t.cached === undefined && value.revokedAt === undefined) t.cached = performance.now();
    },
  };
  // The crypto core the browser loads lazily, with its checker's check() timed.
  const credentials = async (): Promise<CredentialServices> => {
    const services = await loadCredentialServices();
    return {
      ...services,
      createPeerCertificateChecker: (options) => {
        const checker = services.createPeerCertificateChecker(options);
        return {
          ...checker,
          check: async (aor, message) => {
            const t = timed(aor);
            if (t && t.checkStart === undefined) t.checkStart = performance.now();
            const verdict = await checker.check(aor, message);
            if (t && t.checkEnd === undefined) {
              t.checkEnd = performance.now();
              t.verdict = verdict.kind === 'rejected' ? `rejected: ${verdict.reason}` : verdict.kind;
            }
            return verdict;
          },
        };
      },
    };
  };
  const store = createAppStore({
    browserCheck: { run: async () => ({ steps: [] }) },
    sip,
    settings: createSettingsStorage(createMemoryKeyValueStorage()),
    directory: createMemoryDirectory(),
    messageHistory: createMessageHistory(createMemoryHistoryRecords(), crypto),
    mediaDevices: new FakeMediaDevices(),
    ringer: new RecordingRinger(),
    notifications: new FakeNotifications(),
    crypto,
    credentials,
    deviceKeys: createMemoryDeviceKeyStore(),
    certificateCache: timedCache,
    authServiceCertificates: createAuthServiceCertificates({ fetch: (url, init) => fetch(url, init) }),
    defaultServerUrl: 'ws://127.0.0.1:1/sip',
    now: () => Date.now(),
  });
  return { store, sip };
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`cold certificate fetch: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** One cold fetch: watchCertificate(peer) -> the verified entry in the certificate cache. */
async function fetchOne(store: AppStore, timings: Map<string, Timing>, peer: string): Promise<ColdFetchSample> {
  const t: Timing = { watch: performance.now() };
  timings.set(peer, t);
  store.getState().watchCertificate(peer);
  await until(`the verified certificate of ${peer} in the cache`, () => t.cached !== undefined || (t.verdict !== undefined && t.verdict !== 'verified'));
  if (t.verdict !== 'verified' || t.notify === undefined || t.checkStart === undefined || t.checkEnd === undefined || t.cached === undefined) {
    throw new Error(`cold certificate fetch of ${peer}: ${t.verdict ?? 'no verdict'}`);
  }
  return { peer, notify: t.notify - t.watch, check: t.checkEnd - t.notify, cache: t.cached - t.checkEnd, total: t.cached - t.watch };
}

export async function coldCertificateFetch(peers: number): Promise<ColdFetchResult> {
  const names = Array.from({ length: peers + 1 }, (_, i) => peerName(i));
  const users: Record<string, string> = { watcher: passwordOf('watcher') };
  for (const name of names) users[name] = passwordOf(name);
  const server = await ServerProcess.start(users);
  const release = installWebRtcStandIns();
  let store: AppStore | undefined;
  try {
    const began = performance.now();
    await publishPeers(server.httpPort, names);
    const prepareMs = performance.now() - began;

    const timings = new Map<string, Timing>();
    const watcher = watcherStore(timings);
    store = watcher.store;
    await store.getState().signIn({ serverUrl: `ws://127.0.0.1:${server.httpPort}/sip`, aor: `watcher@${TEST_DOMAIN}`, password: passwordOf('watcher'), rememberPassword: false });
    if (store.getState().session.status !== 'signed-in') throw new Error(`the watcher could not sign in: ${JSON.stringify(store.getState().session.failure)}`);
    // Let the sign-in's own work (the own credential subscription, "Protect your key") settle first.
    await until('the own key check', () => store!.getState().ownKey.status !== 'checking' && store!.getState().ownKey.status !== 'idle');
    await server.idle();

    const first = await fetchOne(store, timings, aorOf(names[0]!));
    const samples: ColdFetchSample[] = [];
    for (const name of names.slice(1)) samples.push(await fetchOne(store, timings, aorOf(name)));
    return { first, samples, prepareMs };
  } finally {
    if (store) {
      await store.getState().signOut().catch(() => undefined);
      store.dispose();
    }
    release();
    await server.stop();
  }
}
