/**
 * IP address literals as SIP writes them (rfc3261#section-25.1 IPv4address / IPv6address, RFC 5118): checked by
 * hand-written scanners, and IPv6 reduced to eight numbers so that `2001:db8::1` and `2001:DB8:0::1` compare equal.
 */
import { isDigit, isHexDigit } from './chars.ts';

/** Four decimal octets 0..255. */
export function isIpv4(text: string): boolean {
  return ipv4Octets(text) !== undefined;
}

function ipv4Octets(text: string): number[] | undefined {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || out.length === 4) return undefined;
      out.push(value);
      value = 0;
      digits = 0;
    } else if (isDigit(c) && digits < 3) {
      value = value * 10 + (c - 48);
      digits++;
      if (value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return out.length === 4 ? out : undefined;
}

/** The eight 16-bit groups of an IPv6 address (no brackets), or undefined when it is not one. */
export function ipv6Groups(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  const left = gap < 0 ? text : text.slice(0, gap);
  const right = gap < 0 ? '' : text.slice(gap + 2);
  const head = groups(left, gap < 0);
  const tail = groups(right, true);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (gap < 0 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...new Array<number>(gap < 0 ? 0 : missing).fill(0), ...tail];
}

/** Colon-separated hex groups; the last may be a dotted IPv4 address when `ipv4Last` (hexseq ":" IPv4address). */
function groups(text: string, ipv4Last: boolean): number[] | undefined {
  if (text.length === 0) return [];
  const parts = text.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (ipv4Last && i === parts.length - 1 && part.indexOf('.') >= 0) {
      const octets = ipv4Octets(part);
      if (!octets) return undefined;
      out.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
      continue;
    }
    if (part.length === 0 || part.length > 4) return undefined;
    for (let j = 0; j < part.length; j++) if (!isHexDigit(part.charCodeAt(j))) return undefined;
    out.push(parseInt(part, 16));
  }
  return out;
}

export function isIpv6(text: string): boolean {
  return ipv6Groups(text) !== undefined;
}

/** An IPv6 reference `[...]` (rfc3261#section-25.1 IPv6reference). */
export function isIpv6Reference(text: string): boolean {
  return text.length > 2 && text.charCodeAt(0) === 91 && text.charCodeAt(text.length - 1) === 93 && isIpv6(text.slice(1, -1));
}

/** A host for comparisons: lower-case; IPv6 as eight groups in hex without brackets. */
export function normalizeHost(host: string): string {
  const inner = host.charCodeAt(0) === 91 ? host.slice(1, -1) : host;
  const v6 = inner.indexOf(':') >= 0 ? ipv6Groups(inner) : undefined;
  return v6 ? v6.map((g) => g.toString(16)).join(':') : host.toLowerCase();
}
