/**
 * Address-of-record keys (RFC 3261 section 10.3 step 5; comparison rules of section 19.1.4): `sip:user@host` with
 * the user unescaped and re-escaped one way, the host in lower case, and no port, parameters or headers. A `sips:`
 * AOR names the same user as its `sip:` twin, so it maps to the same key.
 */
import { parseUri, SipParseError, unescapeUri, type Uri } from '../../../src/core/sip/index.ts';
import { sipAor } from '../auth/index.ts';

/** The AOR key of a SIP or SIPS URI with a user part; null for anything else (or text that is not a URI). */
export function aorKey(uri: Uri | string): string | null {
  let parsed: Uri;
  if (typeof uri === 'string') {
    try {
      parsed = parseUri(uri);
    } catch (error) {
      if (error instanceof SipParseError) return null;
      throw error;
    }
  } else {
    parsed = uri;
  }
  if (parsed.kind !== 'sip' || parsed.user === undefined) return null;
  return sipAor(unescapeUri(parsed.user), parsed.host);
}
