/**
 * Route processing for a proxy (rfc3261#section-16.4) and the names it compares (rfc3261#section-19.1.4). Every URI
 * and name-addr is read by the core's parser (src/core/sip `parseNameAddr`, `parseUri`, `urisEqual`): there is no
 * second reader here that an attacker could make disagree with the one the receiving user agent uses.
 */
import type { OwnAddresses } from './own-addresses.ts';
import { formatUri, parseNameAddr, parseUri, unescapeUri, urisEqual, type SipRequest, type SipUri, type Uri } from '../../../src/core/sip/index.ts';

/** Our own entries removed from the top of a Route set, at most. */
const MAX_OWN_ROUTES = 4;

/**
 * The URI of a name-addr or addr-spec header value (a Contact, a Route), as the core reads it and formats it again;
 * '' when the value is not one. The SIP stack keys the Contacts it saw by this.
 */
export function uriOf(headerValue: string): string {
  try {
    return formatUri(parseNameAddr(headerValue).uri);
  } catch {
    return '';
  }
}

/** Whether a Route value names this server (own-addresses.ts); an unreadable one does not. */
export function isOwnRoute(routeValue: string, own: OwnAddresses): boolean {
  try {
    const uri = parseNameAddr(routeValue).uri;
    return uri.kind === 'sip' && own.names(uri);
  } catch {
    return false;
  }
}

/**
 * Removes our own entries from the top of the Route set (rfc3261#section-16.4): we record-route up to twice (RFC
 * 5658), and a phone with us as its outbound proxy adds one more.
 */
export function popOwnRoutes(request: SipRequest, own: OwnAddresses): void {
  for (let i = 0; i < MAX_OWN_ROUTES; i++) {
    const top = request.headers.firstValue('Route');
    if (top === undefined || !isOwnRoute(top, own)) return;
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

/**
 * Whether a URI host is our domain: without case (rfc3261#section-19.1.4) and without the trailing dot of an
 * absolute domain name (`sealphone.test.` is `sealphone.test`, RFC 1034 section 3.1).
 */
export function isOurHost(host: string, domain: string): boolean {
  const h = host.charCodeAt(host.length - 1) === 46 ? host.slice(0, -1) : host;
  return h.length === domain.length && h.toLowerCase() === domain.toLowerCase();
}

/** One of our domain's users named by a URI: the AOR to look up and the user name as the store spells it. */
export interface LocalUser {
  /** `sip:user@domain` (the user part as written, the domain ours): the location service's key for it. */
  aor: string;
  /** The user part with its escapes decoded: `%61lice` is `alice` (rfc3261#section-19.1.4). */
  user: string;
}

/**
 * What a `sip:`/`sips:` URI names in our domain: a user (any port, parameters or spelling of the host), `'domain'`
 * for the domain itself (no user part), or null for anything else.
 */
export function localPartyOf(uri: Uri, domain: string): LocalUser | 'domain' | null {
  if (uri.kind !== 'sip' || !isOurHost(uri.host, domain)) return null;
  if (uri.user === undefined) return 'domain';
  return { aor: `sip:${uri.user}@${domain.toLowerCase()}`, user: unescapeUri(uri.user) };
}

/** Two URIs compared as rfc3261#section-19.1.4 says; false when either is not a URI. */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return urisEqual(a, b);
  } catch {
    return false;
  }
}
