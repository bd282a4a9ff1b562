import { useEffect, useRef } from 'react';
import { useAppStore } from './store-context.tsx';
import { displayAor } from '../stores/sip-address.ts';
import type { ScanResult } from '../stores/fingerprint-scan-slice.ts';
import { MarkAsVerified } from './PeerCertificate.tsx';

/** Frames a second handed to the QR reader: enough to feel instant, little enough to leave the call its CPU. */
const FRAMES_PER_SECOND = 8;

/**
 * "Scan a fingerprint" (QA contract, /tmp/qa-trust.md): the camera's picture, each frame drawn to a canvas and handed to
 * the store's reader, then "Matches <peer>'s key" (with "Mark as verified") or "Does not match …" (status "Scan
 * result"). The camera is opened and closed by the store's scanner service, never here.
 */
export function FingerprintScanner() {
  const scan = useAppStore((s) => s.fingerprintScan);
  const start = useAppStore((s) => s.startFingerprintScan);
  const stop = useAppStore((s) => s.stopFingerprintScan);
  useEffect(() => stop, [stop]);
  return (
    <div className="scanner">
      {scan.status === 'scanning' || scan.status === 'opening' ? (
        <>
          <p className="small muted">Point the camera at the QR code on the other person's Security page.</p>
          {scan.stream && <CameraFrames stream={scan.stream} />}
          {scan.notAFingerprint && <p className="small">That QR code is not a SealPhone fingerprint.</p>}
          <button type="button" onClick={stop}>
            Stop scanning
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()}>
          Scan a fingerprint
        </button>
      )}
      {scan.status === 'failed' && (
        <p className="error small" role="alert">
          {scan.error}
        </p>
      )}
      {scan.result && <ScanOutcome result={scan.result} />}
    </div>
  );
}

function ScanOutcome({ result }: { result: ScanResult }) {
  const cert = useAppStore((s) => (result.peer ? s.peerCertificates.byPeer[result.peer] : undefined));
  const marked = cert?.status === 'verified' && cert.fingerprintHex.toUpperCase() === result.fingerprintHex && cert.verifiedByYou;
  const text =
    result.kind === 'match' ? `Matches ${displayAor(result.peer)}'s key` : result.peer ? `Does not match ${displayAor(result.peer)}'s key` : 'Does not match any key this device knows';
  return (
    <div className={result.kind === 'match' ? 'small' : 'warning small'}>
      <p role="status" aria-label="Scan result">
        {text}
      </p>
      {result.kind === 'match' && !marked && <MarkAsVerified peer={result.peer} fingerprintHex={result.fingerprintHex} method="qr" />}
      {result.kind === 'match' && marked && <p className="muted">Verified by you.</p>}
    </div>
  );
}

/** The camera's picture, and its frames to the store's reader. */
function CameraFrames({ stream }: { stream: MediaStream }) {
  const video = useRef<HTMLVideoElement>(null);
  const scanFrame = useAppStore((s) => s.scanFrame);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    el.srcObject = stream;
    void el.play().catch(() => undefined);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const timer = setInterval(() => {
      if (!context || el.readyState < el.HAVE_CURRENT_DATA || el.videoWidth === 0) return;
      canvas.width = el.videoWidth;
      canvas.height = el.videoHeight;
      context.drawImage(el, 0, 0);
      scanFrame(context.getImageData(0, 0, canvas.width, canvas.height));
    }, 1000 / FRAMES_PER_SECOND);
    return () => {
      clearInterval(timer);
      el.srcObject = null;
    };
  }, [stream, scanFrame]);
  return <video ref={video} aria-label="Camera" muted playsInline />;
}
