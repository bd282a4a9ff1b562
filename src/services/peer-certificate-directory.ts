/**
 * The peer certificate directory (RFC 6072 section 4): one subscription to the `certificate` package of each peer the
 * app watches (every contact, every peer of a call or message), each NOTIFY checked (peer-certificates.ts, RFC 6072
 * section 10.3) and turned into a state (peer-certificate-verdict.ts), and the verified certificates the secure layer
 * encrypts to. Verified certificates are cached on this device by the subscribed URI only and stay usable, while
 * valid, when the server is unreachable: a cached one is shown (and used) until the server answers.
 *
 * The person's own judgement sits beside the server's: a key they compared and marked ("Verified by you",
 * verified-keys.ts) and an early key change they have not acknowledged yet (kept in the cache entry).
 *
 * The per-peer states are observable (`byPeer`, `onChange`): the peer certificates slice mirrors them for the UI.
 */
import type { AuthServiceCertificates } from './auth-service-certificates.ts';
import type { CachedCertificate, CertificateCache } from './certificate-cache.ts';
import type { CredentialServices } from './load-credential-services.ts';
import { keyChangeWarning, outcomeOfVerdict, type PeerCertificate } from './peer-certificate-verdict.ts';
import { createMemoryVerifiedKeyStore, verifiedMarkKey, type VerificationMethod, type VerifiedKeyStore } from './verified-keys.ts';
import type { NotifyIdentityVerdict } from '../core/credentials/check-certificate-notify.ts';
import type { PeerCertificateChecker } from './peer-certificates.ts';
import { peerKey } from './sip-address.ts';
import type { ReceivedNotify, SubscriptionChange, Subscriptions } from './user-agent-port.ts';

export type { PeerCertificate } from './peer-certificate-verdict.ts';

export interface PeerCertificateDirectoryDeps {
  /** The SipClient: it keeps the subscriptions up and reports their NOTIFYs. */
  sip: Subscriptions;
  /** The crypto core, loaded on first use (load-credential-services.ts). */
  credentials: () => Promise<CredentialServices>;
  authServiceCertificates: AuthServiceCertificates;
  certificateCache: CertificateCache;
  /** Keys the person marked as verified; in memory when not given. */
  verifiedKeys?: VerifiedKeyStore;
  crypto: Crypto;
  now: () => number;
}

/** Who is signed in: the cache is kept per account, and the server's own Identity-Info is trusted. */
export interface DirectoryAccount {
  aor: string;
  /** `wss://sip.example.com/sip`. */
  serverUrl: string;
}

export type PeerCertificates = Readonly<Record<string, PeerCertificate>>;

export interface PeerCertificateDirectory {
  /** Signed in as `account` (until `reset`). */
  start(account: DirectoryAccount): void;
  /** Subscribes to a peer's certificate once (idempotent); shows the cached one meanwhile. */
  watch(aor: string): void;
  /** The verified certificate (DER) of `aor`, when one is known and inside its validity now. */
  cached(aor: string): Uint8Array | null;
  /**
   * Watches `aor` (with `refresh`, subscribes anew so the server sends its certificate again: RFC 6072 section 4 after
   * a 493 or 437) and resolves with its verified certificate, or null once it is known to have none, was rejected, or
   * `waitMs` passed.
   */
  awaitCertificate(aor: string, options: { waitMs: number; refresh?: boolean }): Promise<Uint8Array | null>;
  /** The state of every watched peer (a new object after each change). */
  readonly byPeer: PeerCertificates;
  onChange(listener: (byPeer: PeerCertificates) => void): () => void;
  /**
   * Whether a NOTIFY of a subscription to `aor` (the own `credential` subscription too) is signed by a trusted
   * authentication service of its domain over this very message (RFC 6072 section 8), as every certificate NOTIFY is.
   */
  checkIdentity(aor: string, message: Uint8Array): Promise<NotifyIdentityVerdict>;
  /**
   * The person compared the key now shown for `aor` (its fingerprint, or the four words of an end-to-end encrypted
   * call) and marks it "Verified by you"; false when `fingerprintHex` is no longer the key shown.
   */
  markVerified(aor: string, fingerprintHex: string, method: VerificationMethod): Promise<boolean>;
  /** Takes the mark back: the key is only certified by its domain again. */
  unmarkVerified(aor: string): Promise<void>;
  /** The person read the key-change warning of `aor` ("I understand"): it no longer comes back. */
  acknowledgeChange(aor: string): Promise<void>;
  /** Signed out: forgets the subscriptions (the user agent ended them), the states and the verified certificates. */
  reset(): void;
  /** Stops listening to the SipClient. */
  dispose(): void;
}

export const CERTIFICATE_ACCEPT = ['application/pkix-cert'];

/** The host of the signed-in server (`wss://sip.example.com/sip` -> `sip.example.com`): its Identity-Info is trusted. */
function hostOf(serverUrl: string): string[] {
  try {
    return [new URL(serverUrl).hostname];
  } catch {
    return [];
  }
}

