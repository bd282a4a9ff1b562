/**
 * The SIP domain of a server, for a person who typed only a user name at sign-in ("alice"): a SealPhone server says
 * it at `/sip-domain` of its web origin (`ws(s)://host/sip` -> `http(s)://host/sip-domain`, `{"domain": "..."}`).
 * Any failure (another kind of server, no answer within the bound, a malformed answer) gives null, and the caller
 * falls back to the server's host name.
 */
const TIMEOUT_MS = 3000;
/** A domain as RFC 3261 section 25.1 `hostname` allows (letters, digits, dots, hyphens), bounded. */
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export type SipDomainLookup = (serverUrl: string) => Promise<string | null>;

export function createSipDomainLookup(fetchImpl: typeof fetch = (...a) => fetch(...a)): SipDomainLookup {
  return async (serverUrl) => {
    let url: URL;
    try {
      url = new URL(serverUrl);
    } catch {
      return null;
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    const origin = `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}`;
    try {
      const response = await fetchImpl(`${origin}/sip-domain`, { signal: AbortSignal.timeout(TIMEOUT_MS), credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (!response.ok) return null;
      const body = (await response.json()) as { domain?: unknown };
      return typeof body.domain === 'string' && body.domain.length <= 253 && DOMAIN.test(body.domain) ? body.domain.toLowerCase() : null;
    } catch {
      return null;
    }
  };
}
