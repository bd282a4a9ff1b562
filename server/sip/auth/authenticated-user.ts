/** The AuthenticatedUser of the request-handler contract, with its AOR spelled one way. */
import { formatUri } from '../../../src/core/sip/index.ts';
import type { AuthenticatedUser } from '../request-context.ts';

/** `sip:username@domain`, the domain in lower case, the user %-escaped where RFC 3261 section 25.1 needs it. */
export function sipAor(username: string, domain: string): string {
  return formatUri({ kind: 'sip', scheme: 'sip', user: username, host: domain.toLowerCase(), params: new Map(), headers: [] });
}

export function authenticatedUser(username: string, domain: string): AuthenticatedUser {
  const lower = domain.toLowerCase();
  return { username, domain: lower, aor: sipAor(username, lower) };
}
