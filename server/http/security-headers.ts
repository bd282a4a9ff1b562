/**
 * The headers every web app response carries: a Content-Security-Policy (W3C CSP Level 3) that lets the page run only
 * its own code, `X-Frame-Options: DENY` (RFC 7034) with CSP `frame-ancestors 'none'` against framing (clickjacking),
 * and `Referrer-Policy: no-referrer` (W3C Referrer Policy), so no URL of ours leaks to the hosts the app talks to.
 *
 * What the app needs, read from the Vite build (dist/web/index.html: one module script and one stylesheet, both from
 * /assets, no inline script or style) and from src/: module scripts and a lazily imported chunk from our origin
 * (`script-src 'self'`); styles only from its stylesheet (React's `style={...}` goes through the CSSOM, which CSP
 * does not govern); the favicon (`img-src 'self'`); no eval, no WebAssembly, no workers, no blob: or data: URLs.
 * `connect-src` has our origin (`'self'`, which covers ws: and wss: to it in CSP Level 3), any `wss:` server the
 * user enters in the Server field and any `https:` Identity-Info URL (the authentication service of a peer's AOR
 * domain, src/services/auth-service-certificates.ts), and ws:/http: only on loopback, which is all the softphone
 * itself accepts in the clear (src/sip/sip-client.ts). Call media (WebRTC, `srcObject`) is not a fetch and needs
 * no directive.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "connect-src 'self' wss: https: ws://localhost:* ws://127.0.0.1:* http://localhost:* http://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};
