/**
 * The registrar of RFC 3261 section 10.3 for our domain, steps as numbered there:
 *
 * 1. REGISTER whose Request-URI names our domain (or the local address it arrived on, as sipp and Kamailio setups
 *    write it). Any other REGISTER is not taken (`handle` returns false): the proxy forwards or refuses it, as step 1
 *    says a registrar that is also a proxy does.
 * 2. Require: we understand `path` (RFC 3327) only; anything else gets 420 with Unsupported.
 * 3. Digest authentication with a 401 challenge (`DigestAuthenticator`); a REGISTER without credentials on the
 *    user's own connection (`incoming.user`, set by the stack from `OwnConnections`) counts as that user for her own
 *    AOR only: for another AOR it is challenged, so a second user behind the same connection can register (issue 15
 *    defect 3).
 * 4-5. The To AOR must be the authenticated user's own (403 otherwise: no one registers for someone else, seed 000
 *    section 4.5).
 * 6. Contacts: `*` only alone and with `Expires: 0` (else 400); expiry from the contact's `expires` parameter, else the
 *    Expires header, else 3600 s; values that are not delta-seconds count as absent (RFC 4475 scalar02); 0 < expiry
 *    < Min-Expires gets 423 with Min-Expires; longer than the maximum is shortened to it.
 * 7. Per contact, the binding with the same `+sip.instance` and `reg-id` (RFC 5626 section 6), else the same URI
 *    (section 19.1.4): with the same Call-ID and a CSeq not higher, the whole request fails with 500 and changes
 *    nothing; otherwise it is updated, or removed for expiry 0. All updates are committed together. A contact that
 *    another AOR holds (`LocationService.ownerOfContact`), or that names an AOR of our domain, gets 403 for the whole
 *    request (issue 15 defect 2, docs/server-contacts-and-guessing.md).
 * 8. 200 with every current binding as a Contact with its remaining `expires`, a Date header, and the Path values when
 *    the client supports path.
 *
 * A REGISTER that passed digest authentication on a connection-oriented transport binds its connection to that user,
 * if it came straight from the user agent (`OwnConnections`: never a proxy's connection).
 */
import { formatNameAddr, formatUri, parseContact, parseCSeq, parseExpires, parseNameAddr, parseUri, SipParseError, unquote, urisEqual, type NameAddr, type SipRequest, type SipUri } from '../../../src/core/sip/index.ts';
import { formatSipDate } from '../../../src/core/identity/index.ts';
import type { DigestAuthenticator } from '../auth/index.ts';
import type { OwnConnections } from '../auth/own-connections.ts';
import type { AuthenticatedUser, IncomingRequest, RequestHandler } from '../request-context.ts';
import type { SipConnection } from '../transport/connection.ts';
import { aorKey } from './aor.ts';
import { remainingSeconds, type Binding } from './binding.ts';
import type { LocationService } from './location-service.ts';

export interface RegistrarOptions {
  /** The domain we keep bindings for; also the digest realm. */
  domain: string;
  authenticator: Pick<DigestAuthenticator, 'authenticate' | 'challenge'>;
  location: LocationService;
  /** The connections that stand for the user who registered on them (connection-bound authentication). */
  ownConnections: OwnConnections;
  /** Shortest registration accepted, seconds (RFC 3261 section 10.3 step 7, 423). Default 60. */
  minExpires?: number;
  /** Longest registration granted, seconds; longer requests are shortened. Default 3600. */
  maxExpires?: number;
  /** When neither the contact nor the request says (RFC 3261 section 10.2.1.1). Default 3600. */
  defaultExpires?: number;
  /** Bindings per AOR; a REGISTER that would exceed it gets 403. Default 20. */
  maxBindingsPerAor?: number;
  /** ms since the epoch. */
  now?: () => number;
}

/** Option tags we understand in Require (RFC 3261 section 10.3 step 2). */
const SUPPORTED = new Set(['path']);
/** reg-id = 1*DIGIT, 1 to 2**31-1 (RFC 5626 section 4.2). */
const MAX_REG_ID = 2 ** 31 - 1;

interface ContactUpdate {
  contact: NameAddr;
  uri: string;
  instanceId: string | undefined;
  regId: number | undefined;
  /** Requested, seconds. */
  requested: number;
  /** Granted, seconds. */
  expires: number;
}

interface Rejection {
  status: number;
  reason?: string;
  headers?: Array<[string, string]>;
}

export class Registrar implements RequestHandler {
  readonly domain: string;
  readonly minExpires: number;
  readonly maxExpires: number;
  readonly defaultExpires: number;
  readonly maxBindingsPerAor: number;
  readonly #auth: RegistrarOptions['authenticator'];
  readonly #location: LocationService;
  readonly #ownConnections: OwnConnections;
  readonly #now: () => number;

