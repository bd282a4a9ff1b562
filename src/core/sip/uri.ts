/**
 * URIs in SIP: SIP and SIPS URIs (rfc3261#section-19.1, grammar in rfc3261#section-25.1), tel URIs (RFC 3966), and
 * any other absoluteURI kept opaque (a proxy answers 416 for schemes it cannot route, rfc3261#section-16.3).
 *
 *   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo = user [ ":" password ] "@"
 *   hostport = host [ ":" port ]            ; host = hostname / IPv4address / "[" IPv6address "]"
 *
 * Components are kept as written, still %-escaped (so `formatUri` gives them back exactly); `unescapeUri` decodes
 * one. Parameter names are lower-cased and their unreserved escapes decoded (`%6C%72` is `lr`, RFC 4475 esc01);
 * parameter values are kept as written. userinfo ends at the first `@` (a `@` anywhere else must be escaped).
 */
import { HOST_CHARS, inTable, isDigit, isHexDigit, OPAQUE_URI_CHARS, PASSWORD_CHARS, SCHEME_CHARS, Scanner, URI_HEADER_CHARS, URI_PARAM_CHARS, USER_CHARS } from './chars.ts';
import { isIpv4, isIpv6Reference } from './ip-address.ts';
import type { SipParams } from './params.ts';
import { decodeUnreserved } from './uri-escape.ts';

export interface SipUri {
  kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** Host name, IPv4 address, or IPv6 reference with its brackets. */
  host: string;
  port?: number;
  params: SipParams;
  /** `?name=value&...`, as written. */
  headers: Array<[string, string]>;
}

/** tel URI (RFC 3966): a global (`+...`) or local number with parameters (`phone-context`, `ext`, ...). */
export interface TelUri {
  kind: 'tel';
  number: string;
  params: SipParams;
}

/** Any other absoluteURI (`mailto:`, `urn:`, `http:`, ...), not interpreted. */
export interface OtherUri {
  kind: 'other';
  /** Lower-cased. */
  scheme: string;
  opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

const REASON = 'Bad URI';

export function parseUri(text: string): Uri {
  const s = new Scanner(text, REASON);
  const colon = text.indexOf(':');
  if (colon < 1) s.fail('no scheme');
  const first = text.charCodeAt(0) | 32;
  if (first < 97 || first > 122) s.fail('the scheme does not start with a letter');
  for (let i = 1; i < colon; i++) if (!inTable(SCHEME_CHARS, text.charCodeAt(i))) s.fail('bad character in the scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  s.pos = colon + 1;
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(s, scheme);
  if (scheme === 'tel') return parseTelUri(s);
  if (s.done) s.fail('nothing after the scheme');
  while (!s.done) {
    if (!inTable(OPAQUE_URI_CHARS, s.peek())) s.fail('character not allowed in a URI');
    s.pos++;
  }
  return { kind: 'other', scheme, opaque: text.slice(colon + 1) };
}

function parseSipUri(s: Scanner, scheme: 'sip' | 'sips'): SipUri {
  const text = s.text;
  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: [] };
  const at = text.indexOf('@', s.pos);
  if (at >= 0) {
    const userinfo = text.slice(s.pos, at);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (user.length === 0) s.fail('empty user');
    checkEscaped(s, user, USER_CHARS, 'user');
    uri.user = user;
    if (colon >= 0) {
      const password = userinfo.slice(colon + 1);
      checkEscaped(s, password, PASSWORD_CHARS, 'password');
      uri.password = password;
    }
    s.pos = at + 1;
  }
  uri.host = readHost(s);
  if (s.eat(58)) {
    const start = s.pos;
    while (isDigit(s.peek())) s.pos++;
    const port = text.slice(start, s.pos);
    if (port.length === 0 || port.length > 5 || Number(port) > 65535) s.fail('bad port');
    uri.port = Number(port);
  }
  readUriParams(s, uri.params);
  if (s.eat(63)) {
    do {
      const name = s.run(URI_HEADER_CHARS, 'a header name');
      s.expect(61, '"=" after a URI header name');
      const start = s.pos;
      while (inTable(URI_HEADER_CHARS, s.peek())) s.pos++;
      const value = text.slice(start, s.pos);
      checkEscaped(s, name, URI_HEADER_CHARS, 'header name');
      checkEscaped(s, value, URI_HEADER_CHARS, 'header value');
      uri.headers.push([name, value]);
    } while (s.eat(38));
  }
  if (!s.done) s.fail('unexpected character');
  return uri;
}

/** host = hostname / IPv4address / IPv6reference. Shared with Via's sent-by. */
export function readHost(s: Scanner): string {
  const text = s.text;
  if (s.peek() === 91) {
    const close = text.indexOf(']', s.pos);
    if (close < 0) s.fail('unterminated IPv6 reference');
    const host = text.slice(s.pos, close + 1);
    if (!isIpv6Reference(host)) s.fail('bad IPv6 address');
    s.pos = close + 1;
    return host;
  }
  const host = s.run(HOST_CHARS, 'a host');
  if (!isHostName(host) && !isIpv4(host)) s.fail(`"${host.slice(0, 40)}" is not a host name`);
  return host;
}

/** hostname = *( domainlabel "." ) toplabel [ "." ], labels of alphanumerics and inner "-" (and "_" in practice). */
export function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 255 || host.charCodeAt(0) === 46) return false;
  let label = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 46) {
      if (label === 0 || host.charCodeAt(i - 1) === 45) return false;
      label = 0;
    } else {
      if (!inTable(HOST_CHARS, c) || (c === 45 && label === 0)) return false;
      label++;
    }
  }
  return host.charCodeAt(host.length - 1) !== 45;
}

