/**
 * Peers' certificates as the softphone learns them from `certificate` NOTIFYs (RFC 6072 section 4): each NOTIFY goes
 * through the section 10.3 trust check of src/core/credentials, with the authentication service certificate its
 * Identity-Info names, fetched only from a host allowed to speak for the domain:
 *
 * - the AOR's own domain (over HTTPS the Web PKI vouches for the host: docs/design.md "RFC 4474 details", "fetched
 *   over HTTPS from the domain itself"), or the SIP server the user signed in to (the user chose to trust it), or this
 *   machine (development);
 * - certificates pinned in settings are tried whatever Identity-Info says.
 * Verified certificates are cached (certificate-cache.ts) by the subscribed URI only.
 */
import { checkCertificateNotify, checkNotifyIdentity, type NotifyIdentityVerdict, type TrustedAuthority } from '../core/credentials/check-certificate-notify.ts';
import { rejected, type CertificateNotifyVerdict, type RejectedCertificate } from '../core/credentials/certificate-verdict.ts';
import { isCoreError } from '../core/errors.ts';
import { parseIdentityInfo } from '../core/identity/index.ts';
import { parseSipMessage, type SipRequest } from '../core/sip/index.ts';
import type { AuthServiceCertificates } from './auth-service-certificates.ts';

export interface PeerCertificateCheckerDeps {
  crypto: Crypto;
  authServiceCertificates: AuthServiceCertificates;
  /** Hosts besides the AOR's domain and loopback whose Identity-Info is fetched: the SIP server's host. */
  trustedHosts: () => readonly string[];
  /** Pinned authentication service certificates (DER or PEM), tried for every domain. */
  pinned?: readonly Uint8Array[];
  now?: () => Date;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createPeerCertificateChecker(deps: PeerCertificateCheckerDeps) {
  const now = deps.now ?? (() => new Date());

  const authoritiesFor = async (notify: SipRequest, subscribedUri: string): Promise<TrustedAuthority[] | string> => {
    const authorities: TrustedAuthority[] = (deps.pinned ?? []).map((certificate) => ({ certificate }));
    const header = notify.headers.get('Identity-Info');
    if (header === undefined) return authorities;
    let url: URL;
    try {
      url = new URL(parseIdentityInfo(header).url);
    } catch {
      return authorities; // the core check explains a malformed Identity-Info
    }
    const domain = subscribedUri.replace(/^sips?:[^@]*@/i, '').replace(/[;?].*$/, '').toLowerCase();
    const allowed = url.hostname.toLowerCase() === domain || LOOPBACK.has(url.hostname) || deps.trustedHosts().some((h) => h.toLowerCase() === url.hostname.toLowerCase());
    if (!allowed) {
      return authorities.length > 0 ? authorities : `The answer about ${subscribedUri} is vouched for by ${url.host}, which may not speak for ${domain}.`;
    }
    try {
      authorities.push({ certificate: await deps.authServiceCertificates.fetch(url.href), identityInfoUrl: url.href });
    } catch (error) {
      if (authorities.length === 0) return `The authentication service certificate for ${domain} could not be fetched: ${isCoreError(error) ? error.message : String(error)}.`;
    }
    return authorities;
  };

  /** The NOTIFY parsed, its authorities, or the rejection. */
  const prepare = async (subscribedUri: string, message: Uint8Array): Promise<{ notify: SipRequest; authorities: TrustedAuthority[] } | RejectedCertificate> => {
    let notify: SipRequest;
    try {
      const parsed = parseSipMessage(message);
      if (parsed.kind !== 'request') throw new TypeError('not a request');
      notify = parsed;
    } catch (error) {
      return rejected('malformed', `The answer about ${subscribedUri} is not a readable SIP NOTIFY.`, error);
    }
    const authorities = await authoritiesFor(notify, subscribedUri);
    if (typeof authorities === 'string') return rejected('unknown-authentication-service', authorities);
    return { notify, authorities };
  };

  return {
    /** The trust verdict on one NOTIFY of a `certificate` subscription to `subscribedUri`. */
    async check(subscribedUri: string, message: Uint8Array): Promise<CertificateNotifyVerdict> {
      const ready = await prepare(subscribedUri, message);
      if ('kind' in ready) return ready;
      return checkCertificateNotify({ subscribedUri, ...ready }, deps.crypto, now);
    },
    /**
     * Whether a NOTIFY of any subscription to `subscribedUri` (the own `credential` one too) is signed by a trusted
     * authentication service of its domain, over this very NOTIFY (RFC 6072 section 8): checked before it is acted on.
     */
    async checkIdentity(subscribedUri: string, message: Uint8Array): Promise<NotifyIdentityVerdict> {
      const ready = await prepare(subscribedUri, message);
      if ('kind' in ready) return ready;
      return checkNotifyIdentity({ subscribedUri, ...ready }, deps.crypto, now);
    },
  };
}

export type PeerCertificateChecker = ReturnType<typeof createPeerCertificateChecker>;
