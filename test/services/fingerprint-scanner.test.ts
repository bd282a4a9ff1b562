/**
 * Reading a fingerprint QR code from camera frames (src/services/fingerprint-scanner.ts): codes drawn with uqr, the
 * library the app draws its own code with, in the format the Security page writes (src/core/x509/fingerprint-qr.ts).
 */
import { describe, expect, it } from 'vitest';
import { fingerprintQrText, parseFingerprintQr } from '../../src/core/x509/fingerprint-qr.ts';
import { readFingerprintFrame } from '../../src/services/fingerprint-scanner.ts';
import { qrLuma, rgbaOf, y4mOf } from '../../e2e/support/fingerprint-camera.ts';

const FINGERPRINT = '86:54:17:32:AC:14:75:22:23:4A:06:91:16:ED:8D:91:C6:0F:81:D6:D7:BE:2F:47:1C:CF:A2:FD:1A:13:B2:89';

describe('fingerprint QR codes', () => {
  it('the text format: written and read back, lower case and without colons too; anything else is not one', () => {
    expect(fingerprintQrText(FINGERPRINT.toLowerCase())).toBe(`SHA256:${FINGERPRINT}`);
    expect(parseFingerprintQr(`SHA256:${FINGERPRINT}`)).toBe(FINGERPRINT);
    expect(parseFingerprintQr(`sha256:${FINGERPRINT.replace(/:/g, '').toLowerCase()}`)).toBe(FINGERPRINT);
    for (const text of ['', 'https://example.test', `SHA1:${FINGERPRINT}`, `SHA256:${FINGERPRINT.slice(3)}`, `SHA256:${FINGERPRINT.replace('86', 'XY')}`]) expect(parseFingerprintQr(text)).toBeNull();
  });

  it('reads the fingerprint from a frame, also inverted', () => {
    const picture = qrLuma(fingerprintQrText(FINGERPRINT));
    expect(readFingerprintFrame(rgbaOf(picture))).toEqual({ kind: 'fingerprint', fingerprintHex: FINGERPRINT });
    const inverted = { ...picture, luma: picture.luma.map((v) => 255 - v) };
    expect(readFingerprintFrame(rgbaOf(inverted))).toEqual({ kind: 'fingerprint', fingerprintHex: FINGERPRINT });
  });

  it('a frame without a code, and a code that is not a fingerprint', () => {
    expect(readFingerprintFrame(rgbaOf({ width: 64, height: 48, luma: new Uint8Array(64 * 48).fill(255) }))).toEqual({ kind: 'nothing' });
    expect(readFingerprintFrame(rgbaOf(qrLuma('https://example.test/')))).toEqual({ kind: 'not-a-fingerprint', text: 'https://example.test/' });
  });

  it('the fake camera file: a 4:2:0 Y4M header, then frames of Y, U and V planes', () => {
    const y4m = y4mOf(qrLuma('x', 64, 64, 2), 2);
    const header = 'YUV4MPEG2 W64 H64 F30:1 Ip A1:1 C420jpeg\n';
    expect(new TextDecoder().decode(y4m.slice(0, header.length))).toBe(header);
    const frame = 'FRAME\n'.length + 64 * 64 * 1.5;
    expect(y4m.length).toBe(header.length + 2 * frame);
    expect(new TextDecoder().decode(y4m.slice(header.length + frame, header.length + frame + 6))).toBe('FRAME\n');
  });
});
