/**
 * What digest authentication needs of the user store (`server/store`'s `Store.getUser` fits): the HA1 values of
 * RFC 7616 section 3.4.2 for a username in a realm, where the realm is the user's domain. Never a password.
 */
export interface DigestUser {
  username: string;
  /** Lower case; also the digest realm. */
  domain: string;
  /** MD5(username ":" domain ":" password), lower-case hex. */
  ha1Md5: string;
  /** SHA-256(username ":" domain ":" password), lower-case hex (RFC 8760). */
  ha1Sha256: string;
}

export interface UserDirectory {
  getUser(username: string, domain: string): DigestUser | undefined;
}