const warn = (message: string, error: unknown) => console.warn(`certificates: ${message}`, error);

export function createPeerCertificateDirectory(deps: PeerCertificateDirectoryDeps): PeerCertificateDirectory {
  let account: DirectoryAccount | null = null;
  /** Peer -> subscription id, for this sign-in. */
  let subscriptions = new Map<string, string>();
  /** Verified certificates by peer, with their end (the states keep only what the UI shows). */
  let verified = new Map<string, { der: Uint8Array; notAfter: number }>();
  let byPeer: PeerCertificates = {};
  const listeners = new Set<(byPeer: PeerCertificates) => void>();
  let checker: PeerCertificateChecker | null = null;
  const verifiedKeys = deps.verifiedKeys ?? createMemoryVerifiedKeyStore();

  const checkerOf = (services: CredentialServices): PeerCertificateChecker =>
    (checker ??= services.createPeerCertificateChecker({
      crypto: deps.crypto,
      authServiceCertificates: deps.authServiceCertificates,
      trustedHosts: () => hostOf(account?.serverUrl ?? ''),
      now: () => new Date(deps.now()),
    }));
  const owner = () => peerKey(account?.aor ?? '');
  const cacheKey = (aor: string) => `${owner()} ${aor}`;
  const markKey = (aor: string, fingerprintHex: string) => verifiedMarkKey(owner(), aor, fingerprintHex);
  /** The state with the person's mark, when they marked this very key. */
  const withMark = async (aor: string, state: PeerCertificate): Promise<PeerCertificate> => {
    if (state.status !== 'verified') return state;
    const mark = await verifiedKeys.get(markKey(aor, state.fingerprintHex)).catch(() => undefined);
    return mark ? { ...state, verifiedByYou: true } : state;
  };
  /** The shown state of `aor` when it is the verified key `fingerprintHex`. */
  const shownKey = (aor: string, fingerprintHex: string) => {
    const shown = byPeer[aor];
    return shown?.status === 'verified' && shown.fingerprintHex === fingerprintHex ? shown : undefined;
  };
  const usable = (entry: CachedCertificate | undefined): entry is CachedCertificate => entry !== undefined && entry.revokedAt === undefined && entry.notAfter > deps.now();
  const settled = (aor: string): boolean => {
    const status = byPeer[aor]?.status;
    return status !== undefined && status !== 'checking';
  };
  const emit = (next: PeerCertificates) => {
    byPeer = next;
    for (const listener of [...listeners]) {
      try {
        listener(byPeer);
      } catch (error) {
        warn('a listener failed', error);
      }
    }
  };
  const put = (aor: string, value: PeerCertificate) => emit({ ...byPeer, [aor]: value });

  const watch = (peer: string): void => {
    const aor = peerKey(peer);
    if (!aor || subscriptions.has(aor) || aor === owner()) return;
    try {
      subscriptions.set(aor, deps.sip.subscribe(aor, { event: 'certificate', accept: CERTIFICATE_ACCEPT }));
    } catch (error) {
      warn(`cannot subscribe to ${aor}`, error);
      return;
    }
    if (!byPeer[aor]) put(aor, { status: 'checking' });
    Promise.all([deps.certificateCache.get(cacheKey(aor)), deps.credentials()]).then(
      async ([entry, services]) => {
        if (!usable(entry)) return;
        const warning = entry.changedFrom ? { warning: keyChangeWarning(aor, entry.changedFrom.notAfter) } : {};
        const state = await withMark(aor, { status: 'verified', fingerprintHex: entry.fingerprintHex, fingerprint: services.readableFingerprint(entry.fingerprintHex), notAfter: entry.notAfter, cached: true, ...warning });
        if (byPeer[aor]?.status === 'checking') {
          verified.set(aor, { der: entry.certificateDer, notAfter: entry.notAfter });
          put(aor, state);
        }
      },
      (error: unknown) => warn('cannot read the cache', error),
    );
  };

  /** One NOTIFY of a `certificate` subscription: checked, shown, kept (a NOTIFY of an ended subscription is dropped). */
  const receive = async (notify: ReceivedNotify): Promise<void> => {
    const aor = peerKey(notify.target);
    if (subscriptions.get(aor) !== notify.subscriptionId) return;
    const services = await deps.credentials();
    const verdict = await checkerOf(services).check(aor, notify.message);
    if (subscriptions.get(aor) !== notify.subscriptionId) return;
    const key = cacheKey(aor);
    const previous = await deps.certificateCache.get(key).catch(() => undefined);
    const outcome = outcomeOfVerdict({ aor, verdict, previous, readableFingerprint: services.readableFingerprint, now: deps.now() });
    const state = await withMark(aor, outcome.state);
    if (subscriptions.get(aor) !== notify.subscriptionId) return;
    if (outcome.verified) verified.set(aor, outcome.verified);
    else verified.delete(aor);
    put(aor, state);
    if (outcome.cacheEntry) await deps.certificateCache.put(key, outcome.cacheEntry).catch((e: unknown) => warn('cannot update the cache', e));
  };

  /**
   * RFC 6072 section 4 (seed 002 section 4): a certificate whose subscription the server ended (`rejected`,
   * `noresource`, `deactivated`...) is dropped: not used, and kept on this device only for the change warning. A
   * subscription lost with the connection keeps its certificate as "saved on this device" until it expires.
   */
  const subscriptionChanged = async (aor: string, change: SubscriptionChange): Promise<void> => {
    if (change.state !== 'retrying' && change.state !== 'terminated') return;
    const shown = byPeer[aor];
    if (change.notifierReason === undefined) {
      if (shown?.status === 'verified' && !shown.cached) put(aor, { ...shown, cached: true });
      return;
    }
    verified.delete(aor);
    // The server took away a certificate it gave before: revoked (by its owner, or by someone with their password).
    const hadOne = shown?.status === 'verified' || (shown?.status === 'none' && shown.revoked === true);
    put(aor, change.state === 'retrying' ? { status: 'checking' } : hadOne ? { status: 'none', revoked: true } : { status: 'none' });
    const key = cacheKey(aor);
    const entry = await deps.certificateCache.get(key).catch(() => undefined);
    if (entry && change.state === 'terminated' && byPeer[aor]?.status === 'none') put(aor, { status: 'none', revoked: true });
    if (entry && entry.revokedAt === undefined) await deps.certificateCache.put(key, { ...entry, revokedAt: deps.now() });
  };

  const cached = (peer: string): Uint8Array | null => {
    const aor = peerKey(peer);
    const entry = verified.get(aor);
    return entry && entry.notAfter > deps.now() && byPeer[aor]?.status === 'verified' ? entry.der : null;
  };

  const offNotify = deps.sip.on('notify', (notify) => {
    if (notify.event === 'certificate') receive(notify).catch((error: unknown) => warn(`cannot check the certificate of ${notify.target}`, error));
  });
  const offChange = deps.sip.on('subscription', (change) => {
    const aor = [...subscriptions].find(([, id]) => id === change.id)?.[0];
    if (aor !== undefined) subscriptionChanged(aor, change).catch((error: unknown) => warn(`cannot update the certificate of ${aor}`, error));
  });

  return {
    start: (next) => {
      account = next;
    },
    watch,
    cached,
    markVerified: async (peer, fingerprintHex, method) => {
      const aor = peerKey(peer);
      if (!shownKey(aor, fingerprintHex)) return false;
      await verifiedKeys.put(markKey(aor, fingerprintHex), { peer: aor, fingerprintHex, method, markedAt: deps.now() });
      const shown = shownKey(aor, fingerprintHex);
      if (shown) put(aor, { ...shown, verifiedByYou: true });
      return shown !== undefined;
    },
    unmarkVerified: async (peer) => {
      const aor = peerKey(peer);
      const shown = byPeer[aor];
      if (shown?.status !== 'verified') return;
      await verifiedKeys.delete(markKey(aor, shown.fingerprintHex));
      const now = shownKey(aor, shown.fingerprintHex);
      if (now) {
        const { verifiedByYou: _dropped, ...rest } = now;
        put(aor, rest);
      }
    },
    acknowledgeChange: async (peer) => {
      const aor = peerKey(peer);
      const shown = byPeer[aor];
      if (shown?.status !== 'verified') return;
      const key = cacheKey(aor);
      const entry = await deps.certificateCache.get(key).catch(() => undefined);
      if (entry?.fingerprintHex === shown.fingerprintHex && entry.changedFrom) {
        const { changedFrom: _acknowledged, ...rest } = entry;
        await deps.certificateCache.put(key, rest);
      }
      const now = shownKey(aor, shown.fingerprintHex);
      if (now) {
        const { warning: _read, ...rest } = now;
        put(aor, rest);
      }
    },
    checkIdentity: async (aor, message) => checkerOf(await deps.credentials()).checkIdentity(aor, message),
    awaitCertificate: async (peer, { waitMs, refresh }) => {
      const aor = peerKey(peer);
      if (!aor) return null;
      if (refresh) {
        const old = subscriptions.get(aor);
        if (old) {
          subscriptions.delete(aor);
          deps.sip.unsubscribe(old);
        }
        verified.delete(aor);
        put(aor, { status: 'checking' });
      }
      watch(aor);
      if (!settled(aor)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, waitMs);
          listeners.add(check);
          function check(): void {
            if (settled(aor)) done();
          }
          function done(): void {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        });
      }
      return cached(aor);
    },
    get byPeer() {
      return byPeer;
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    reset: () => {
      account = null;
      verified = new Map();
      subscriptions = new Map();
      emit({});
    },
    dispose: () => {
      offNotify();
      offChange();
      listeners.clear();
    },
  };
}
