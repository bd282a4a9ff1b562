/**
 * The security framework's negotiation headers (seed 000 sections 4.1.3 to 4.1.5):
 *
 *   X-SIP-SECURE-SUPPORTS: method[=([R:realm,] [K:keying,] [M] )] [; method[=(...)]]*
 *   X-SIP-SECURE-REQUIRES: method[=([R:realm,] [K:keying])]
 *   X-SIP-SECURE-METHOD:   method[=([R:realm,] [K:keying,] [M] )]
 *
 * e.g. `SMIME.sec.sip.iana=(r:mtcc.com)`, `ipsec.sec.sip.iana=(r:mtcc.com, k:kink); tls.sec.sip.iana=(r:bar.com);`.
 * Read leniently: method names and the R/K/M letters in any case, methods separated by ";" (the seed) or ","
 * (SIP's list form, rfc3261#section-7.3.1), empty list items and whitespace ignored. Anything else is CoreError
 * 'malformed-sip'. Method names come back lower-cased (the seed writes both `SMIME.` and `smime.`); realm and keying
 * keep their case. Written one way: `method=(r:realm, k:keying, m)` joined by "; ".
 */
import { CoreError } from '../errors.ts';

export const SECURE_SUPPORTS_HEADER = 'X-SIP-SECURE-SUPPORTS';
export const SECURE_REQUIRES_HEADER = 'X-SIP-SECURE-REQUIRES';
export const SECURE_METHOD_HEADER = 'X-SIP-SECURE-METHOD';

/** The crypto-systems the seed names (seed 000 sections 4.1 and 5) that SealPhone speaks of. */
export const SMIME_METHOD = 'smime.sec.sip.iana';
export const TLS_METHOD = 'tls.sec.sip.iana';
export const PRESHARED_METHOD = 'preshared.sec.sip.iana';

export interface SecureMethod {
  /** Lower-cased, e.g. `smime.sec.sip.iana`. */
  method: string;
  /** R:realm, the realm the X-SIP-SECURE-TO must authenticate within. */
  realm?: string;
  /** K:keying, the key distribution method (e.g. `ike`, `kink`). */
  keying?: string;
  /** M: mutual authentication requested (SUPPORTS and METHOD only). */
  mutual?: boolean;
}

const MAX_VALUE_LENGTH = 4096;
const MAX_METHODS = 32;
const METHOD = /^[A-Za-z0-9](?:[A-Za-z0-9._+-]*[A-Za-z0-9])?$/;
const PARAM_VALUE = /^[^\s(),;=]+$/;

function bad(value: string, why: string): CoreError {
  return new CoreError('malformed-sip', `security framework header ${JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}...` : value)}: ${why}`);
}

/** Parses an X-SIP-SECURE-REQUIRES (or -SUPPORTS, -METHOD) value into its methods, in order. */
export function parseSecureRequires(value: string): SecureMethod[] {
  if (typeof value !== 'string') throw new CoreError('invalid-argument', 'the header value must be a string');
  if (value.length > MAX_VALUE_LENGTH) throw bad(value, `longer than ${MAX_VALUE_LENGTH} characters`);
  const methods = splitItems(value).map((item) => parseItem(item, value));
  if (methods.length === 0) throw bad(value, 'no method');
  if (methods.length > MAX_METHODS) throw bad(value, `more than ${MAX_METHODS} methods`);
  return methods;
}

/** The same grammar (seed 000 section 4.1.3); the M flag is meaningful here. */
export const parseSecureSupports = parseSecureRequires;

/**
 * An X-SIP-SECURE-METHOD value: exactly one method (seed 000 section 4.1.5: "only one method should be present"), as
 * the sip-secure attachment (src/core/security-framework/attachment.ts) and X-SIP-SECURE-CACHED require.
 */
export function parseSecureMethod(value: string): SecureMethod {
  const methods = parseSecureRequires(value);
  if (methods.length !== 1) throw bad(value, 'exactly one method is allowed here (seed 000 section 4.1.5)');
  return methods[0]!;
}

/** `method=(r:realm, k:keying, m)` for each, joined by "; " (seed 000 section 4.1.3). */
export function formatSecureRequires(methods: SecureMethod | readonly SecureMethod[]): string {
  const list = Array.isArray(methods) ? methods : [methods as SecureMethod];
  if (list.length === 0) throw new CoreError('invalid-argument', 'at least one method is required');
  return list.map(formatItem).join('; ');
}

/** Whether `methods` names `method` (case-insensitively). */
export function hasSecureMethod(methods: readonly SecureMethod[], method: string): boolean {
  const want = method.toLowerCase();
  return methods.some((m) => m.method === want);
}

/** Splits at ";" and "," outside parentheses; drops empty items. */
function splitItems(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '(') {
      if (++depth > 1) throw bad(value, 'nested parentheses');
    } else if (c === ')') {
      if (--depth < 0) throw bad(value, 'unbalanced ")"');
    } else if (i === value.length || (depth === 0 && (c === ';' || c === ','))) {
      if (i === value.length && depth !== 0) throw bad(value, 'unclosed "("');
      const item = value.slice(start, i).trim();
      if (item.length > 0) items.push(item);
      start = i + 1;
    }
  }
  return items;
}

function parseItem(item: string, whole: string): SecureMethod {
  const eq = item.indexOf('=');
  const name = (eq < 0 ? item : item.slice(0, eq)).trim();
  if (!METHOD.test(name)) throw bad(whole, `"${name.slice(0, 60)}" is not a method name`);
  const out: SecureMethod = { method: name.toLowerCase() };
  if (eq < 0) return out;
  const rest = item.slice(eq + 1).trim();
  if (!rest.startsWith('(') || !rest.endsWith(')')) throw bad(whole, `the parameters of ${name} must be in parentheses`);
  const params = rest.slice(1, -1).split(',').map((p) => p.trim());
  if (params.length === 1 && params[0] === '') throw bad(whole, `empty parameters for ${name}`);
  for (const param of params) readParam(param, out, whole);
  return out;
}

function readParam(param: string, out: SecureMethod, whole: string): void {
  if (/^m$/i.test(param)) {
    if (out.mutual) throw bad(whole, 'M given twice');
    out.mutual = true;
    return;
  }
  const match = /^([rk])\s*:\s*(.*)$/i.exec(param);
  if (!match) throw bad(whole, `unknown parameter "${param.slice(0, 60)}" (expected R:realm, K:keying or M)`);
  const key = match[1]!.toLowerCase() === 'r' ? 'realm' : 'keying';
  const text = match[2]!;
  if (!PARAM_VALUE.test(text)) throw bad(whole, `bad ${key} "${text.slice(0, 60)}"`);
  if (out[key] !== undefined) throw bad(whole, `${key} given twice`);
  out[key] = text;
}

function formatItem(m: SecureMethod): string {
  if (!m || typeof m.method !== 'string' || !METHOD.test(m.method)) throw new CoreError('invalid-argument', `"${String(m?.method)}" is not a method name`);
  const params: string[] = [];
  for (const [letter, value] of [['r', m.realm], ['k', m.keying]] as const) {
    if (value === undefined) continue;
    if (!PARAM_VALUE.test(value)) throw new CoreError('invalid-argument', `bad parameter value "${value}"`);
    params.push(`${letter}:${value}`);
  }
  if (m.mutual) params.push('m');
  return params.length === 0 ? m.method.toLowerCase() : `${m.method.toLowerCase()}=(${params.join(', ')})`;
}
