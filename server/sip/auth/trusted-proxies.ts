/**
 * Proxies we trust to assert who sent a request (RFC 3325: P-Asserted-Identity within a trust domain), configured
 * by address (`--trusted-proxy`). Empty by default: then nobody's assertion counts.
 *
 * - A request on a WebSocket or TCP connection from a trusted proxy's address, with a P-Asserted-Identity naming an
 *   existing user of our domain (RFC 3325 section 9.1: one sip or sips URI, perhaps beside a tel URI), counts as that
 *   user without a challenge (`assertedUser`). Never over UDP, whose source address can be spoofed.
 * - From anyone else, P-Asserted-Identity is removed before any handler reads the request (`stripUntrusted`; RFC 3325
 *   section 5: a proxy removes it from messages received from outside the trust domain), so it is neither believed
 *   nor passed on to a user agent that might believe it.
 * - Failed passwords from a trusted proxy's address are not counted against that address (every user behind it
 *   would be locked out together); they still count per username (`GuessingLimits`).
 */
import { parseNameAddr, SipParseError, unescapeUri } from '../../../src/core/sip/index.ts';
import type { AuthenticatedUser, IncomingRequest, RequestHandler } from '../request-context.ts';
import type { SipConnection } from '../transport/connection.ts';
import { authenticatedUser } from './authenticated-user.ts';
import { canonicalAddress } from '../transport/address-key.ts';

const HEADER = 'P-Asserted-Identity';

export interface TrustedProxiesOptions {
  /** IP addresses of the proxies in our trust domain. */
  addresses: readonly string[];
  /** Our domain: only its users can be asserted. */
  domain: string;
  userExists(username: string, domain: string): boolean;
}

export class TrustedProxies {
  /** The trusted addresses, each spelled one way (`canonicalAddress`). */
  readonly addresses: ReadonlySet<string>;
  readonly #domain: string;
  readonly #userExists: TrustedProxiesOptions['userExists'];

  constructor(options: TrustedProxiesOptions) {
    this.addresses = new Set(options.addresses.map(canonicalAddress));
    this.#domain = options.domain.toLowerCase().replace(/\.$/, '');
    this.#userExists = options.userExists;
  }

  /** Whether the connection comes from a trusted proxy (connection-oriented transports only). */
  isTrusted(connection: Pick<SipConnection, 'transport' | 'remoteAddress'>): boolean {
    return connection.transport !== 'UDP' && this.addresses.has(canonicalAddress(connection.remoteAddress));
  }

  /** The user a trusted proxy asserts for this request; null when it is not from one or asserts nobody of ours. */
  assertedUser(incoming: Pick<IncomingRequest, 'request' | 'connection'>): AuthenticatedUser | null {
    if (!this.isTrusted(incoming.connection)) return null;
    const sipValues = incoming.request.headers.values(HEADER).flatMap((value) => {
      try {
        const { uri } = parseNameAddr(value);
        return uri.kind === 'sip' ? [uri] : [];
      } catch (error) {
        if (error instanceof SipParseError) return [];
        throw error;
      }
    });
    // RFC 3325 section 9.1: at most one sip/sips identity; two make the assertion meaningless.
    if (sipValues.length !== 1) return null;
    const uri = sipValues[0]!;
    const domain = uri.host.toLowerCase().replace(/\.$/, '');
    if (uri.user === undefined || domain !== this.#domain) return null;
    const username = unescapeUri(uri.user);
    return this.#userExists(username, domain) ? authenticatedUser(username, domain) : null;
  }

  /** The first request handler: removes P-Asserted-Identity from requests that do not come from a trusted proxy. */
  readonly stripUntrusted: RequestHandler = {
    handle: (incoming) => {
      if (!this.isTrusted(incoming.connection) && incoming.request.headers.has(HEADER)) incoming.request.headers.delete(HEADER);
      return false;
    },
  };
}
