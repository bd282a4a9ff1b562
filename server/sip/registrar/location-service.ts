/**
 * The location service of RFC 3261 section 10.3 for our domain: bindings in memory (clients refresh them; issue 3
 * lets registrations live in memory), per AOR, with the connection each arrived on.
 *
 * - Expiry is lazy (reads skip expired bindings) plus a periodic `sweep` that removes them and emits `changed`.
 * - Bindings on a connection-oriented transport (WS, WSS, TCP, TLS) live no longer than their connection: the stack
 *   calls `dropConnection` when it closes (issue 3). We never open a connection towards a contact, so a binding whose
 *   connection is gone could not be reached anyway; the client re-registers on its new connection.
 * - `changed(aor, bindings)` fires when the set of bindings of an AOR changes: one added, removed, expired, dropped
 *   with its connection, or moved to another connection. A plain refresh (new expiry, same contact and connection)
 *   does not fire it. Listener exceptions are caught and logged.
 * - A contact belongs to one AOR (`ContactClaims`, issue 15 defect 2): `replaceBindings` refuses a contact another
 *   AOR holds (the Registrar asks `ownerOfContact` first and answers 403), the claim outlives a binding dropped with
 *   its connection until the binding would have expired, and `connectionForContact` only answers with a binding of
 *   the AOR that holds the contact, so routing to a contact never crosses AORs.
 */
import { parseUri, SipParseError, type Uri } from '../../../src/core/sip/index.ts';
import type { Logger } from '../../log.ts';
import type { SipConnection } from '../transport/connection.ts';
import { aorKey } from './aor.ts';
import { isReachable, type Binding } from './binding.ts';
import { ContactClaims, contactKey, DEFAULT_CLAIMS_PER_AOR } from './contact-claims.ts';
import { ContactIndex } from './contact-index.ts';

export interface LocationEvents {
  changed: [aor: string, bindings: readonly Binding[]];
}

export interface LocationServiceOptions {
  /** ms since the epoch. */
  now?: () => number;
  /** How often expired bindings are swept; 0 for never (tests call `sweep`). Default 30 s; the timer is unref'd. */
  sweepIntervalMs?: number;
  /** Contacts one AOR may hold, its live bindings' and those kept for dropped bindings (ContactClaims). Default 100. */
  maxContactClaimsPerAor?: number;
  log?: Logger;
}

type Listener<K extends keyof LocationEvents> = (...args: LocationEvents[K]) => void;

const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

