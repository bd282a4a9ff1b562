/**
 * Peers' certificates as the UI shows them (RFC 6072 section 4; the words: src/ui/trust-words.ts), with the
 * fingerprint, the change warning until the person acknowledges it, and their own "Verified by you" mark. The peer certificate directory (services/peer-certificate-directory.ts)
 * subscribes, checks each NOTIFY and caches; this slice mirrors its per-peer states (createAppStore wires the mirror)
 * and asks it to watch a peer.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { PeerCertificate, PeerCertificateDirectory } from '../services/peer-certificate-directory.ts';
import type { AppState } from './app-store.ts';

import type { VerificationMethod } from '../services/verified-keys.ts';

export type { PeerCertificate } from '../services/peer-certificate-directory.ts';
export type { VerificationMethod } from '../services/verified-keys.ts';

export interface PeerCertificatesSlice {
  peerCertificates: { byPeer: Readonly<Record<string, PeerCertificate>> };
  /** Subscribes to a peer's certificate once (idempotent); shows the cached one meanwhile. */
  watchCertificate: (aor: string) => void;
  /** The person compared the key `fingerprintHex` of `aor` with them and marks it "Verified by you". */
  markPeerVerified: (aor: string, fingerprintHex: string, method: VerificationMethod) => Promise<boolean>;
  unmarkPeerVerified: (aor: string) => Promise<void>;
  /** "I understand" on a key-change warning. */
  acknowledgeKeyChange: (aor: string) => Promise<void>;
}

export const createPeerCertificatesSlice =
  (directory: PeerCertificateDirectory): StateCreator<AppState, [], [], PeerCertificatesSlice> =>
  () => ({
    peerCertificates: { byPeer: directory.byPeer },
    watchCertificate: (aor) => directory.watch(aor),
    markPeerVerified: (aor, fingerprintHex, method) => directory.markVerified(aor, fingerprintHex, method),
    unmarkPeerVerified: (aor) => directory.unmarkVerified(aor),
    acknowledgeKeyChange: (aor) => directory.acknowledgeChange(aor),
  });

const CHECKING: PeerCertificate = { status: 'checking' };

export const peerCertificateSelectors = {
  of: (aor: string | null) => (s: AppState) => (aor ? (s.peerCertificates.byPeer[aor] ?? CHECKING) : CHECKING),
};
