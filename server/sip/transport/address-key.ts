/** Source addresses as per-address limits count them (guessing limits, request rate). */
import { ipv6Groups } from '../../../src/core/sip/ip-address.ts';

/** The address a limit counts under: IPv4 (also IPv4-mapped IPv6) as is, IPv6 by its /64 prefix. */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  const groups = bare.includes(':') ? ipv6Groups(bare.replace(/%.*$/, '')) : undefined;
  if (groups === undefined) return bare.toLowerCase();
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
