/**
 * Header parameters (rfc3261#section-25.1): `*( SEMI generic-param )`, `generic-param = token [ EQUAL gen-value ]`,
 * `gen-value = token / host / quoted-string`, whitespace allowed around ";" and "=".
 *
 * Names are case-insensitive and come back lower-cased (rfc3261#section-7.3.1). Values are kept as written: a quoted
 * value keeps its quotes, because for some parameters quoting carries meaning (RFC 3840 feature tags such as
 * `+sip.instance="<urn:...>"`); `unquote` gives the content. A parameter without a value maps to null.
 * A name given twice is an error.
 */
import { CoreError } from '../errors.ts';
import { isParamValue, isToken, quoteString, Scanner, unquote } from './chars.ts';

/** Lower-cased names to values as written (null: no value), in order. */
export type SipParams = Map<string, string | null>;

export type SipParamsInit = ReadonlyMap<string, string | null> | Iterable<readonly [string, string | null]>;

/** Reads `*( SEMI generic-param )` at the scanner into `params`; stops before anything else. */
export function readParams(s: Scanner, params: SipParams): void {
  for (;;) {
    const save = s.pos;
    s.skipWs();
    if (!s.eat(59)) {
      s.pos = save;
      return;
    }
    s.skipWs();
    const name = s.token('a parameter name').toLowerCase();
    const afterName = s.pos;
    s.skipWs();
    let value: string | null = null;
    if (s.eat(61)) {
      s.skipWs();
      value = s.paramValue();
    } else {
      s.pos = afterName;
    }
    if (params.has(name)) s.fail(`duplicate parameter ${name}`);
    params.set(name, value);
  }
}

/** Parses a parameter list such as `;tag=1;lr` (the leading ";" may be left out). */
export function parseParams(text: string): SipParams {
  const s = new Scanner(text, 'Bad Parameters');
  const params: SipParams = new Map();
  s.skipWs();
  if (s.done) return params;
  if (s.peek() !== 59) {
    // Treat "a=b;c" like ";a=b;c".
    const wrapped = new Scanner(`;${text}`, 'Bad Parameters');
    readParams(wrapped, params);
    wrapped.end();
    return params;
  }
  readParams(s, params);
  s.end();
  return params;
}

/** `;name=value` for each parameter. Values that are neither token/host nor a quoted-string get quoted. */
export function formatParams(params: SipParamsInit): string {
  let out = '';
  for (const [name, value] of params) {
    if (!isToken(name)) throw new CoreError('invalid-argument', `parameter name "${name.slice(0, 40)}" is not a token`);
    out += value === null ? `;${name}` : `;${name}=${formatParamValue(value)}`;
  }
  return out;
}

/** A value as written when it is a token/host or a well-formed quoted-string; otherwise quoted. */
export function formatParamValue(value: string): string {
  if (isParamValue(value)) return value;
  if (value.length >= 2 && value.charCodeAt(0) === 34 && unquote(value) !== value) return value;
  return quoteString(value);
}
