/**
 * Which address-of-record holds a contact (issue 15 defect 2; docs/server-contacts-and-guessing.md).
 *
 * RFC 3261 section 10.3 lets a registrar keep any URI as a contact of an AOR, and our proxy reaches a contact through
 * the connection of the binding that names it (RFC 7118 section 5.2, the in-dialog Request-URI of section 12.2.1.1).
 * If two AORs could hold the same contact, requests for one user's contact could reach the other's connection. So a
 * contact is *claimed* by the AOR that registered it, and another AOR's REGISTER of it is refused (403).
 *
 * - Contacts are claimed under a key coarser than URI equality (rfc3261#section-19.1.4): the user part (unescaped,
 *   lower case), the host (as `urisEqual` normalizes it, without a trailing dot) and the port as written; scheme and
 *   parameters are ignored. Two URIs that are equal always have the same key, so every binding a request URI can
 *   match belongs to the one AOR that holds that key.
 * - A claim lasts as long as the binding would: it outlives a binding dropped with its connection (a browser that
 *   reconnects re-registers the same contact, RFC 5626 section 4.2.1), so nobody can take the contact meanwhile.
 *   An un-REGISTER by the owner (expires 0, `*`) frees it at once.
 * - Bounded: at most `maxPerAor` claims per AOR; beyond that the oldest claims without a live binding go first.
 */
import { unescapeUri, type Uri } from '../../../src/core/sip/index.ts';
import { normalizeHost } from '../../../src/core/sip/ip-address.ts';

interface Claim {
  aor: string;
  /** ms since the epoch; the claim is void from then on. */
  until: number;
}

const keys = new WeakMap<Uri, string>();

/** The key two contacts that RFC 3261 section 19.1.4 calls equal always share (see the file comment). */
export function contactKey(uri: Uri): string {
  let key = keys.get(uri);
  if (key === undefined) keys.set(uri, (key = computeKey(uri)));
  return key;
}

function computeKey(uri: Uri): string {
  if (uri.kind !== 'sip') return uri.kind === 'tel' ? `tel:${uri.number}` : `${uri.scheme.toLowerCase()}:${uri.opaque}`;
  const user = uri.user === undefined ? '' : safeUnescape(uri.user).toLowerCase();
  return `${user}@${normalizeHost(uri.host).replace(/\.$/, '')}:${uri.port ?? ''}`;
}

export const DEFAULT_CLAIMS_PER_AOR = 100;

export class ContactClaims {
  readonly #claims = new Map<string, Claim>();
  /** AOR to its claimed keys, oldest first. */
  readonly #byAor = new Map<string, Set<string>>();

  constructor(readonly maxPerAor: number = DEFAULT_CLAIMS_PER_AOR) {}

  get size(): number {
    return this.#claims.size;
  }

  /** The AOR that holds the key now, or null. */
  ownerOf(key: string, now: number): string | null {
    const claim = this.#claims.get(key);
    return claim !== undefined && claim.until > now ? claim.aor : null;
  }

  /** Claims the key for `aor` until `until`. The caller has checked that no other AOR holds it. */
  set(aor: string, key: string, until: number): void {
    const claim = this.#claims.get(key);
    if (claim !== undefined && claim.aor !== aor) this.#unlink(claim.aor, key);
    this.#claims.set(key, { aor, until });
    let keys = this.#byAor.get(aor);
    if (!keys) this.#byAor.set(aor, (keys = new Set()));
    keys.delete(key); // re-inserted as the newest
    keys.add(key);
  }

  /** Frees the key if `aor` holds it. */
  release(aor: string, key: string): void {
    if (this.#claims.get(key)?.aor !== aor) return;
    this.#claims.delete(key);
    this.#unlink(aor, key);
  }

  /** Every key `aor` holds. */
  keysOf(aor: string): string[] {
    return [...(this.#byAor.get(aor) ?? [])];
  }

  /** Drops the oldest claims of `aor` beyond `maxPerAor`, never one in `live`. */
  trim(aor: string, live: ReadonlySet<string>): void {
    const keys = this.#byAor.get(aor);
    if (!keys || keys.size <= this.maxPerAor) return;
    for (const key of [...keys]) {
      if (keys.size <= this.maxPerAor) return;
      if (!live.has(key)) this.release(aor, key);
    }
  }

  /** Forgets claims that ran out. */
  sweep(now: number): void {
    for (const [key, claim] of [...this.#claims]) if (claim.until <= now) this.release(claim.aor, key);
  }

  #unlink(aor: string, key: string): void {
    const keys = this.#byAor.get(aor);
    keys?.delete(key);
    if (keys?.size === 0) this.#byAor.delete(aor);
  }
}

function safeUnescape(text: string): string {
  try {
    return unescapeUri(text);
  } catch {
    return text;
  }
}
