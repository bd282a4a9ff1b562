/**
 * The camera and the QR decoder behind "Scan a fingerprint" (the Security page): the camera is opened here, never by
 * a component (docs/style.md, "Stores as slices"), and each frame the UI grabs is decoded with jsQR (pure JS, no WASM
 * fetched at run time) and read as a fingerprint QR (src/core/x509/fingerprint-qr.ts).
 */
import jsQR from 'jsqr';
import { parseFingerprintQr } from '../core/x509/fingerprint-qr.ts';

/** One frame as RGBA pixels (an ImageData fits). */
export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** What one frame held: nothing readable, a QR code that is not a fingerprint, or a fingerprint `AB:12:...`. */
export type FrameReading = { kind: 'nothing' } | { kind: 'not-a-fingerprint'; text: string } | { kind: 'fingerprint'; fingerprintHex: string };

/** Decodes one frame (both polarities: a dark-mode screen shows the code inverted). */
export function readFingerprintFrame(frame: Frame): FrameReading {
  const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' });
  if (!code) return { kind: 'nothing' };
  const fingerprintHex = parseFingerprintQr(code.data);
  return fingerprintHex ? { kind: 'fingerprint', fingerprintHex } : { kind: 'not-a-fingerprint', text: code.data };
}

export interface FingerprintScanner {
  /** Opens the camera (the back one on a phone). */
  openCamera(): Promise<MediaStream>;
  read(frame: Frame): FrameReading;
}

export function createFingerprintScanner(mediaDevices: Pick<MediaDevices, 'getUserMedia'> | undefined = globalThis.navigator?.mediaDevices): FingerprintScanner {
  return {
    openCamera: async () => {
      if (!mediaDevices) throw new Error('This browser gives no access to a camera.');
      return mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    },
    read: readFingerprintFrame,
  };
}
