/**
 * Peers' verified certificates kept on this device, by the subscribed URI only (RFC 6072 section 10.3), with their
 * validity, so a server that is down does not take them away before they expire.
 */
import { createBrowserKeyedStore, createMemoryKeyedStore, type KeyedStore } from './idb-store.ts';

export interface CachedCertificate {
  /** The URI subscribed to, the cache key (with the owner): `sip:bob@example.test`. */
  subscribedUri: string;
  certificateDer: Uint8Array;
  fingerprintHex: string;
  notBefore: number;
  notAfter: number;
  verifiedAt: number;
  /** When an empty NOTIFY said it was revoked; the entry stays for RFC 6072 section 10.8's change warning only. */
  revokedAt?: number;
  /**
   * The certificate this one replaced early (RFC 6072 section 10.8), while the person has not acknowledged the change:
   * the warning comes back after a reload until they do.
   */
  changedFrom?: { fingerprintHex: string; notAfter: number };
}

export type CertificateCache = KeyedStore<CachedCertificate>;
export const createMemoryCertificateCache = (): CertificateCache => createMemoryKeyedStore<CachedCertificate>();
export const createBrowserCertificateCache = (): CertificateCache => createBrowserKeyedStore<CachedCertificate>('sealphone-peer-certificates');
