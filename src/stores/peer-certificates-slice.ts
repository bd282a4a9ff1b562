/**
 * Peers' certificates as the UI shows them (RFC 6072 section 4): "Verified", "No certificate", "Rejected: <reason>",
 * with the fingerprint and the change warning. The peer certificate directory (services/peer-certificate-directory.ts)
 * subscribes, checks each NOTIFY and caches; this slice mirrors its per-peer states (createAppStore wires the mirror)
 * and asks it to watch a peer.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { PeerCertificate, PeerCertificateDirectory } from '../services/peer-certificate-directory.ts';
import type { AppState } from './app-store.ts';

export type { PeerCertificate } from '../services/peer-certificate-directory.ts';

export interface PeerCertificatesSlice {
  peerCertificates: { byPeer: Readonly<Record<string, PeerCertificate>> };
  /** Subscribes to a peer's certificate once (idempotent); shows the cached one meanwhile. */
  watchCertificate: (aor: string) => void;
}

export const createPeerCertificatesSlice =
  (directory: PeerCertificateDirectory): StateCreator<AppState, [], [], PeerCertificatesSlice> =>
  () => ({
    peerCertificates: { byPeer: directory.byPeer },
    watchCertificate: (aor) => directory.watch(aor),
  });

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
