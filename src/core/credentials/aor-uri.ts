/**
 * Comparing the address-of-record a certificate subscription is about with the URIs the answer names: the NOTIFY's
 * From (RFC 6072 section 10.3) and the certificate's subjectAltName URI (section 10.6). Only the parts that make an
 * AOR are compared, as rfc3261#section-19.1.4 compares them:
 *
 * - the scheme (`sip` and `sips` never match), without case;
 * - the user part exactly, except that an escaped unreserved character equals the character (`%61lice` = `alice`);
 * - the host without case (an IPv6 reference by value).
 *
 * Password, port, URI parameters and headers are not part of an AOR and are ignored (as the credential server keys
 * AORs, docs/server-credentials.md). The URI grammar is src/core/sip's (`parseUri`, `parseNameAddr`); this module
 * only picks out the AOR and compares it.
 */
import { CoreError, isCoreError } from '../errors.ts';
import { decodeUnreserved, normalizeHost, parseNameAddr, parseUri, SipParseError, type Uri } from '../sip/index.ts';

export interface AorParts {
  scheme: 'sip' | 'sips';
  /** With escapes of unreserved characters decoded; other escapes upper-cased. */
  user: string;
  /** Lower-cased. */
  host: string;
}

function invalid(value: string, why: string, cause?: unknown): CoreError {
  const shown = JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);
  return new CoreError('invalid-argument', `${why}: ${shown}`, cause === undefined ? undefined : { cause });
}

/** A bare URI, or the URI of a From/To header field value (name-addr or addr-spec with header parameters). */
function uriOf(uriOrHeaderValue: string): Uri {
  try {
    return parseUri(uriOrHeaderValue.trim());
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
  }
  try {
    return parseNameAddr(uriOrHeaderValue).uri;
  } catch (error) {
    if (error instanceof SipParseError) throw invalid(uriOrHeaderValue, `not a SIP URI (${error.detail})`, error);
    throw error;
  }
}

/**
 * The AOR named by a `sip:`/`sips:` URI with a user part, given as a URI or as a From/To header field value
 * (`"Bob" <sip:bob@example.test>;tag=1`). Anything else is a CoreError 'invalid-argument'.
 */
export function aorParts(uriOrHeaderValue: string): AorParts {
  const uri = uriOf(uriOrHeaderValue);
  if (uri.kind !== 'sip' || uri.user === undefined) {
    throw invalid(uriOrHeaderValue, 'not a sip: or sips: URI with a user part');
  }
  return { scheme: uri.scheme, user: decodeUnreserved(uri.user), host: uri.host.toLowerCase() };
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
  return x.scheme === y.scheme && x.user === y.user && normalizeHost(x.host) === normalizeHost(y.host);
}
