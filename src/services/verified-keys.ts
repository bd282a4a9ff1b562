/**
 * Peers' keys the person using this device compared and marked as verified ("Verified by you"): the fingerprint read
 * aloud or scanned, or the four words of an end-to-end encrypted call. Kept on this device, per signed-in account,
 * keyed by the peer's AOR and the certificate's SHA-256 fingerprint, so a new key (a new fingerprint) is not marked
 * until it is compared again. The server never learns of it and cannot set it.
 */
import { createBrowserKeyedStore, createMemoryKeyedStore, type KeyedStore } from './idb-store.ts';

/** How the person compared the key. */
export type VerificationMethod = 'fingerprint' | 'words' | 'qr';

export interface VerifiedMark {
  /** `sip:bob@example.test`. */
  peer: string;
  /** `AB:12:...`, the certificate's SHA-256 fingerprint. */
  fingerprintHex: string;
  method: VerificationMethod;
  markedAt: number;
}

export type VerifiedKeyStore = KeyedStore<VerifiedMark>;

/** The key of a mark: the owner (signed-in AOR), the peer's AOR and the fingerprint. */
export const verifiedMarkKey = (owner: string, peer: string, fingerprintHex: string): string => `${owner} ${peer} ${fingerprintHex.toUpperCase()}`;

export const createMemoryVerifiedKeyStore = (): VerifiedKeyStore => createMemoryKeyedStore<VerifiedMark>();
export const createBrowserVerifiedKeyStore = (): VerifiedKeyStore => createBrowserKeyedStore<VerifiedMark>('sealphone-verified-keys');
