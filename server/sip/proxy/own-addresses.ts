/**
 * Which URIs name this server (RFC 3261 section 16.4: a Route value that "indicates this proxy" is removed; nothing
 * else is). Ours: a host that is one of our listening addresses (any local interface address when we listen on the
 * wildcard), our domain or another of our names, with a port we listen on; a URI without a port means 5060 (5061 for
 * sips or transport=tls, section 19.1.2), except for a name of ours, which may be resolved to us by DNS SRV (RFC 3263).
 * The user part does not matter: phones configured with an outbound proxy write `sip:HOST:PORT;lr`, we write
 * `sip:sealphone@HOST:PORT;...;lr`. A `sealphone@` entry that names another host is not ours.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { SipUri } from '../../../src/core/sip/index.ts';
import { canonicalAddress } from '../transport/address-key.ts';

export interface OwnAddressOptions {
  /** The address we listen on (`0.0.0.0` or `::` for every interface). */
  host: string;
  /** Our domain and any other name we are reached by (the public URL's host). */
  names: readonly string[];
  /** The ports we listen on now (SIP UDP/TCP/TLS, HTTP for WebSocket). */
  ports: () => readonly number[];
  /** Local interface addresses; default os.networkInterfaces(). */
  interfaces?: () => readonly string[];
}

const WILDCARDS = new Set(['0.0.0.0', '0:0:0:0:0:0:0:0']);

export class OwnAddresses {
  readonly #names: Set<string>;
  #addresses: Set<string> | undefined;

  constructor(private readonly options: OwnAddressOptions) {
    this.#names = new Set(options.names.map(bareName));
  }

  /** Whether `uri` names this server. */
  names(uri: SipUri): boolean {
    const host = uri.host.replace(/^\[|\]$/g, '');
    if (isIP(host) === 0) {
      if (!this.#names.has(bareName(host))) return false;
      return uri.port === undefined || this.options.ports().includes(uri.port);
    }
    if (!this.#ourAddresses().has(canonicalAddress(host))) return false;
    const tls = uri.scheme === 'sips' || uri.params.get('transport')?.toLowerCase() === 'tls';
    return this.options.ports().includes(uri.port ?? (tls ? 5061 : 5060));
  }

  #ourAddresses(): Set<string> {
    if (this.#addresses) return this.#addresses;
    const listening = canonicalAddress(this.options.host);
    const all = WILDCARDS.has(listening) ? (this.options.interfaces?.() ?? interfaceAddresses()) : [listening];
    this.#addresses = new Set(all.map(canonicalAddress));
    return this.#addresses;
  }
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** A host name without case or the trailing dot of an absolute name. */
function bareName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
