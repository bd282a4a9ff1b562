/**
 * Stateless, unforgeable nonces (RFC 7616 section 3.3 and section 5.4 suggest this construction):
 *
 *   nonce = base64( time || salt || HMAC-SHA256(K, time || salt || realm) ),  K = HMAC-SHA256(secret, "sealphone digest nonce")
 *
 * `time` is the issue time in ms (8 bytes, big-endian), `salt` 8 random bytes so that two challenges issued in the
 * same millisecond differ (each nonce gets its own nonce-count history). Nothing is stored per nonce until a request
 * uses it; a server restart with a new secret turns every outstanding nonce into an invalid one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TIME_BYTES = 8;
const SALT_BYTES = 8;
const MAC_BYTES = 32;
const NONCE_BYTES = TIME_BYTES + SALT_BYTES + MAC_BYTES;

/** 5 minutes: long enough for a challenge round trip, short enough to bound replays and the replay cache. */
export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60_000;
/** Clocks of one process do not run backwards much; a nonce from further in the future was not made here. */
const MAX_FUTURE_MS = 5_000;

export type NonceCheck =
  | { status: 'valid'; issuedAt: number }
  /** Authentic, but older than the lifetime: answer `stale=true` when the digest is right (RFC 7616 section 3.3). */
  | { status: 'expired'; issuedAt: number }
  /** Not made by us with this secret for this realm (forged, mangled, or from before a restart). */
  | { status: 'invalid' };

export class NonceIssuer {
  /** Separate keys for nonces and the opaque value, both derived from the one secret. */
  readonly #nonceKey: Buffer;
  readonly #opaqueKey: Buffer;

  constructor(
    secret: Uint8Array,
    readonly lifetimeMs: number = DEFAULT_NONCE_LIFETIME_MS,
  ) {
    if (secret.length < 16) throw new TypeError('the nonce secret needs at least 16 bytes');
    if (!(lifetimeMs > 0)) throw new TypeError('the nonce lifetime must be positive');
    this.#nonceKey = createHmac('sha256', secret).update('sealphone digest nonce').digest();
    this.#opaqueKey = createHmac('sha256', secret).update('sealphone digest opaque').digest();
  }

  issue(realm: string, now: number): string {
    const nonce = Buffer.alloc(NONCE_BYTES);
    nonce.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))), 0);
    randomBytes(SALT_BYTES).copy(nonce, TIME_BYTES);
    this.#mac(nonce.subarray(0, TIME_BYTES + SALT_BYTES), realm).copy(nonce, TIME_BYTES + SALT_BYTES);
    return nonce.toString('base64');
  }

  check(nonce: string, realm: string, now: number): NonceCheck {
    if (nonce.length !== Math.ceil(NONCE_BYTES / 3) * 4) return { status: 'invalid' };
    const bytes = Buffer.from(nonce, 'base64');
    // Buffer's base64 decoder skips junk; only the canonical spelling of 48 bytes is ours.
    if (bytes.length !== NONCE_BYTES || bytes.toString('base64') !== nonce) return { status: 'invalid' };
    const mac = this.#mac(bytes.subarray(0, TIME_BYTES + SALT_BYTES), realm);
    if (!timingSafeEqual(mac, bytes.subarray(TIME_BYTES + SALT_BYTES))) return { status: 'invalid' };
    const issuedAt = Number(bytes.readBigUInt64BE(0));
    if (issuedAt > now + MAX_FUTURE_MS) return { status: 'invalid' };
    return now - issuedAt > this.lifetimeMs ? { status: 'expired', issuedAt } : { status: 'valid', issuedAt };
  }

  /** A constant opaque value for the realm, bound to the secret: a client must return it unchanged (RFC 7616 3.3). */
  opaque(realm: string): string {
    return createHmac('sha256', this.#opaqueKey).update(realm, 'utf8').digest().subarray(0, 16).toString('hex');
  }

  #mac(data: Uint8Array, realm: string): Buffer {
    return createHmac('sha256', this.#nonceKey).update(data).update(realm, 'utf8').digest();
  }
}
