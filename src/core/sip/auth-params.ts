/**
 * Challenges and credentials: WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization and
 * Authentication-Info (rfc3261#section-20.7, 20.27, 20.28, 20.44, 25.1; RFC 2617 Digest):
 *
 *   challenge / credentials = auth-scheme LWS auth-param *( COMMA auth-param )
 *   auth-param              = auth-param-name EQUAL ( token / quoted-string )
 *
 * One header line holds one challenge or one set of credentials; commas inside separate its parameters, which is why
 * `SipHeaders.values` does not split these headers. Parameter names are lower-cased; values come back unquoted.
 * Authentication-Info has no scheme: parse it with `parseAuthParams(value, { scheme: false })`.
 */
import { CoreError } from '../errors.ts';
import { isToken, isWsp, quoteString, Scanner } from './chars.ts';

export interface AuthParams {
  /** As written ("Digest"); compare without case. Empty for Authentication-Info. */
  scheme: string;
  /** Lower-cased names to unquoted values, in order. */
  params: Map<string, string>;
}

const REASON = 'Bad Authorization';

export function parseAuthParams(text: string, options: { scheme?: boolean } = {}): AuthParams {
  const s = new Scanner(text, REASON);
  s.skipWs();
  let scheme = '';
  if (options.scheme ?? true) {
    scheme = s.token('an auth scheme');
    if (!s.done && s.skipWs() === 0) s.fail('expected whitespace after the scheme');
  }
  const params = new Map<string, string>();
  for (;;) {
    while (s.eat(44) || s.skipWs() > 0);
    if (s.done) break;
    const name = s.token('a parameter name').toLowerCase();
    s.skipWs();
    s.expect(61, '"="');
    s.skipWs();
    let value: string;
    if (s.peek() === 34) {
      value = s.quoted();
    } else {
      const start = s.pos;
      while (!s.done && s.peek() !== 44 && s.peek() !== 34 && !isWsp(s.peek())) s.pos++;
      value = text.slice(start, s.pos);
      if (value.length === 0) s.fail(`parameter ${name} has no value`);
    }
    if (params.has(name)) s.fail(`duplicate parameter ${name}`);
    params.set(name, value);
    s.skipWs();
    if (!s.done && s.peek() !== 44) s.fail('expected "," between parameters');
  }
  return { scheme, params };
}

/** Digest parameters that are always quoted strings (RFC 2617 sections 3.2.1, 3.2.2, 3.2.3). */
const QUOTED = new Set(['realm', 'domain', 'nonce', 'opaque', 'username', 'uri', 'response', 'cnonce', 'nextnonce', 'rspauth']);
/** Digest parameters that are always tokens; `qop` is a token in credentials but a quoted list in challenges. */
const TOKENS = new Set(['algorithm', 'stale', 'nc']);

/**
 * Formats `scheme name=value, ...`. Whether a value is quoted follows RFC 2617: `kind` says whether this is a
 * challenge (qop="auth,auth-int") or credentials / Authentication-Info (qop=auth). Unknown parameters are tokens
 * when they can be, quoted otherwise.
 */
export function formatAuthParams(value: AuthParams, kind: 'challenge' | 'credentials'): string {
  if (value.scheme.length > 0 && !isToken(value.scheme)) throw new CoreError('invalid-argument', `auth scheme "${value.scheme.slice(0, 40)}" is not a token`);
  const parts: string[] = [];
  for (const [name, v] of value.params) {
    if (!isToken(name)) throw new CoreError('invalid-argument', `auth parameter name "${name.slice(0, 40)}" is not a token`);
    const token = TOKENS.has(name) || (name === 'qop' && kind === 'credentials') || (!QUOTED.has(name) && name !== 'qop');
    parts.push(`${name}=${token && isToken(v) ? v : quoteString(v)}`);
  }
  const list = parts.join(', ');
  if (value.scheme.length === 0) return list;
  return list.length === 0 ? value.scheme : `${value.scheme} ${list}`;
}
