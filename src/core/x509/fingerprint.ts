/** Certificate fingerprints: a hash over the whole DER certificate, shown the way openssl shows them. */
import { toHex } from '../bytes.ts';
import { digest } from '../digest.ts';

/** SHA-256 over the DER certificate (the hash RFC 8122 / RFC 4572 fingerprints use for new deployments). */
export async function sha256Fingerprint(der: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  return digest('SHA-256', der, crypto);
}

/** Upper-case hex pairs joined by ':', as `openssl x509 -fingerprint` prints them. */
export function formatFingerprint(hash: Uint8Array): string {
  return toHex(hash).toUpperCase().replace(/(..)(?!$)/g, '$1:');
}
