/**
 * What one checked `certificate` NOTIFY (RFC 6072 section 4) means for a peer: the state the UI shows ("Certified by
 * <domain>", "No certificate", "<peer>'s key was revoked", "Rejected: <reason>"), the certificate kept for use, and
 * what the cache on this device keeps. A certificate that replaces one still far from its end carries a warning (RFC
 * 6072 section 10.8) that the cache keeps until the person acknowledges it: a reload must not silently trust the new
 * key. An empty NOTIFY marks the cached one revoked, kept so that a replacement is still noticed and the revocation is
 * worded as one.
 */
import { fromHex } from '../core/bytes.ts';
import { assessCertificateChange } from '../core/credentials/certificate-change.ts';
import type { CertificateNotifyVerdict } from '../core/credentials/certificate-verdict.ts';
import type { CachedCertificate } from './certificate-cache.ts';

/**
 * A peer's certificate as the UI shows it. `verified` means it passed the RFC 6072 section 10.3 check: the peer's
 * domain vouched for it (the UI says "Certified by <domain>"); `verifiedByYou` means the person using this device
 * compared it with the peer and said so.
 */
export type PeerCertificate =
  | { status: 'checking' }
  | { status: 'verified'; fingerprintHex: string; fingerprint: string; notAfter: number; cached: boolean; warning?: string; verifiedByYou?: true }
  | { status: 'none'; revoked?: true }
  | { status: 'rejected'; reason: string; message: string };

export interface VerdictInput {
  /** The subscribed URI (`sip:bob@example.test`). */
  aor: string;
  verdict: CertificateNotifyVerdict;
  /** The cache entry before this NOTIFY (revoked ones included). */
  previous: CachedCertificate | undefined;
  /** `AB12 CD34 ...` from `AB:12:CD:34:...` (the crypto core's, loaded by now). */
  readableFingerprint: (fingerprintHex: string) => string;
  now: number;
}

export interface VerdictOutcome {
  state: PeerCertificate;
  /** The certificate to encrypt to and check signatures with; null when there is none to use. */
  verified: { der: Uint8Array; notAfter: number } | null;
  /** The entry the cache keeps from now on; undefined leaves the cache as it is. */
  cacheEntry?: CachedCertificate;
}

/** The words of an unacknowledged early key change (RFC 6072 section 10.8). */
export function keyChangeWarning(aor: string, oldNotAfter: number): string {
  return `The key of ${aor.replace(/^sips?:/, '')} changed although the old one was valid until ${new Date(oldNotAfter).toLocaleDateString()}. Compare the new fingerprint with them, in person or on a call, before you trust it.`;
}

/** Whether the server's "no certificate" follows one we held: the owner (or someone with their password) removed it. */
const wasRevoked = (previous: CachedCertificate | undefined, now: number): boolean => previous !== undefined && (previous.revokedAt !== undefined || previous.notAfter > now);

export function outcomeOfVerdict({ aor, verdict, previous, readableFingerprint, now }: VerdictInput): VerdictOutcome {
  if (verdict.kind === 'rejected') return { state: { status: 'rejected', reason: verdict.reason, message: verdict.message }, verified: null };
  if (verdict.kind === 'no-certificate') {
    const revoked = previous && previous.revokedAt === undefined ? { ...previous, revokedAt: now } : undefined;
    return { state: wasRevoked(previous, now) ? { status: 'none', revoked: true } : { status: 'none' }, verified: null, ...(revoked ? { cacheEntry: revoked } : {}) };
  }
  const cert = verdict.certificate;
  const change = previous
    ? assessCertificateChange(
        { fingerprintSha256: fromHex(previous.fingerprintHex.replace(/:/g, '')), notBefore: new Date(previous.notBefore), notAfter: new Date(previous.notAfter) },
        cert,
        () => new Date(now),
      )
    : 'first';
  // The change not yet acknowledged: a new one, or the one the cache remembers for this same certificate.
  const changedFrom = change === 'changed-early' ? { fingerprintHex: previous!.fingerprintHex, notAfter: previous!.notAfter } : change === 'same' ? previous?.changedFrom : undefined;
  const warning = changedFrom ? keyChangeWarning(aor, changedFrom.notAfter) : undefined;
  const notAfter = verdict.notAfter.getTime();
  return {
    state: { status: 'verified', fingerprintHex: verdict.fingerprintHex, fingerprint: readableFingerprint(verdict.fingerprintHex), notAfter, cached: false, ...(warning ? { warning } : {}) },
    verified: { der: cert.der, notAfter },
    cacheEntry: {
      subscribedUri: aor,
      certificateDer: cert.der,
      fingerprintHex: verdict.fingerprintHex,
      notBefore: cert.notBefore.getTime(),
      notAfter: cert.notAfter.getTime(),
      verifiedAt: now,
      ...(changedFrom ? { changedFrom } : {}),
    },
  };
}
