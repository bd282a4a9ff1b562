/**
 * What a person types as the server turned into the WebSocket URL the SipClient takes (RFC 7118 section 5: SIP over
 * WebSocket uses ws:// and wss:// URIs), and the SIP domain a bare user name takes at sign-in.
 */

/** The path of SIP over WebSocket on a SealPhone server (server/sip/transport/websocket-transport.ts). */
export const SEALPHONE_WEBSOCKET_PATH = '/sip';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/i;

/**
 * `https://example.com/anything` -> `wss://example.com/sip`, `http://127.0.0.1:8080` -> `ws://127.0.0.1:8080/sip`,
 * `example.com` -> `wss://example.com/sip` (`ws://` only for a loopback host), `wss://example.com` (no path) ->
 * `wss://example.com/sip`; a ws(s):// URL with a path of its own (another server's, like `/ws`) is kept as it is.
 * Text that is no URL at all is returned trimmed, for the SipClient to refuse.
 */
export function cleanServerUrl(input: string): string {
  const text = input.trim();
  if (!text) return text;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${LOOPBACK.test(text.split(/[:/]/, 1)[0] ?? '') || text.startsWith('[::1]') ? 'http' : 'https'}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return text;
  }
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${SEALPHONE_WEBSOCKET_PATH}`;
    case 'ws:':
    case 'wss:':
      return url.pathname === '/' && !url.search ? `${url.protocol}//${url.host}${SEALPHONE_WEBSOCKET_PATH}` : text;
    default:
      return text;
  }
}

/** The domain a bare user name takes at sign-in: the host of the server URL (without port), else the page's host. */
export function serverDomain(serverUrl: string, pageHostname?: string): string | undefined {
  try {
    const host = new URL(serverUrl).hostname;
    if (host) return host.toLowerCase();
  } catch {
    // Not a URL: the page's host below.
  }
  return pageHostname ? pageHostname.toLowerCase() : undefined;
}
