/**
 * Reading what the credential service needs from a request: the AOR it is for, its event package, its Accept list,
 * and whether the connection and the user may handle credentials. Pure functions over the parsed request.
 */
import { parseEvent, parseNameAddr, parseUri, quoteString, SipParseError, type SipEvent, type SipRequest, type Uri } from '../../src/core/sip/index.ts';
import type { AuthenticatedUser } from '../sip/request-context.ts';
import type { SipConnection } from '../sip/transport/connection.ts';
import { canonicalAor } from '../store/aor-key.ts';

/** The two RFC 6072 event packages (sections 6 and 7). */
export type EventPackage = 'certificate' | 'credential';

/** Allow-Events of our 489 answers (rfc6665#section-8.2.2). */
export const ALLOW_EVENTS = 'certificate, credential';

/**
 * The AOR (`sip:user@host`, canonical as the store keys it) named by a SIP or SIPS URI with a user part; undefined
 * for anything else. Port, parameters and headers are not part of an AOR. sip: and sips: stay different AORs
 * (rfc3261#section-19.1.4).
 */
export function aorOfUri(uri: Uri | string): string | undefined {
  let parsed: Uri;
  try {
    parsed = typeof uri === 'string' ? parseUri(uri) : uri;
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
  if (parsed.kind !== 'sip' || parsed.user === undefined) return undefined;
  try {
    return canonicalAor(`${parsed.scheme}:${parsed.user}@${parsed.host}`);
  } catch {
    return undefined;
  }
}

export type RequestTarget = { kind: 'aor'; aor: string } | { kind: 'no-user' } | { kind: 'elsewhere' };

/**
 * What a Request-URI names (rfc6665#section-4.2.1, rfc3903#section-6 step 1): an AOR of `domain`, our domain
 * itself (no user part), or something this service does not serve (another domain, another scheme).
 */
export function requestTarget(requestUri: string, domain: string): RequestTarget {
  let uri: Uri;
  try {
    uri = parseUri(requestUri);
  } catch (error) {
    if (error instanceof SipParseError) return { kind: 'elsewhere' };
    throw error;
  }
  if (uri.kind !== 'sip' || uri.host.toLowerCase() !== domain.toLowerCase()) return { kind: 'elsewhere' };
  if (uri.user === undefined) return { kind: 'no-user' };
  const aor = aorOfUri(uri);
  return aor === undefined ? { kind: 'no-user' } : { kind: 'aor', aor };
}

export type EventReading = { kind: 'event'; event: SipEvent; package: EventPackage | undefined } | { kind: 'missing' } | { kind: 'malformed'; detail: string };

/** The Event header (rfc6665#section-8.2.1) and which of our packages it names (none when templated or another). */
export function readEvent(request: SipRequest): EventReading {
  const header = request.headers.get('Event');
  if (header === undefined) return { kind: 'missing' };
  let event: SipEvent;
  try {
    event = parseEvent(header);
  } catch (error) {
    if (error instanceof SipParseError) return { kind: 'malformed', detail: error.message };
    throw error;
  }
  const ours = event.templates.length === 0 && (event.package === 'certificate' || event.package === 'credential');
  return { kind: 'event', event, package: ours ? (event.package as EventPackage) : undefined };
}

/**
 * Whether the request's Accept admits one of `types` (rfc6665#section-4.2.1: otherwise 406). No Accept header means
 * the package's own body type (RFC 6072 section 6.4); so does an empty one, leniently.
 */
export function accepts(request: SipRequest, types: readonly string[]): boolean {
  const ranges = request.headers
    .values('Accept')
    .map((value) => (value.split(';')[0] ?? '').trim().toLowerCase())
    .filter((range) => range.length > 0);
  if (ranges.length === 0) return true;
  return ranges.some((range) => range === '*/*' || types.some((type) => range === type || range === `${type.slice(0, type.indexOf('/'))}/*`));
}

/** Credentials travel only over TLS (wss, tls) or to a peer on this machine (RFC 6072 section 10.5; issue 3). */
export function transportAllowsCredentials(connection: SipConnection): boolean {
  return connection.secure || connection.loopback;
}

/** The authenticated user is the owner of `aor` (RFC 6072 section 7: only the AOR's own user). */
export function isOwner(user: AuthenticatedUser | null, aor: string): boolean {
  return user !== null && aorOfUri(user.aor) === aor;
}

/** The tag parameter of a From or To value; null when the value cannot be read. */
export function tagOf(value: string | undefined): string | undefined | null {
  if (value === undefined) return null;
  try {
    const tag = parseNameAddr(value).params.get('tag');
    return tag === null ? null : tag;
  } catch (error) {
    if (error instanceof SipParseError) return null;
    throw error;
  }
}

/**
 * A copy of `text` that holds on to nothing else. Header values sliced out of a parsed message can keep the whole
 * message text alive (V8 sliced and cons strings); what a long-lived subscription keeps must not.
 */
export function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** A Warning value (rfc3261#section-20.43) with code 399 (miscellaneous) carrying a refusal's detail. */
export function warningValue(agent: string, text: string): string {
  return `399 ${agent} ${quoteString(text.replace(/[\r\n]+/g, ' ').slice(0, 300))}`;
}
