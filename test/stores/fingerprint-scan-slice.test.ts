/**
 * "Scan a fingerprint" in the store: the camera opened through the scanner service and closed once a fingerprint is
 * read, the fingerprint compared with the open conversation's peer (or every known key), a match markable "Verified
 * by you". Frames here are drawn with uqr (e2e/support/fingerprint-camera.ts) and read by the real jsQR reader.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintQrText } from '../../src/core/x509/fingerprint-qr.ts';
import { readFingerprintFrame, type FingerprintScanner } from '../../src/services/fingerprint-scanner.ts';
import { qrLuma, rgbaOf } from '../../e2e/support/fingerprint-camera.ts';
import { signedIn } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';
const BOB_KEY = 'AB:'.repeat(31) + 'CD';
const OTHER_KEY = 'CD:'.repeat(31) + 'AB';
const frameOf = (text: string) => rgbaOf(qrLuma(text));

async function scanning() {
  const stopped: string[] = [];
  const stream = { getTracks: () => [{ stop: () => stopped.push('video') }] } as unknown as MediaStream;
  const scanner: FingerprintScanner = { openCamera: async () => stream, read: readFingerprintFrame };
  const { store, deps } = await signedIn({ fingerprintScanner: scanner });
  await deps.certificateCache.put(`sip:alice@sealphone.test ${BOB}`, { subscribedUri: BOB, certificateDer: new Uint8Array([0x30]), fingerprintHex: BOB_KEY, notBefore: 0, notAfter: Date.now() + 86_400_000, verifiedAt: 1 });
  store.getState().setTarget('bob');
  await expect.poll(() => store.getState().peerCertificates.byPeer[BOB]?.status).toBe('verified');
  await store.getState().startFingerprintScan();
  expect(store.getState().fingerprintScan).toMatchObject({ status: 'scanning', stream });
  return { store, stopped };
}

describe('scan a fingerprint', () => {
  it("matches bob's key: the camera closes, and the key can be marked verified by you", async () => {
    const { store, stopped } = await scanning();
    store.getState().scanFrame(frameOf('https://example.test/'));
    expect(store.getState().fingerprintScan).toMatchObject({ status: 'scanning', notAFingerprint: true });
    store.getState().scanFrame(frameOf(fingerprintQrText(BOB_KEY)));
    expect(store.getState().fingerprintScan).toMatchObject({ status: 'done', stream: null, result: { kind: 'match', peer: BOB, fingerprintHex: BOB_KEY } });
    expect(stopped).toEqual(['video']);
    expect(await store.getState().markPeerVerified(BOB, BOB_KEY, 'qr')).toBe(true);
    expect(store.getState().peerCertificates.byPeer[BOB]).toMatchObject({ verifiedByYou: true });
  });

  it('another fingerprint does not match', async () => {
    const { store } = await scanning();
    store.getState().scanFrame(frameOf(fingerprintQrText(OTHER_KEY)));
    expect(store.getState().fingerprintScan.result).toEqual({ kind: 'mismatch', peer: BOB, fingerprintHex: OTHER_KEY });
  });

  it('without a conversation open, compared with every known key', async () => {
    const { store } = await scanning();
    store.getState().setTarget('');
    store.getState().scanFrame(frameOf(fingerprintQrText(BOB_KEY)));
    expect(store.getState().fingerprintScan.result).toEqual({ kind: 'match', peer: BOB, fingerprintHex: BOB_KEY });
  });

  it('stopping closes the camera; no scanner: the scan says so', async () => {
    const { store, stopped } = await scanning();
    store.getState().stopFingerprintScan();
    expect(stopped).toEqual(['video']);
    expect(store.getState().fingerprintScan.status).toBe('idle');
    const { store: noCamera } = await signedIn();
    await noCamera.getState().startFingerprintScan();
    expect(noCamera.getState().fingerprintScan).toMatchObject({ status: 'failed', error: 'The camera could not be opened: This browser gives no access to a camera.' });
  });
});
