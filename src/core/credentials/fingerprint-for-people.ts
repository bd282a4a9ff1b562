/**
 * A certificate fingerprint written for two people to read to each other: the SHA-256 hash in upper-case hex, in
 * groups of four digits separated by spaces, `AB12 CD34 ...` (16 groups for SHA-256). Four hex digits is how GnuPG
 * prints OpenPGP fingerprints, a form people already compare aloud; the UI may break the line after every fourth
 * group. The colon-separated pairs of `openssl x509 -fingerprint` are the same hash (formatFingerprint in x509/).
 */
import { toHex } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { sha256Fingerprint } from '../x509/index.ts';

/** Hex digits per group. */
export const FINGERPRINT_GROUP_DIGITS = 4;

/** The groups, e.g. `['AB12', 'CD34', ...]`; the hash must be a whole number of groups (2 bytes each). */
export function fingerprintGroups(hash: Uint8Array): string[] {
  if (hash.length === 0 || hash.length % 2 !== 0) throw new CoreError('invalid-argument', `a fingerprint of ${hash.length} bytes cannot be split into groups of 4 hex digits`);
  return toHex(hash).toUpperCase().match(/.{4}/g)!;
}

/** `AB12 CD34 ...`: the groups joined by single spaces. */
export function formatFingerprintForPeople(hash: Uint8Array): string {
  return fingerprintGroups(hash).join(' ');
}

/** The readable SHA-256 fingerprint of a DER certificate. */
export async function certificateFingerprintForPeople(certificateDer: Uint8Array, crypto: Crypto): Promise<string> {
  return formatFingerprintForPeople(await sha256Fingerprint(certificateDer, crypto));
}
