/**
 * What a digest-authenticating registrar keeps of a password (RFC 7616 section 3.4.2, RFC 8760 for SHA-256):
 * HA1 = H(username ":" realm ":" password) for MD5 and SHA-256, lower-case hex, with realm = the user's domain.
 * Usernames are the user part of the AOR (RFC 3261 section 25.1), compared exactly; domains are host names, compared
 * case-insensitively and so stored in lower case.
 */
import { createHash } from 'node:crypto';
import { StoreError } from './store-error.ts';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

/** HA1 of RFC 7616 section 3.4.2 (the non-`-sess` algorithms), lower-case hex; the strings are UTF-8. */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(`${username}:${realm}:${password}`, 'utf8')
    .digest('hex');
}

/**
 * RFC 3261 section 25.1 user: unreserved / escaped / user-unreserved. We leave out `;` and `?`, which would read as
 * URI parameters or headers of the AOR, and `%` escapes, so that each user has one spelling.
 */
const USERNAME = /^[A-Za-z0-9\-_.!~*'()&=+$,/]{1,64}$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:(?:${LABEL}\\.)*${LABEL}|\\d{1,3}(?:\\.\\d{1,3}){3})$`);
const MAX_PASSWORD_LENGTH = 1024;

export function checkUsername(username: string): string {
  if (!USERNAME.test(username)) {
    throw new StoreError('invalid', `invalid username ${JSON.stringify(username)}: use 1 to 64 of A-Z a-z 0-9 - _ . ! ~ * ' ( ) & = + $ , / (RFC 3261 user part; no @, spaces or control characters)`);
  }
  return username;
}

/** The domain in lower case; anything that is not a host name or IPv4 address is a StoreError 'invalid'. */
export function checkDomain(domain: string): string {
  if (domain.length > 253 || !HOST.test(domain)) throw new StoreError('invalid', `invalid domain ${JSON.stringify(domain)}: expected a host name such as example.test`);
  return domain.toLowerCase();
}

export function checkPassword(password: string): string {
  if (password.length === 0) throw new StoreError('invalid', 'the password is empty');
  if (password.length > MAX_PASSWORD_LENGTH) throw new StoreError('invalid', `the password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}
