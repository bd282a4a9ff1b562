/**
 * The text of a fingerprint QR code, written by the Security page (`QR code of your fingerprint`) and read by its
 * scanner: `SHA256:` and the SHA-256 certificate fingerprint as `openssl x509 -fingerprint -sha256` prints it
 * (`SHA256:AB:12:...`, 32 upper-case hex pairs). The reader also takes lower case and the hex without colons.
 */

const PREFIX = 'SHA256:';

/** `SHA256:AB:12:...` for a fingerprint `AB:12:...` (or `ab12...`). */
export function fingerprintQrText(fingerprintHex: string): string {
  return PREFIX + normalizeFingerprintHex(fingerprintHex);
}

/** `AB:12:...` from the text of a fingerprint QR code; null when the text is not one. */
export function parseFingerprintQr(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.slice(0, PREFIX.length).toUpperCase() !== PREFIX) return null;
  const hex = trimmed.slice(PREFIX.length).replace(/:/g, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? normalizeFingerprintHex(hex) : null;
}

/** Upper-case hex pairs joined by ':' from either form. */
export function normalizeFingerprintHex(fingerprintHex: string): string {
  return fingerprintHex
    .replace(/[:\s]/g, '')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}
