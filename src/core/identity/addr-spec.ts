/**
 * The addr-spec of a From, To or Contact header field value (RFC 3261 section 20.10 and 25.1), which is what the
 * RFC 4474 digest-string covers: the URI without display name, angle brackets or header field parameters.
 *
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * Not src/core/sip's `parseNameAddr`: the digest-string must hold the addr-spec exactly as the signer wrote it, while
 * `parseNameAddr` returns a parsed URI (formatted again, its scheme and parameter names come out lower-cased), and
 * this reads what other signers send more leniently (the first of a list, blanks inside `<>`).
 */
import { CoreError } from '../errors.ts';

/** RFC 3261 section 25.1 `token` characters, and the LWS that may separate tokens of a display name. */
const DISPLAY_TOKENS = /^[A-Za-z0-9\-.!%*_+`'~ \t\r\n]*$/;
/**
 * An absolute URI (RFC 3986 section 3.1 scheme, then anything printable). `|`, which no SIP or tel URI may carry
 * unescaped (RFC 3261 section 25.1, RFC 3986 section 2), is refused too, because it separates the fields of the
 * digest-string: a URI holding one could shift the fields and make one signature fit two messages. `"`, `<` and
 * `>` delimit the URI, so they cannot be part of it either.
 */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21\x23-\x3b\x3d\x3f-\x7b\x7d\x7e]+$/;

function invalid(value: string, why: string): CoreError {
  return new CoreError('invalid-argument', `${why}: ${JSON.stringify(value.length > 200 ? value.slice(0, 200) + '...' : value)}`);
}

/** Index just past the quoted-string that starts at `start` (RFC 3261 section 25.1: quoted-pair escapes one char). */
function skipQuotedString(value: string, start: number): number {
  for (let i = start + 1; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  throw invalid(value, 'unterminated quoted display name');
}

function checkedUri(uri: string, value: string): string {
  if (!URI.test(uri)) throw invalid(value, 'not an absolute URI');
  return uri;
}

/**
 * The addr-spec of the first value of a From, To or Contact header field (a bare URI is returned as it is).
 * Display name, `<>`, header parameters (`;tag=...`) and further comma-separated values are dropped. A value with no
 * usable URI (including Contact `*`) is a CoreError 'invalid-argument'.
 */
export function addrSpecOf(headerValue: string): string {
  const value = headerValue.trim();
  let i = 0;
  if (value.startsWith('"')) {
    i = skipQuotedString(value, 0);
    while (value[i] === ' ' || value[i] === '\t' || value[i] === '\r' || value[i] === '\n') i++;
    if (value[i] !== '<') throw invalid(value, 'a quoted display name must be followed by <URI>');
  }
  const open = value.indexOf('<', i);
  if (open >= 0) {
    if (i === 0 && !DISPLAY_TOKENS.test(value.slice(0, open))) throw invalid(value, 'bad display name');
    const close = value.indexOf('>', open + 1);
    if (close < 0) throw invalid(value, 'missing ">"');
    return checkedUri(value.slice(open + 1, close).trim(), value);
  }
  // RFC 3261 section 20: without angle brackets the URI holds no ',' or ';', so those start what follows it.
  const end = value.search(/[;,]/);
  return checkedUri((end < 0 ? value : value.slice(0, end)).trim(), value);
}