  constructor(options: RegistrarOptions) {
    this.domain = options.domain.toLowerCase();
    this.#auth = options.authenticator;
    this.#location = options.location;
    this.#ownConnections = options.ownConnections;
    this.minExpires = options.minExpires ?? 60;
    this.maxExpires = options.maxExpires ?? 3600;
    this.defaultExpires = options.defaultExpires ?? 3600;
    this.maxBindingsPerAor = options.maxBindingsPerAor ?? 20;
    this.#now = options.now ?? Date.now;
    if (!(this.minExpires >= 0 && this.minExpires <= this.maxExpires)) throw new TypeError('minExpires must be between 0 and maxExpires');
  }

  handle(incoming: IncomingRequest): boolean {
    const { request } = incoming;
    if (request.method !== 'REGISTER' || !this.#isOurs(request.uri, incoming.connection)) return false;
    try {
      this.#register(incoming);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      if (!incoming.answered) incoming.respond(400, { reason: error.reason });
    }
    return true;
  }

  /** The user `request`'s connection stands for (connection-bound authentication; `OwnConnections`). */
  authenticatedUserOf(connection: SipConnection, request: SipRequest): AuthenticatedUser | null {
    return this.#ownConnections.userOf(connection, request);
  }

  #register(incoming: IncomingRequest): void {
    const { request, connection } = incoming;
    const now = this.#now();

    const unsupported = request.headers.values('Require').filter((tag) => !SUPPORTED.has(tag.toLowerCase()));
    if (unsupported.length > 0) {
      incoming.respond(420, { headers: [['Unsupported', unsupported.join(', ')]] });
      return;
    }

    const aor = aorKey(parseNameAddr(request.headers.get('To') ?? '').uri);
    const digest = this.#auth.authenticate(incoming, { proxy: false });
    const viaDigest = digest.ok;
    let user = digest.ok ? digest.user : null;
    // The connection's own user, for her own AOR only: anyone else behind it must be challenged, not refused.
    if (!digest.ok && digest.reason === 'missing' && incoming.user && aorKey(incoming.user.aor) === aor) user = incoming.user;
    if (!user) {
      this.#auth.challenge(incoming, { proxy: false, stale: !digest.ok && digest.stale });
      return;
    }

    if (aor === null || aor !== aorKey(user.aor)) {
      incoming.respond(403, { reason: 'Not Your Address-of-Record' });
      return;
    }

    const callId = request.headers.get('Call-ID') ?? '';
    const cseq = parseCSeq(request.headers.get('CSeq') ?? '').seq;
    const path = request.headers.values('Path');
    const contacts = request.headers.values('Contact').map(parseContact);
    const rawExpires = request.headers.get('Expires');

    let next: Binding[] | undefined;
    let released: SipUri[] | '*' = [];
    if (contacts.includes('*')) {
      if (contacts.length !== 1 || rawExpires === undefined || deltaSeconds(rawExpires) !== 0) {
        incoming.respond(400, { reason: 'Invalid Wildcard Contact' });
        return;
      }
      const existing = this.#location.bindings(aor);
      if (existing.some((b) => b.callId === callId && cseq <= b.cseq)) {
        incoming.respond(500, { reason: 'Out of Order CSeq' });
        return;
      }
      next = [];
      released = '*';
    } else if (contacts.length > 0) {
      const headerExpires = rawExpires === undefined ? undefined : deltaSeconds(rawExpires);
      const updates: ContactUpdate[] = [];
      for (const contact of contacts) {
        if (contact === '*') continue; // excluded above
        const update = this.#contactUpdate(contact, headerExpires);
        if ('status' in update) {
          reject(incoming, update);
          return;
        }
        updates.push(update);
      }
      if (updates.some((u) => u.requested > 0 && u.requested < this.minExpires)) {
        incoming.respond(423, { headers: [['Min-Expires', String(this.minExpires)]] });
        return;
      }
      const planned = this.#plan(aor, updates, { callId, cseq, connection, path, now });
      if (!Array.isArray(planned)) {
        reject(incoming, planned);
        return;
      }
      next = planned;
      released = updates.filter((u) => u.expires === 0).map((u) => u.contact.uri as SipUri);
    }

    if (next) this.#location.replaceBindings(aor, next);
    this.#location.releaseContacts(aor, released);
    if (viaDigest) this.#ownConnections.registered(connection, user, request);

    const headers: Array<[string, string]> = [];
    for (const b of this.#location.bindings(aor)) {
      headers.push(['Contact', formatNameAddr({ uri: b.contact.uri, params: new Map([...b.contact.params, ['expires', String(remainingSeconds(b, now))]]) })]);
    }
    const supported = request.headers.values('Supported').map((tag) => tag.toLowerCase());
    if (supported.includes('path')) for (const value of path) headers.push(['Path', value]);
    headers.push(['Date', formatSipDate(new Date(now))]);
    incoming.respond(200, { headers });
  }

