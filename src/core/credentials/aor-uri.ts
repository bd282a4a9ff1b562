/**
 * Comparing the address-of-record a certificate subscription is about with the URIs the answer names: the NOTIFY's
 * From (RFC 6072 section 10.3) and the certificate's subjectAltName URI (section 10.6). Only the parts that make an
 * AOR are compared, as rfc3261#section-19.1.4 compares them:
 *
 * - the scheme (`sip` and `sips` never match), without case;
 * - the user part exactly, except that an escaped unreserved character equals the character (`%61lice` = `alice`);
 * - the host without case.
 *
 * Password, port, URI parameters and headers are not part of an AOR and are ignored (as the credential server keys
 * AORs, docs/server-credentials.md). A small reader of its own: src/core/sip is out of reach of this folder (the
 * lint layering pattern for src/sip also matches src/core/sip).
 */
import { CoreError, isCoreError } from '../errors.ts';
import { addrSpecOf } from '../identity/index.ts';

export interface AorParts {
  scheme: 'sip' | 'sips';
  /** With escapes of unreserved characters decoded; other escapes upper-cased. */
  user: string;
  /** Lower-cased. */
  host: string;
}

// rfc3261#section-25.1: user = 1*( unreserved / escaped / user-unreserved ).
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST = new RegExp(`^(?:(?:${LABEL}\\.)*${LABEL}\\.?|\\[[0-9A-Fa-f:.]+\\])$`);
const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

function invalid(value: string, why: string): CoreError {
  return new CoreError('invalid-argument', `${why}: ${JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value)}`);
}

/** `%61` becomes `a`; escapes of reserved characters stay escaped, their hex upper-cased. */
function decodeUnreservedEscapes(user: string): string {
  return user.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * The AOR named by a `sip:`/`sips:` URI with a user part, given as a URI or as a From/To header field value
 * (`"Bob" <sip:bob@example.test>;tag=1`). Anything else is a CoreError 'invalid-argument'.
 */
export function aorParts(uriOrHeaderValue: string): AorParts {
  const uri = addrSpecOf(uriOrHeaderValue);
  const match = /^(sips?):([^@]*)@(.*)$/i.exec(uri);
  if (!match) throw invalid(uri, 'not a sip: or sips: URI with a user part');
  const userinfo = match[2]!;
  const user = userinfo.includes(':') ? userinfo.slice(0, userinfo.indexOf(':')) : userinfo;
  if (!USER.test(user)) throw invalid(uri, 'bad user part');
  const rest = match[3]!;
  // hostport ends at the URI parameters or headers; an IPv6 reference keeps its colons inside the brackets.
  const hostport = rest.slice(0, rest.search(/[;?]|$/));
  const host = hostport.startsWith('[') ? hostport.slice(0, hostport.indexOf(']') + 1) : hostport.replace(/:\d*$/, '');
  if (!HOST.test(host) || host.length > 255) throw invalid(uri, 'bad host');
  return { scheme: match[1]!.toLowerCase() as 'sip' | 'sips', user: decodeUnreservedEscapes(user), host: host.toLowerCase() };
}

/** `sip:user@host` in the form `aorParts` compares. */
export function formatAor(parts: AorParts): string {
  return `${parts.scheme}:${parts.user}@${parts.host}`;
}

/** True when both name the same AOR; false when they differ or either is not a SIP URI with a user part. */
export function sameAor(a: string, b: string): boolean {
  let x: AorParts;
  let y: AorParts;
  try {
    x = aorParts(a);
    y = aorParts(b);
  } catch (error) {
    if (isCoreError(error)) return false;
    throw error;
  }
  return x.scheme === y.scheme && x.user === y.user && x.host === y.host;
}