/** uri-parameters = *( ";" pname [ "=" pvalue ] ). Names lower-cased with unreserved escapes decoded. */
function readUriParams(s: Scanner, params: SipParams): void {
  while (s.eat(59)) {
    const rawName = s.run(URI_PARAM_CHARS, 'a parameter name');
    checkEscaped(s, rawName, URI_PARAM_CHARS, 'parameter name');
    const name = decodeUnreserved(rawName).toLowerCase();
    let value: string | null = null;
    if (s.eat(61)) {
      value = s.run(URI_PARAM_CHARS, 'a parameter value');
      checkEscaped(s, value, URI_PARAM_CHARS, 'parameter value');
    }
    if (params.has(name)) s.fail(`duplicate parameter ${name}`);
    params.set(name, value);
  }
}

/** tel URI (rfc3966#section-3): global number `+` digits, or local number with a phone-context parameter. */
function parseTelUri(s: Scanner): TelUri {
  const text = s.text;
  const start = s.pos;
  const global = s.peek() === 43;
  if (global) s.pos++;
  let digits = 0;
  for (let c = s.peek(); c >= 0 && c !== 59; c = s.peek()) {
    if (isDigit(c) || (!global && (isHexDigit(c) || c === 42 || c === 35))) digits++;
    else if (c !== 45 && c !== 46 && c !== 40 && c !== 41) s.fail('bad character in a telephone number');
    s.pos++;
  }
  if (digits === 0) s.fail('a telephone number needs digits');
  const uri: TelUri = { kind: 'tel', number: text.slice(start, s.pos), params: new Map() };
  readUriParams(s, uri.params);
  if (!s.done) s.fail('unexpected character');
  if (!global && !uri.params.has('phone-context')) s.fail('a local number needs phone-context (rfc3966#section-5.1.5)');
  return uri;
}

/** Fails unless every character is in `chars` or part of a `%HH` escape. */
function checkEscaped(s: Scanner, text: string, chars: Uint8Array, what: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37) {
      if (!isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2))) s.fail(`bad escape in the ${what}`);
      i += 2;
    } else if (!inTable(chars, c)) {
      s.fail(`character not allowed in the ${what}`);
    }
  }
}