  /** One Contact of a REGISTER read into what a binding needs, or the rejection it earns. */
  #contactUpdate(contact: NameAddr, headerExpires: number | undefined): ContactUpdate | Rejection {
    if (contact.uri.kind !== 'sip') return { status: 400, reason: 'Contact Is Not a SIP URI' };
    // A contact in our domain names an AOR (ours, or another user's): requests for that AOR must not be routed to
    // the registrant's connection.
    if (contact.uri.host.toLowerCase().replace(/\.$/, '') === this.domain) return { status: 403, reason: 'Contact Is an Address-of-Record of This Domain' };
    const params = new Map(contact.params);
    const raw = params.get('expires');
    params.delete('expires');
    const requested = (raw ? deltaSeconds(unquote(raw)) : undefined) ?? headerExpires ?? this.defaultExpires;
    const instance = params.get('+sip.instance');
    const instanceId = instance ? instance : undefined;
    let regId: number | undefined;
    const rawRegId = params.get('reg-id');
    // RFC 5626 section 6: without an instance id the registrar ignores reg-id (it stays a plain parameter).
    if (instanceId !== undefined && rawRegId !== undefined) {
      regId = rawRegId !== null && /^[0-9]{1,10}$/.test(rawRegId) ? Number(rawRegId) : 0;
      if (regId < 1 || regId > MAX_REG_ID) return { status: 400, reason: 'Bad reg-id' };
    }
    return {
      contact: { uri: contact.uri, params },
      uri: formatUri(contact.uri),
      instanceId,
      regId,
      requested,
      expires: Math.min(requested, this.maxExpires),
    };
  }

  /** The AOR's bindings after the updates (RFC 3261 section 10.3 step 7), or the rejection of the whole request. */
  #plan(aor: string, updates: readonly ContactUpdate[], request: { callId: string; cseq: number; connection: SipConnection; path: string[]; now: number }): Binding[] | Rejection {
    const next = this.#location.bindings(aor);
    const written = new Set<Binding>();
    for (const u of updates) {
      const i = next.findIndex((b) => sameBinding(b, u));
      const old = i < 0 ? undefined : next[i];
      if (old && !written.has(old) && old.callId === request.callId && request.cseq <= old.cseq) {
        return { status: 500, reason: 'Out of Order CSeq' };
      }
      if (u.expires === 0) {
        if (i >= 0) next.splice(i, 1);
        continue;
      }
      const owner = this.#location.ownerOfContact(u.contact.uri);
      if (owner !== null && owner !== aor) return { status: 403, reason: 'Contact Bound to Another Address-of-Record' };
      const binding: Binding = {
        aor,
        contact: u.contact,
        uri: u.uri,
        instanceId: u.instanceId,
        regId: u.regId,
        callId: request.callId,
        cseq: request.cseq,
        expiresAt: request.now + u.expires * 1000,
        registeredAt: old?.registeredAt ?? request.now,
        connection: request.connection,
        path: request.path,
      };
      if (i >= 0) next[i] = binding;
      else next.push(binding);
      written.add(binding);
    }
    if (next.length > this.maxBindingsPerAor) return { status: 403, reason: 'Too Many Contacts' };
    return next;
  }

  #isOurs(requestUri: string, connection: SipConnection): boolean {
    let uri: SipUri;
    try {
      const parsed = parseUri(requestUri);
      if (parsed.kind !== 'sip') return false;
      uri = parsed;
    } catch (error) {
      if (error instanceof SipParseError) return false;
      throw error;
    }
    const host = uri.host.startsWith('[') ? uri.host.slice(1, -1).toLowerCase() : uri.host.toLowerCase();
    const local = connection.localAddress.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
    return host === this.domain || (local.length > 0 && host === local);
  }
}

/** Binding identity: instance id and reg-id when both sides have an instance id (RFC 5626 section 6), else the URI. */
function sameBinding(b: Binding, u: ContactUpdate): boolean {
  if (b.instanceId !== undefined && u.instanceId !== undefined) {
    return unquote(b.instanceId).toLowerCase() === unquote(u.instanceId).toLowerCase() && b.regId === u.regId;
  }
  return b.uri === u.uri || urisEqual(b.contact.uri, u.contact.uri);
}

function reject(incoming: IncomingRequest, rejection: Rejection): void {
  incoming.respond(rejection.status, { reason: rejection.reason, headers: rejection.headers });
}

/** delta-seconds, or undefined when the text is not one (RFC 4475 scalar02: treat as absent). */
function deltaSeconds(text: string): number | undefined {
  try {
    return parseExpires(text);
  } catch (error) {
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}