export class LocationService {
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  readonly #byAor = new Map<string, readonly Binding[]>();
  /** Every binding of #byAor, by contact URI. */
  readonly #contacts = new ContactIndex();
  /** Which AOR holds each contact (issue 15 defect 2). */
  readonly #claims: ContactClaims;
  /** Connection id to the AORs with a binding on it. */
  readonly #aorsByConnection = new Map<string, Set<string>>();
  readonly #listeners: { [K in keyof LocationEvents]: Set<Listener<K>> } = { changed: new Set() };
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: LocationServiceOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
    this.#claims = new ContactClaims(options.maxContactClaimsPerAor ?? DEFAULT_CLAIMS_PER_AOR);
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sweep(), interval);
      this.#timer.unref();
    }
  }

  /** Number of AORs with at least one binding (expired ones included until swept). */
  get size(): number {
    return this.#byAor.size;
  }

  /**
   * The bindings a request to `aor` can be sent to: unexpired, on an open connection (or UDP), oldest first.
   * `aor` is any SIP or SIPS URI with a user part; its port and parameters are ignored.
   */
  lookup(aor: string): Binding[] {
    return this.bindings(aor).filter(isReachable);
  }

  /** Every unexpired binding of the AOR, reachable or not, oldest first: what the registrar reports in a 200. */
  bindings(aor: string): Binding[] {
    const key = aorKey(aor);
    if (key === null) return [];
    const now = this.#now();
    return (this.#byAor.get(key) ?? []).filter((b) => b.expiresAt > now);
  }

  /**
   * Replaces the AOR's bindings with `bindings` at once (RFC 3261 section 10.3 step 7: all of a REGISTER's updates
   * become visible together, or none). An empty list removes the AOR.
   */
  replaceBindings(aor: string, bindings: readonly Binding[]): void {
    const key = aorKey(aor);
    if (key === null) throw new TypeError(`not an address-of-record: ${aor.slice(0, 80)}`);
    const now = this.#now();
    for (const b of bindings) {
      if (b.aor !== key) throw new TypeError(`binding for ${b.aor} given for ${key}`);
      const owner = this.#claims.ownerOf(contactKey(b.contact.uri), now);
      if (owner !== null && owner !== key) throw new TypeError(`contact ${b.uri.slice(0, 80)} is held by another address-of-record`);
    }
    const before = this.#byAor.get(key) ?? [];
    this.#store(key, before, [...bindings]);
    this.#claim(key, before, bindings);
    if (!sameShape(before.filter((b) => b.expiresAt > now), bindings)) this.#emit('changed', key, this.bindings(key));
  }

  /**
   * The AOR key (`sip:user@domain`) that holds a contact URI now, through a binding or a claim kept after its
   * connection closed; null when none does. A REGISTER of a contact held by another AOR must be refused.
   */
  ownerOfContact(uri: Uri): string | null {
    return this.#claims.ownerOf(contactKey(uri), this.#now());
  }

  /**
   * Frees contacts the AOR holds without a binding (an un-REGISTER, `expires=0` or `*`, of a contact whose binding
   * was dropped with its connection). Contacts with a binding are freed by `replaceBindings` when it goes.
   */
  releaseContacts(aor: string, uris: readonly Uri[] | '*'): void {
    const key = aorKey(aor);
    if (key === null) return;
    const live = new Set((this.#byAor.get(key) ?? []).map((b) => contactKey(b.contact.uri)));
    const keys = uris === '*' ? this.#claims.keysOf(key) : uris.map(contactKey);
    for (const k of keys) if (!live.has(k)) this.#claims.release(key, k);
  }

  /** The connection that reaches a registered contact URI (compared by RFC 3261 section 19.1.4), or null. */
  connectionForContact(uri: string): SipConnection | null {
    const now = this.#now();
    // Only a binding of the AOR that holds the contact: a request for one user's contact never reaches another's.
    const usable = (b: Binding): boolean => b.expiresAt > now && isReachable(b) && this.#claims.ownerOf(contactKey(b.contact.uri), now) === b.aor;
    const same = this.#contacts.byText(uri, usable);
    if (same !== undefined) return same.connection;
    let target: Uri;
    try {
      target = parseUri(uri);
    } catch (error) {
      if (error instanceof SipParseError) return null;
      throw error;
    }
    return this.#contacts.equalTo(target, usable)?.connection ?? null;
  }

  /** Forgets every binding on the connection; emits `changed` per AOR that lost one. */
  dropConnection(connectionId: string): void {
    const aors = this.#aorsByConnection.get(connectionId);
    if (!aors) return;
    for (const aor of [...aors]) {
      const before = this.#byAor.get(aor) ?? [];
      this.#store(aor, before, before.filter((b) => b.connection.id !== connectionId));
      this.#emit('changed', aor, this.bindings(aor));
    }
    this.#aorsByConnection.delete(connectionId);
  }

  /** Removes expired bindings, and bindings of connections that closed without `dropConnection`. */
  sweep(): void {
    const now = this.#now();
    for (const [aor, list] of [...this.#byAor]) {
      const live = list.filter((b) => b.expiresAt > now && isReachable(b));
      if (live.length === list.length) continue;
      this.#store(aor, list, live);
      this.#emit('changed', aor, live);
    }
    this.#claims.sweep(now);
  }

  on<K extends keyof LocationEvents>(name: K, listener: Listener<K>): () => void {
    this.#listeners[name].add(listener);
    return () => this.off(name, listener);
  }

  off<K extends keyof LocationEvents>(name: K, listener: Listener<K>): void {
    this.#listeners[name].delete(listener);
  }

  /** Stops the sweep timer. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
  }

  #store(aor: string, before: readonly Binding[], after: Binding[]): void {
    for (const b of before) this.#contacts.remove(b);
    for (const b of after) this.#contacts.add(b);
    for (const b of before) this.#aorsByConnection.get(b.connection.id)?.delete(aor);
    for (const b of before) if (this.#aorsByConnection.get(b.connection.id)?.size === 0) this.#aorsByConnection.delete(b.connection.id);
    if (after.length === 0) {
      this.#byAor.delete(aor);
      return;
    }
    this.#byAor.set(aor, after);
    for (const b of after) {
      let aors = this.#aorsByConnection.get(b.connection.id);
      if (!aors) this.#aorsByConnection.set(b.connection.id, (aors = new Set()));
      aors.add(aor);
    }
  }

  /** The AOR's claims after `replaceBindings`: each contact held until its binding expires; contacts gone are freed. */
  #claim(aor: string, before: readonly Binding[], after: readonly Binding[]): void {
    const until = new Map<string, number>();
    for (const b of after) {
      const k = contactKey(b.contact.uri);
      until.set(k, Math.max(until.get(k) ?? 0, b.expiresAt));
    }
    for (const b of before) {
      const k = contactKey(b.contact.uri);
      if (!until.has(k)) this.#claims.release(aor, k);
    }
    for (const [k, t] of until) this.#claims.set(aor, k, t);
    this.#claims.trim(aor, new Set(until.keys()));
  }

  #emit<K extends keyof LocationEvents>(name: K, ...args: LocationEvents[K]): void {
    for (const listener of [...this.#listeners[name]]) {
      try {
        listener(...args);
      } catch (error) {
        this.#log?.error({ err: error, event: name }, 'location service listener threw');
      }
    }
  }
}

/** Same contacts on the same connections, ignoring expiry and CSeq. */
function sameShape(a: readonly Binding[], b: readonly Binding[]): boolean {
  if (a.length !== b.length) return false;
  const key = (x: Binding): string => `${x.uri}\n${x.instanceId ?? ''}\n${x.regId ?? ''}\n${x.connection.id}`;
  const left = new Set(a.map(key));
  return b.every((x) => left.has(key(x)));
}
