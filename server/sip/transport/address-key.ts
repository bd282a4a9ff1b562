/** Source addresses as the server compares them: exactly (trusted proxies) or as per-address limits count them. */
import { ipv6Groups } from '../../../src/core/sip/ip-address.ts';

/** An IP address spelled one way: IPv4-mapped IPv6 as IPv4, IPv6 as eight hex groups, no brackets or zone. */
export function canonicalAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  const groups = bare.includes(':') ? ipv6Groups(bare) : undefined;
  return groups === undefined ? bare.toLowerCase() : groups.map((g) => g.toString(16)).join(':');
}

/** The address a limit counts under: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64 prefix. */
export function addressKey(address: string): string {
  const canonical = canonicalAddress(address);
  if (!canonical.includes(':')) return canonical;
  const groups = canonical.split(':');
  return groups.length === 8 ? `${groups.slice(0, 4).join(':')}::/64` : canonical;
}
