/**
 * Peers' certificates (RFC 6072 section 4): the softphone subscribes to the `certificate` package of every contact and
 * every peer of a call or message, checks each NOTIFY (services/peer-certificates.ts) and shows the state in words:
 * "Verified", "No certificate", "Rejected: <reason>". A certificate that replaces one still far from its end gets a
 * warning (RFC 6072 section 10.8). Verified certificates are cached on this device by the subscribed URI only and stay
 * usable, while valid, when the server is unreachable.
 */
import type { StateCreator } from 'zustand/vanilla';
import { fromHex } from '../core/bytes.ts';
import { assessCertificateChange } from '../core/credentials/certificate-change.ts';
import type { AuthServiceCertificates } from '../services/auth-service-certificates.ts';
import type { CachedCertificate, CertificateCache } from '../services/certificate-cache.ts';
import type { CredentialServices } from '../services/load-credential-services.ts';
import type { PeerCertificateChecker } from '../services/peer-certificates.ts';
import type { NotifyInfo, SipClient } from '../sip/sip-client.ts';
import type { AppState } from './app-store.ts';
import { peerKey } from './sip-address.ts';

export interface PeerCertificatesDeps {
  sip: SipClient;
  /** The crypto core, loaded on first use (services/load-credential-services.ts). */
  credentials: () => Promise<CredentialServices>;
  authServiceCertificates: AuthServiceCertificates;
  certificateCache: CertificateCache;
  crypto: Crypto;
  now: () => number;
}

export type PeerCertificate =
  | { status: 'checking' }
  | { status: 'verified'; fingerprintHex: string; fingerprint: string; notAfter: number; cached: boolean; warning?: string }
  | { status: 'none' }
  | { status: 'rejected'; reason: string; message: string };

