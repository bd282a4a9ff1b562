/**
 * URI equality (rfc3261#section-19.1.4 for SIP/SIPS, rfc3966#section-4 for tel):
 *
 * - sip and sips never match each other; userinfo is case-sensitive, host case-insensitive (IPv6 by value), and
 *   escapes of unreserved characters equal the characters;
 * - a port, or a `user`, `ttl`, `method`, `maddr` or `transport` parameter present in only one URI makes them differ
 *   (RFC 3261's examples include transport); other parameters are compared only when both have them, without case;
 * - URI headers must all be present in both, in any order.
 *
 * tel: same number after removing visual separators, same set of parameters (values without case). Other schemes:
 * same scheme and same text.
 */
import { normalizeHost } from './ip-address.ts';
import type { SipParams } from './params.ts';
import { parseUri, type SipUri, type TelUri, type Uri } from './uri.ts';
import { decodeUnreserved, unescapeUri } from './uri-escape.ts';

const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

/** Whether two URIs are equivalent; strings are parsed first (and SipParseError thrown if they are not URIs). */
export function urisEqual(a: Uri | string, b: Uri | string): boolean {
  const x = typeof a === 'string' ? parseUri(a) : a;
  const y = typeof b === 'string' ? parseUri(b) : b;
  if (x.kind === 'sip' && y.kind === 'sip') return sipUrisEqual(x, y);
  if (x.kind === 'tel' && y.kind === 'tel') return telUrisEqual(x, y);
  if (x.kind === 'other' && y.kind === 'other') return x.scheme.toLowerCase() === y.scheme.toLowerCase() && x.opaque === y.opaque;
  return false;
}

function sipUrisEqual(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if (!sameOptional(a.user, b.user, decodeUnreserved) || !sameOptional(a.password, b.password, decodeUnreserved)) return false;
  if (normalizeHost(a.host) !== normalizeHost(b.host) || a.port !== b.port) return false;
  for (const name of MUST_MATCH) if (a.params.has(name) !== b.params.has(name)) return false;
  for (const [name, value] of a.params) {
    if (b.params.has(name) && paramValue(value) !== paramValue(b.params.get(name) ?? null)) return false;
  }
  return sameHeaders(a.headers, b.headers);
}

function telUrisEqual(a: TelUri, b: TelUri): boolean {
  if (telDigits(a.number) !== telDigits(b.number) || a.params.size !== b.params.size) return false;
  return sameParamSet(a.params, b.params);
}

function sameOptional(a: string | undefined, b: string | undefined, normalize: (text: string) => string): boolean {
  if (a === undefined || b === undefined) return a === b;
  return normalize(a) === normalize(b);
}

/** A parameter value for comparison: unescaped, lower-cased; "" for a parameter without value. */
function paramValue(value: string | null): string {
  return value === null ? '' : unescapeUri(value).toLowerCase();
}

function sameParamSet(a: SipParams, b: SipParams): boolean {
  for (const [name, value] of a) {
    if (!b.has(name) || telParamValue(name, value) !== telParamValue(name, b.get(name) ?? null)) return false;
  }
  return true;
}

/** phone-context and ext compare digit by digit when they are numbers (rfc3966#section-4). */
function telParamValue(name: string, value: string | null): string {
  const text = paramValue(value);
  const c = text.charCodeAt(0);
  return (name === 'phone-context' || name === 'ext') && (c === 43 || (c >= 48 && c <= 57)) ? telDigits(text) : text;
}

function sameHeaders(a: ReadonlyArray<[string, string]>, b: ReadonlyArray<[string, string]>): boolean {
  if (a.length !== b.length) return false;
  const key = ([name, value]: [string, string]): string => `${unescapeUri(name).toLowerCase()}=${unescapeUri(value)}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/** A telephone number without visual separators (rfc3966#section-5.1.1), lower-cased. */
function telDigits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 45 && c !== 46 && c !== 40 && c !== 41) out += text[i]!;
  }
  return out.toLowerCase();
}
