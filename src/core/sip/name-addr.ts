/**
 * Addresses with parameters, as in From, To, Contact, Route, Record-Route, Reply-To, Refer-To, P-Asserted-Identity
 * (rfc3261#section-20.10 and rfc3261#section-25.1):
 *
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * In the addr-spec form (no angle brackets) every `;` after the URI starts a header parameter, and the URI may not
 * hold `,`, `?` or `;` (RFC 4475 regbadct). Inside `<...>` the URI may not hold whitespace (RFC 4475 badaspec); an
 * unquoted display name is tokens only (RFC 4475 baddn). One value at a time: split list headers with
 * `SipHeaders.values` first.
 */
import { CoreError } from '../errors.ts';
import { isTokenChar, isWsp, quoteString, Scanner, trimWsp } from './chars.ts';
import { formatParams, readParams, type SipParams } from './params.ts';
import { SipParseError } from './sip-parse-error.ts';
import { formatUri } from './uri-format.ts';
import { parseUri, type Uri } from './uri.ts';

export interface NameAddr {
  /** Unquoted and unescaped; undefined when there is none. */
  displayName?: string;
  uri: Uri;
  /** Header parameters (tag, expires, q, ...). */
  params: SipParams;
}

const REASON = 'Bad Address';

export function parseNameAddr(text: string): NameAddr {
  const s = new Scanner(text, REASON);
  s.skipWs();
  let displayName: string | undefined;
  let uriText: string;
  let angle = false;
  if (s.peek() === 34) {
    displayName = s.quoted();
    s.skipWs();
    if (s.peek() !== 60) s.fail('expected "<" after the display name');
    angle = true;
  } else {
    // Tokens and whitespace up to "<" are a display name; anything else means the addr-spec form.
    let i = s.pos;
    while (i < text.length && (isTokenChar(text.charCodeAt(i)) || isWsp(text.charCodeAt(i)))) i++;
    if (text.charCodeAt(i) === 60) {
      const name = trimWsp(text.slice(s.pos, i));
      if (name.length > 0) displayName = name;
      s.pos = i;
      angle = true;
    }
  }
  if (angle) {
    s.pos++;
    const close = text.indexOf('>', s.pos);
    if (close < 0) s.fail('unterminated "<"');
    uriText = text.slice(s.pos, close);
    s.pos = close + 1;
  } else {
    const start = s.pos;
    while (!s.done && !isWsp(s.peek()) && s.peek() !== 59) s.pos++;
    uriText = text.slice(start, s.pos);
    if (uriText.indexOf(',') >= 0 || uriText.indexOf('?') >= 0) s.fail('a URI with "," or "?" must be inside "<>"');
  }
  const uri = parseInnerUri(uriText);
  const params: SipParams = new Map();
  readParams(s, params);
  s.end();
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

/** A Contact value: a name-addr, or `*` (rfc3261#section-20.10, REGISTER with Expires: 0 only). */
export function parseContact(text: string): NameAddr | '*' {
  const s = new Scanner(text, REASON);
  s.skipWs();
  if (s.eat(42)) {
    s.end();
    return '*';
  }
  return parseNameAddr(text);
}

/** `"Display" <uri>;params`. The display name is always quoted; the URI always in angle brackets. */
export function formatNameAddr(value: NameAddr): string {
  const uri = formatUri(value.uri);
  if (uri.indexOf('>') >= 0) throw new CoreError('invalid-argument', 'a URI cannot hold ">"');
  const name = value.displayName === undefined ? '' : `${quoteString(value.displayName)} `;
  return `${name}<${uri}>${formatParams(value.params)}`;
}

function parseInnerUri(text: string): Uri {
  try {
    return parseUri(text);
  } catch (error) {
    if (error instanceof SipParseError) throw new SipParseError(400, REASON, `bad URI: ${error.message}`);
    throw error;
  }
}
