/**
 * Where the softphone gets the authentication service's certificate that vouches for NOTIFYs (RFC 4474 section 6:
 * Identity-Info names it; docs/design.md "RFC 4474 details": trust one configured for the domain, or one fetched from the domain itself over
 * HTTPS). Plain http:// is accepted only from this machine (loopback), as in development. At most 64 KB, DER or PEM;
 * cached per URL for the session (a failed fetch is not cached, so the next NOTIFY tries again).
 */
import { CoreError } from '../core/errors.ts';
import { derFromPemOrDer } from '../core/pem.ts';

export interface AuthServiceCertificates {
  /** The certificate (DER) at an Identity-Info URL, or a pinned one; rejects with a reason a person can read. */
  fetch(identityInfoUrl: string): Promise<Uint8Array>;
}

export interface AuthServiceCertificatesOptions {
  /** The browser's fetch. */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** Certificates pinned in settings, by Identity-Info URL: used instead of fetching. */
  pinned?: Record<string, Uint8Array>;
  timeoutMs?: number;
}

const MAX_BYTES = 64 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function createAuthServiceCertificates(options: AuthServiceCertificatesOptions): AuthServiceCertificates {
  const cache = new Map<string, Promise<Uint8Array>>();
  const load = async (url: URL): Promise<Uint8Array> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
    try {
      const response = await options.fetch(url.href, { signal: controller.signal, credentials: 'omit', redirect: 'error' });
      if (!response.ok) throw new CoreError('untrusted-certificate', `the authentication service certificate at ${url.href} answered ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > MAX_BYTES) throw new CoreError('untrusted-certificate', `the authentication service certificate at ${url.href} is larger than 64 KB`);
      return derFromPemOrDer(bytes, ['CERTIFICATE']).der;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    fetch(identityInfoUrl) {
      const pinned = options.pinned?.[identityInfoUrl];
      if (pinned) return Promise.resolve(pinned);
      let url: URL;
      try {
        url = new URL(identityInfoUrl);
      } catch {
        return Promise.reject(new CoreError('untrusted-certificate', `Identity-Info is not a URL: ${identityInfoUrl}`));
      }
      if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))) {
        return Promise.reject(new CoreError('untrusted-certificate', `the authentication service certificate must come over HTTPS (or from this machine), not ${url.href}`));
      }
      let pending = cache.get(url.href);
      if (!pending) {
        pending = load(url);
        cache.set(url.href, pending);
        pending.catch(() => cache.delete(url.href));
      }
      return pending;
    },
  };
}
