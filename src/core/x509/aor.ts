/**
 * The address-of-record a certificate is bound to (RFC 6072 section 10.6: SubjectAltName URI = the AOR).
 * The URI is read by src/core/sip's parser (RFC 3261 section 25.1); an AOR is the part of it that names a user:
 * `sip:` or `sips:`, a user part, `@`, and a host, with no password, port, parameters or headers.
 */
import { CoreError } from '../errors.ts';
import { parseUri, SipParseError, type Uri } from '../sip/index.ts';

export interface Aor {
  /** The URI exactly as given; it goes into the certificate unchanged. */
  uri: string;
  scheme: 'sip' | 'sips';
  user: string;
  host: string;
}

function invalid(uri: string, why: string, cause?: unknown): CoreError {
  const options = cause === undefined ? undefined : { cause };
  return new CoreError('invalid-argument', `${why}: ${JSON.stringify(uri)}`, options);
}

/** Parses an AOR such as `sip:alice@example.test`; anything else is a CoreError 'invalid-argument'. */
export function parseAor(uri: string): Aor {
  let parsed: Uri;
  try {
    parsed = parseUri(uri);
  } catch (error) {
    if (error instanceof SipParseError) throw invalid(uri, `not a SIP URI (${error.detail})`, error);
    throw error;
  }
  // The scheme in lower case as written (parseUri lower-cases it): the AOR goes into the certificate exactly as given.
  if (parsed.kind !== 'sip' || !uri.startsWith(`${parsed.scheme}:`) || parsed.user === undefined) {
    throw invalid(uri, 'not a sip: or sips: URI with user@host');
  }
  // `;` and `?` are user-unreserved, but a reader that does not split at `@` first would take them for
  // parameters or headers of the AOR.
  if (parsed.password !== undefined || /[;?]/.test(parsed.user)) {
    throw invalid(uri, 'a password, ";" or "?" in the user part');
  }
  if (parsed.port !== undefined || parsed.params.size > 0 || parsed.headers.length > 0) {
    throw invalid(uri, 'an AOR has no port, parameters or headers');
  }
  return { uri, scheme: parsed.scheme, user: parsed.user, host: parsed.host };
}
