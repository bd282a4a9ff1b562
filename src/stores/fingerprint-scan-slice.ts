/**
 * "Scan a fingerprint" (the Security page): the camera opened by the scanner service, each frame the UI grabs read as
 * a fingerprint QR code, and the fingerprint compared with the key certified for the peer of the open conversation
 * (or, with none open, with every peer's key this device knows). A match can then be marked "Verified by you".
 */
import type { StateCreator } from 'zustand/vanilla';
import type { FingerprintScanner, Frame } from '../services/fingerprint-scanner.ts';
import type { AppState } from './app-store.ts';
import { peerKey } from './sip-address.ts';

export type { Frame } from '../services/fingerprint-scanner.ts';

/** What the scanned fingerprint was compared with, and how it came out. */
export type ScanResult = { kind: 'match'; peer: string; fingerprintHex: string } | { kind: 'mismatch'; peer: string | null; fingerprintHex: string };

export interface FingerprintScanSlice {
  fingerprintScan: {
    status: 'idle' | 'opening' | 'scanning' | 'done' | 'failed';
    stream: MediaStream | null;
    result: ScanResult | null;
    /** The last frame held a QR code that is not a fingerprint. */
    notAFingerprint: boolean;
    error?: string;
  };
  startFingerprintScan: () => Promise<void>;
  /** One camera frame; the camera is closed once a fingerprint is read. */
  scanFrame: (frame: Frame) => void;
  stopFingerprintScan: () => void;
}

const IDLE: FingerprintScanSlice['fingerprintScan'] = { status: 'idle', stream: null, result: null, notAFingerprint: false };

/** The scanned fingerprint against the open conversation's peer, or against every known key. */
export function compareScanned(state: AppState, fingerprintHex: string): ScanResult {
  const byPeer = state.peerCertificates.byPeer;
  const selected = state.directory.selectedPeer ? peerKey(state.directory.selectedPeer) : null;
  const keyOf = (peer: string) => {
    const cert = byPeer[peer];
    return cert?.status === 'verified' ? cert.fingerprintHex.toUpperCase() : null;
  };
  if (selected) return keyOf(selected) === fingerprintHex ? { kind: 'match', peer: selected, fingerprintHex } : { kind: 'mismatch', peer: selected, fingerprintHex };
  const peer = Object.keys(byPeer).find((p) => keyOf(p) === fingerprintHex);
  return peer ? { kind: 'match', peer, fingerprintHex } : { kind: 'mismatch', peer: null, fingerprintHex };
}

export const createFingerprintScanSlice =
  (scanner: FingerprintScanner | undefined): StateCreator<AppState, [], [], FingerprintScanSlice> =>
  (set, get) => {
    const update = (change: Partial<FingerprintScanSlice['fingerprintScan']>) => set({ fingerprintScan: { ...get().fingerprintScan, ...change } });
    const closeCamera = () => get().fingerprintScan.stream?.getTracks().forEach((track) => track.stop());
    return {
      fingerprintScan: IDLE,
      startFingerprintScan: async () => {
        closeCamera();
        set({ fingerprintScan: { ...IDLE, status: 'opening' } });
        try {
          if (!scanner) throw new Error('This browser gives no access to a camera.');
          const stream = await scanner.openCamera();
          if (get().fingerprintScan.status !== 'opening') {
            stream.getTracks().forEach((track) => track.stop());
            return;
          }
          update({ status: 'scanning', stream });
        } catch (error) {
          update({ status: 'failed', error: `The camera could not be opened: ${error instanceof Error ? error.message : String(error)}` });
        }
      },
      scanFrame: (frame) => {
        if (!scanner || get().fingerprintScan.status !== 'scanning') return;
        const reading = scanner.read(frame);
        if (reading.kind === 'nothing') return;
        if (reading.kind === 'not-a-fingerprint') {
          if (!get().fingerprintScan.notAFingerprint) update({ notAFingerprint: true });
          return;
        }
        closeCamera();
        update({ status: 'done', stream: null, notAFingerprint: false, result: compareScanned(get(), reading.fingerprintHex) });
      },
      stopFingerprintScan: () => {
        closeCamera();
        set({ fingerprintScan: IDLE });
      },
    };
  };
