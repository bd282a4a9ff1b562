/**
 * The keys of the pre-shared crypto-system (seed 000 section 6: "a means of using preshared keys between two SIP
 * entites"). The seed leaves open where the shared key comes from; SealPhone's two sources, both its own choice:
 *
 * 1. Hop-wise, softphone <-> server: from the digest secret both already hold, HA1 = SHA-256(username ":" realm ":"
 *    password) in lower-case hex (RFC 7616 section 3.4.2; the server stores exactly this, server/store/digest-
 *    credentials.ts), never the password itself:
 *
 *      hop secret = HKDF-SHA-256(IKM = ASCII of HA1, salt = "sealphone preshared hop v1",
 *                                info = realm (lower case) LF username, L = 32)
 *
 *    The realm is the lower-cased domain (the digest realm); the key context written in X-SIP-SECURE-METHOD is that
 *    realm, `preshared.sec.sip.iana=(r:example.test)` (section 6: "The realm tag refers to the key context").
 *
 * 2. End to end, peer <-> peer: a fresh random 256-bit key with a random 64-bit id, sent inside the signed and
 *    encrypted S/MIME body (seed 000 section 4.4: "the crypto system SHOULD provide a means of exchanging symmetric
 *    keys") as one more field of the protected sip-secure part:
 *
 *      X-SIP-SECURE-KEY: id=3f2a9c0d51e7b864; key=<base64 of 32 octets>
 *
 *    Its key context in X-SIP-SECURE-METHOD is the id, `preshared.sec.sip.iana=(r:3f2a9c0d51e7b864)`. Only the S/MIME
 *    layer may carry this field: it is secret, and it is trusted because the signature over it was verified.
 *
 * From either secret, two keys are derived so that no key serves two algorithms (RFC 5869 section 3.2's info):
 *
 *      checksum key   = HKDF-SHA-256(IKM = secret, salt = empty, info = "sealphone preshared HS256 v1", L = 32)
 *      encryption key = HKDF-SHA-256(IKM = secret, salt = empty, info = "sealphone preshared A256GCM v1", L = 32)
 */
import { fromBase64, randomBytes, toBase64, toHex, utf8 } from '../bytes.ts';
import { digest } from '../digest.ts';
import { FrameworkError, shown } from './framework-error.ts';
import { importAesGcmKey } from './aes-gcm.ts';
import { hkdfSha256 } from './hkdf.ts';
import { importHmacSha256Key } from './hmac-sha256.ts';

export const HOP_SALT = 'sealphone preshared hop v1';
export const CHECKSUM_KEY_INFO = 'sealphone preshared HS256 v1';
export const ENCRYPTION_KEY_INFO = 'sealphone preshared A256GCM v1';
export const SECURE_KEY_HEADER = 'X-SIP-SECURE-KEY';
export const SECRET_BYTES = 32;
const KEY_ID = /^[0-9a-f]{16}$/;

/** A pre-shared secret, ready for sealPreshared and openPreshared: its key context and its two derived keys. */
export interface PresharedKey {
  /** The key context, written as the realm tag of X-SIP-SECURE-METHOD (a realm, or an end-to-end key id). */
  context: string;
  checksum: CryptoKey;
  encryption: CryptoKey;
}

/** Derives the two keys from a 32-octet secret once, so that each message costs no derivation. */
export async function importPresharedKey(secret: Uint8Array, context: string, crypto: Crypto): Promise<PresharedKey> {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) throw new FrameworkError('malformed', `a pre-shared secret is ${SECRET_BYTES} octets`);
  if (!/^[^\s(),;=]+$/.test(context)) throw new FrameworkError('malformed', `key context ${shown(context)} cannot be a realm tag`);
  const none = new Uint8Array(0);
  const [checksumRaw, encryptionRaw] = await Promise.all([
    hkdfSha256(secret, none, utf8(CHECKSUM_KEY_INFO), 32, crypto),
    hkdfSha256(secret, none, utf8(ENCRYPTION_KEY_INFO), 32, crypto),
  ]);
  return { context, checksum: await importHmacSha256Key(checksumRaw, crypto), encryption: await importAesGcmKey(encryptionRaw, crypto) };
}

/** HA1 of RFC 7616 section 3.4.2 with SHA-256, lower-case hex: what the softphone computes from its password. */
export async function digestHa1Sha256(username: string, realm: string, password: string, crypto: Crypto): Promise<string> {
  return toHex(await digest('SHA-256', utf8(`${username}:${realm}:${password}`), crypto));
}

/** The hop secret shared by a user and its server (see the module comment). */
export async function hopSecretFromHa1(ha1Hex: string, realm: string, username: string, crypto: Crypto): Promise<Uint8Array> {
  if (!/^[0-9a-fA-F]{32,128}$/.test(ha1Hex)) throw new FrameworkError('malformed', 'HA1 must be hexadecimal');
  if (realm.length === 0 || username.length === 0 || /[\n]/.test(realm + username)) throw new FrameworkError('malformed', 'a realm and a username are required');
  return hkdfSha256(utf8(ha1Hex.toLowerCase()), utf8(HOP_SALT), utf8(`${realm.toLowerCase()}\n${username}`), SECRET_BYTES, crypto);
}

/** A fresh end-to-end key: 256 random bits and a random 64-bit id in hex. */
export interface EndToEndKey {
  id: string;
  secret: Uint8Array;
}

export function newEndToEndKey(crypto: Crypto): EndToEndKey {
  return { id: toHex(randomBytes(8, crypto)), secret: randomBytes(SECRET_BYTES, crypto) };
}

/** The X-SIP-SECURE-KEY value: `id=<16 hex>; key=<base64>`. */
export function formatSecureKey(key: EndToEndKey): string {
  if (!KEY_ID.test(key.id) || key.secret.length !== SECRET_BYTES) throw new FrameworkError('malformed', 'an end-to-end key is a 16-hex-digit id and 32 octets');
  return `id=${key.id}; key=${toBase64(key.secret)}`;
}

/** Reads an X-SIP-SECURE-KEY value; FrameworkError 'malformed' for anything else. */
export function parseSecureKey(value: string): EndToEndKey {
  const match = typeof value === 'string' ? /^\s*id=([0-9a-f]{16})\s*;\s*key=([A-Za-z0-9+/]{43}=)\s*$/.exec(value) : null;
  if (!match) throw new FrameworkError('malformed', `${SECURE_KEY_HEADER} ${typeof value === 'string' ? shown(value) : ''} is not "id=<16 hex digits>; key=<base64 of 32 octets>"`);
  let secret: Uint8Array;
  try {
    secret = fromBase64(match[2]!);
  } catch (error) {
    throw new FrameworkError('malformed', `${SECURE_KEY_HEADER}: the key is not base64`, { cause: error });
  }
  if (secret.length !== SECRET_BYTES) throw new FrameworkError('malformed', `${SECURE_KEY_HEADER}: the key is not ${SECRET_BYTES} octets`);
  return { id: match[1]!, secret };
}