export interface PeerCertificatesSlice {
  peerCertificates: { byPeer: Record<string, PeerCertificate> };
  /** Subscribes to a peer's certificate once (idempotent); shows the cached one meanwhile. */
  watchCertificate: (aor: string) => void;
  receiveCertificateNotify: (notify: NotifyInfo) => Promise<void>;
  resetPeerCertificates: () => void;
  /** The verified certificate (DER) of `aor`, when one is known and inside its validity now. */
  verifiedCertificateDer: (aor: string) => Uint8Array | null;
  /**
   * Watches `aor` (with `refresh`, subscribes anew so the server sends its certificate again: RFC 6072 section 4 after a
   * 493 or 437) and resolves with its verified certificate, or null once it is known to have none, was rejected, or
   * `waitMs` passed.
   */
  awaitCertificate: (aor: string, options: { waitMs: number; refresh?: boolean }) => Promise<Uint8Array | null>;
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

export const createPeerCertificatesSlice =
  (deps: PeerCertificatesDeps): StateCreator<AppState, [], [], PeerCertificatesSlice> =>
  (set, get, api) => {
    const subscribe = (listener: () => void): (() => void) => api.subscribe(listener);
    /** Peer -> subscription id, for this sign-in. */
    let subscriptions = new Map<string, string>();
    let checker: PeerCertificateChecker | null = null;
    const checkerOf = (services: CredentialServices): PeerCertificateChecker =>
      (checker ??= services.createPeerCertificateChecker({
        crypto: deps.crypto,
        authServiceCertificates: deps.authServiceCertificates,
        trustedHosts: () => hostOf(get().session.serverUrl),
        now: () => new Date(deps.now()),
      }));
    const owner = () => get().session.aor;
    const cacheKey = (aor: string) => `${peerKey(owner())} ${aor}`;
    const put = (aor: string, value: PeerCertificate) => set({ peerCertificates: { byPeer: { ...get().peerCertificates.byPeer, [aor]: value } } });
    const usable = (entry: CachedCertificate | undefined): entry is CachedCertificate => entry !== undefined && entry.revokedAt === undefined && entry.notAfter > deps.now();
    const warn = (message: string, error: unknown) => console.warn(`certificates: ${message}`, error);
    /** Verified certificates by peer, with their end (the state keeps only what the UI shows). */
    let verified = new Map<string, { der: Uint8Array; notAfter: number }>();
    const settled = (aor: string): boolean => {
      const status = get().peerCertificates.byPeer[aor]?.status;
      return status !== undefined && status !== 'checking';
    };

    return {
      peerCertificates: { byPeer: {} },
      watchCertificate: (peer) => {
        const aor = peerKey(peer);
        if (!aor || subscriptions.has(aor) || aor === peerKey(owner())) return;
        try {
          subscriptions.set(aor, deps.sip.subscribe(aor, { event: 'certificate', accept: CERTIFICATE_ACCEPT }));
        } catch (error) {
          warn(`cannot subscribe to ${aor}`, error);
          return;
        }
        if (!get().peerCertificates.byPeer[aor]) put(aor, { status: 'checking' });
        Promise.all([deps.certificateCache.get(cacheKey(aor)), deps.credentials()]).then(
          ([entry, services]) => {
            if (usable(entry) && get().peerCertificates.byPeer[aor]?.status === 'checking') {
              verified.set(aor, { der: entry.certificateDer, notAfter: entry.notAfter });
              put(aor, { status: 'verified', fingerprintHex: entry.fingerprintHex, fingerprint: services.readableFingerprint(entry.fingerprintHex), notAfter: entry.notAfter, cached: true });
            }
          },
          (error: unknown) => warn('cannot read the cache', error),
        );
      },
      receiveCertificateNotify: async (notify) => {
        if (notify.event !== 'certificate') return;
        const aor = peerKey(notify.target);
        if (subscriptions.get(aor) !== notify.subscriptionId) return;
        const services = await deps.credentials();
        const verdict = await checkerOf(services).check(aor, notify.message);
        if (subscriptions.get(aor) !== notify.subscriptionId) return;
        const key = cacheKey(aor);
        const previous = await deps.certificateCache.get(key).catch(() => undefined);
        if (verdict.kind !== 'verified') verified.delete(aor);
        if (verdict.kind === 'rejected') {
          put(aor, { status: 'rejected', reason: verdict.reason, message: verdict.message });
          return;
        }
        if (verdict.kind === 'no-certificate') {
          put(aor, { status: 'none' });
          if (previous && previous.revokedAt === undefined) await deps.certificateCache.put(key, { ...previous, revokedAt: deps.now() }).catch((e: unknown) => warn('cannot update the cache', e));
          return;
        }
        const cert = verdict.certificate;
        const change = previous
          ? assessCertificateChange(
              { fingerprintSha256: fromHex(previous.fingerprintHex.replace(/:/g, '')), notBefore: new Date(previous.notBefore), notAfter: new Date(previous.notAfter) },
              cert,
              () => new Date(deps.now()),
            )
          : 'first';
        const earlier = get().peerCertificates.byPeer[aor];
        const keptWarning = change === 'same' && earlier?.status === 'verified' ? earlier.warning : undefined;
        const warning =
          change === 'changed-early'
            ? `The certificate of ${aor.replace(/^sips?:/, '')} changed although the old one was valid until ${new Date(previous!.notAfter).toLocaleDateString()}. Compare the new fingerprint with them before you trust it.`
            : keptWarning;
        verified.set(aor, { der: cert.der, notAfter: verdict.notAfter.getTime() });
        put(aor, { status: 'verified', fingerprintHex: verdict.fingerprintHex, fingerprint: services.readableFingerprint(verdict.fingerprintHex), notAfter: verdict.notAfter.getTime(), cached: false, ...(warning ? { warning } : {}) });
        const entry: CachedCertificate = {
          subscribedUri: aor,
          certificateDer: cert.der,
          fingerprintHex: verdict.fingerprintHex,
          notBefore: cert.notBefore.getTime(),
          notAfter: cert.notAfter.getTime(),
          verifiedAt: deps.now(),
        };
        await deps.certificateCache.put(key, entry).catch((e: unknown) => warn('cannot update the cache', e));
      },
      verifiedCertificateDer: (peer) => {
        const entry = verified.get(peerKey(peer));
        return entry && entry.notAfter > deps.now() && get().peerCertificates.byPeer[peerKey(peer)]?.status === 'verified' ? entry.der : null;
      },
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
        get().watchCertificate(aor);
        if (!settled(aor)) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, waitMs);
            const off = subscribe(() => {
              if (settled(aor)) done();
            });
            function done(): void {
              clearTimeout(timer);
              off();
              resolve();
            }
          });
        }
        return get().verifiedCertificateDer(aor);
      },
      resetPeerCertificates: () => {
        verified = new Map();
        subscriptions = new Map();
        set({ peerCertificates: { byPeer: {} } });
      },
    };
  };

const CHECKING: PeerCertificate = { status: 'checking' };

export const peerCertificateSelectors = {
  of: (aor: string | null) => (s: AppState) => (aor ? (s.peerCertificates.byPeer[aor] ?? CHECKING) : CHECKING),
};

/** "Verified", "No certificate", "Rejected: <reason>", "Checking…" (QA contract, docs/qa.md). */
export function peerCertificateText(c: PeerCertificate): string {
  switch (c.status) {
    case 'verified':
      return 'Verified';
    case 'none':
      return 'No certificate';
    case 'rejected':
      return `Rejected: ${c.message}`;
    default:
      return 'Checking…';
  }
}
