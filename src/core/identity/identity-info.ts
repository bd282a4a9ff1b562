/**
 * The Identity-Info header field (rfc4474#section-9): where the authentication service's certificate is, and which
 * signature algorithm the Identity header uses.
 *
 *   Identity-Info        = "Identity-Info" HCOLON ident-info *( SEMI ident-info-params )
 *   ident-info           = LAQUOT absoluteURI RAQUOT
 *   ident-info-params    = ident-info-alg / ident-info-extension
 *   ident-info-alg       = "alg" EQUAL token
 *   ident-info-extension = generic-param
 *
 * "If no 'alg' parameter is present, the default is assumed to be 'rsa-sha1'."
 *
 * Every failure is a CoreError 'unsupported', which identityResponseFor answers with 436 Bad Identity-Info
 * (rfc4474#section-14.2): a header we cannot use, whether broken or naming an algorithm we do not know.
 */
import { CoreError } from '../errors.ts';

/** The algorithms RFC 4474 defines (section 9) plus rsa-sha256, which Kamailio and RFC 8224 verifiers use. */
export const IDENTITY_ALGORITHMS = ['rsa-sha256', 'rsa-sha1'] as const;
export type IdentityAlgorithm = (typeof IDENTITY_ALGORITHMS)[number];

export interface IdentityInfo {
  /** The absoluteURI between the angle brackets. */
  url: string;
  alg: IdentityAlgorithm;
  /** Other parameters (ident-info-extension), names lower-cased; `null` for a parameter without a value. */
  params: Record<string, string | null>;
}

/** RFC 3986 absolute URI: a scheme, ':' and visible ASCII that cannot end the `<...>`. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21\x23-\x3b\x3d\x3f-\x7e]+$/;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/** gen-value = token / host / quoted-string (RFC 3261 section 25.1); host adds `[`, `]` and `:` for IPv6. */
const GEN_VALUE = /^(?:[A-Za-z0-9\-.!%*_+`'~:[\]]+|"(?:[^"\\\r\n]|\\[^\r\n])*")$/;
/** Plenty for a URL and a few parameters; refuses absurd input before any work. */
const MAX_LENGTH = 4096;

function bad(why: string, value: string): CoreError {
  return new CoreError('unsupported', `Identity-Info ${why}: ${JSON.stringify(value.length > 200 ? value.slice(0, 200) + '...' : value)}`);
}

/** `<url>;alg=rsa-sha256`, the Identity-Info value an authentication service sends. */
export function formatIdentityInfo(url: string, alg: IdentityAlgorithm = 'rsa-sha256'): string {
  if (!ABSOLUTE_URI.test(url)) throw new CoreError('invalid-argument', `Identity-Info needs an absolute URI: ${JSON.stringify(url)}`);
  if (!IDENTITY_ALGORITHMS.includes(alg)) throw new CoreError('invalid-argument', `unknown Identity algorithm ${JSON.stringify(alg)}`);
  return `<${url}>;alg=${alg}`;
}

/** Splits `;`-separated parameters, keeping `;` inside quoted strings. */
function splitParams(text: string, value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '\\') {
      current += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) throw bad('has an unterminated quoted string', value);
  parts.push(current);
  return parts;
}

/** Parses an Identity-Info header field value. */
export function parseIdentityInfo(value: string): IdentityInfo {
  if (value.length > MAX_LENGTH) throw bad('is too long', value.slice(0, 200));
  // LWS (RFC 3261 section 25.1) may fold the value; unfolded, it is spaces and tabs.
  const text = value.replace(/\r?\n[ \t]+/g, ' ').trim();
  if (!text.startsWith('<')) throw bad('must start with <absoluteURI>', value);
  const close = text.indexOf('>');
  if (close < 0) throw bad('has no closing ">"', value);
  const url = text.slice(1, close).trim();
  if (!ABSOLUTE_URI.test(url)) throw bad('does not hold an absolute URI', value);
  const rest = text.slice(close + 1).trim();
  if (rest !== '' && !rest.startsWith(';')) throw bad('has text after the URI that is not a parameter', value);
  const params: Record<string, string | null> = Object.create(null) as Record<string, string | null>; // no prototype: any name is data
  let alg: string | undefined;
  for (const raw of rest === '' ? [] : splitParams(rest.slice(1), value)) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    const paramValue = eq < 0 ? null : raw.slice(eq + 1).trim();
    if (!TOKEN.test(name)) throw bad('has a parameter without a token name', value);
    if (paramValue !== null && !GEN_VALUE.test(paramValue)) throw bad(`parameter ${name} has a bad value`, value);
    if (Object.hasOwn(params, name) || (name === 'alg' && alg !== undefined)) throw bad(`repeats parameter ${name}`, value);
    if (name === 'alg') {
      if (paramValue === null || !TOKEN.test(paramValue)) throw bad('alg must be a token', value);
      alg = paramValue.toLowerCase();
    } else {
      params[name] = paramValue;
    }
  }
  const algorithm = alg ?? 'rsa-sha1';
  if (!(IDENTITY_ALGORITHMS as readonly string[]).includes(algorithm)) throw bad(`algorithm ${algorithm} is not supported`, value);
  return { url, alg: algorithm as IdentityAlgorithm, params };
}
