/**
 * Route processing for a proxy (RFC 3261 section 16.4) and the targets of a request (section 16.5).
 */
import { parseNameAddr, parseUri, type SipRequest, type SipUri } from '../../../src/core/sip/index.ts';

/** The user part our Record-Route URIs carry, so we recognise our own Route entries. */
export const RECORD_ROUTE_USER = 'sealphone';

export function uriOf(headerValue: string): string {
  const start = headerValue.indexOf('<');
  if (start >= 0) return headerValue.slice(start + 1, headerValue.indexOf('>', start));
  return headerValue.split(';')[0]!.trim();
}

export function isOwnRoute(routeValue: string): boolean {
  try {
    const uri = parseNameAddr(routeValue).uri;
    return uri.kind === 'sip' && uri.user === RECORD_ROUTE_USER && uri.params.has('lr');
  } catch {
    return false;
  }
}

/** Removes our own entries from the top of the Route set (we record-route up to twice, RFC 5658). */
export function popOwnRoutes(request: SipRequest): void {
  for (let i = 0; i < 2; i++) {
    const top = request.headers.firstValue('Route');
    if (top === undefined || !isOwnRoute(top)) return;
    request.headers.removeFirstValue('Route');
  }
}

export function sipUri(text: string): SipUri | null {
  try {
    const uri = parseUri(text);
    return uri.kind === 'sip' ? uri : null;
  } catch {
    return null;
  }
}

/** `sip:user@domain` for a Request-URI or From/To URI in `domain`, or null. */
export function aorIn(uriText: string, domain: string): { aor: string; user: string } | null {
  const uri = sipUri(uriText);
  if (!uri || uri.user === undefined || uri.host.toLowerCase() !== domain.toLowerCase()) return null;
  return { aor: `sip:${uri.user}@${domain.toLowerCase()}`, user: uri.user };
}

/** Is the request inside a dialog (a To tag, RFC 3261 section 12.2)? */
export function inDialog(request: SipRequest): boolean {
  const to = request.headers.get('To');
  if (to === undefined) return false;
  try {
    return parseNameAddr(to).params.has('tag');
  } catch {
    return false;
  }
}
