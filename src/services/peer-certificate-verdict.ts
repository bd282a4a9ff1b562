/**
 * What one checked `certificate` NOTIFY (RFC 6072 section 4) means for a peer: the state the UI shows ("Verified",
 * "No certificate", "Rejected: <reason>"), the certificate kept for use, and what the cache on this device keeps. A
 * certificate that replaces one still far from its end carries a warning (RFC 6072 section 10.8); an empty NOTIFY
 * marks the cached one revoked, kept only so that such a replacement is still noticed.
 */
import { fromHex } from '../core/bytes.ts';
import { assessCertificateChange } from '../core/credentials/certificate-change.ts';
import type { CertificateNotifyVerdict } from '../core/credentials/certificate-verdict.ts';
import type { CachedCertificate } from './certificate-cache.ts';

/** A peer's certificate as the UI shows it. */
export type PeerCertificate =
  | { status: 'checking' }
  | { status: 'verified'; fingerprintHex: string; fingerprint: string; notAfter: number; cached: boolean; warning?: string }
  | { status: 'none' }
  | { status: 'rejected'; reason: string; message: string };

export interface VerdictInput {
  /** The subscribed URI (`sip:bob@example.test`). */
  aor: string;
  verdict: CertificateNotifyVerdict;
  /** The cache entry before this NOTIFY (revoked ones included). */
  previous: CachedCertificate | undefined;
  /** The state shown before this NOTIFY. */
  shown: PeerCertificate | undefined;
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

export function outcomeOfVerdict({ aor, verdict, previous, shown, readableFingerprint, now }: VerdictInput): VerdictOutcome {
  if (verdict.kind === 'rejected') return { state: { status: 'rejected', reason: verdict.reason, message: verdict.message }, verified: null };
  if (verdict.kind === 'no-certificate') {
    const revoked = previous && previous.revokedAt === undefined ? { ...previous, revokedAt: now } : undefined;
    return { state: { status: 'none' }, verified: null, ...(revoked ? { cacheEntry: revoked } : {}) };
  }
  const cert = verdict.certificate;
  const change = previous
    ? assessCertificateChange(
        { fingerprintSha256: fromHex(previous.fingerprintHex.replace(/:/g, '')), notBefore: new Date(previous.notBefore), notAfter: new Date(previous.notAfter) },
        cert,
        () => new Date(now),
      )
    : 'first';
  const keptWarning = change === 'same' && shown?.status === 'verified' ? shown.warning : undefined;
  const warning =
    change === 'changed-early'
      ? `The certificate of ${aor.replace(/^sips?:/, '')} changed although the old one was valid until ${new Date(previous!.notAfter).toLocaleDateString()}. Compare the new fingerprint with them before you trust it.`
      : keptWarning;
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
    },
  };
}
