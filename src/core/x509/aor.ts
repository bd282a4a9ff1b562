/**
 * The address-of-record a certificate is bound to (RFC 6072 section 10.6: SubjectAltName URI = the AOR).
 * Only what an AOR needs of the SIP-URI grammar (RFC 3261 section 25.1): `sip:` or `sips:`, a user part,
 * `@`, and a host; no port, parameters or headers.
 */
import { CoreError } from '../errors.ts';

export interface Aor {
  /** The URI exactly as given; it goes into the certificate unchanged. */
  uri: string;
  scheme: 'sip' | 'sips';
  user: string;
  host: string;
}

// RFC 3261 section 25.1: user = 1*( unreserved / escaped / user-unreserved ), without ";" and "?" which would
// read as parameters or headers of the AOR.
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,/]|%[0-9A-Fa-f]{2})+$/;
// hostname (labels of letters, digits, hyphens), IPv4address, or an IPv6reference in brackets.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:(?:${LABEL}\\.)*${LABEL}\\.?|\\[[0-9A-Fa-f:.]+\\])$`);

/** Parses an AOR such as `sip:alice@example.test`; anything else is a CoreError 'invalid-argument'. */
export function parseAor(uri: string): Aor {
  const match = /^(sips?):([^@]+)@([^@]+)$/.exec(uri);
  if (!match) throw new CoreError('invalid-argument', `not a sip: or sips: URI with user@host: ${JSON.stringify(uri)}`);
  const [, scheme, user, host] = match;
  if (!USER.test(user!)) throw new CoreError('invalid-argument', `invalid user part in ${JSON.stringify(uri)}`);
  if (!HOST.test(host!) || host!.length > 255) throw new CoreError('invalid-argument', `invalid host in ${JSON.stringify(uri)}`);
  return { uri, scheme: scheme as 'sip' | 'sips', user: user!, host: host! };
}
