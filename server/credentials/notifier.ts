/**
 * The RFC 6665 notifier of the `certificate` and `credential` packages (RFC 6072 sections 6 and 7): accepting,
 * refreshing and ending subscriptions, and sending every NOTIFY, signed by the authentication service first
 * (RFC 6072 section 8).
 *
 * NOTIFYs to different subscriptions go out concurrently; within one dialog they go one at a time, each carrying the
 * state current when it is built (so CSeq order is delivery order, and a burst of changes collapses into the newest
 * state while a NOTIFY is in flight).
 */
import {
  formatCSeq,
  formatEvent,
  formatNameAddr,
  formatSubscriptionState,
  formatUri,
  generateTag,
  parseContact,
  parseCSeq,
  parseNameAddr,
  parseUri,
  reasonPhrase,
  SipHeaders,
  SipParseError,
  splitHeaderList,
  type NameAddr,
  type SipEvent,
  type SipRequest,
  type SipResponse,
} from '../../src/core/sip/index.ts';
import type { IncomingRequest, SipServices } from '../sip/request-context.ts';
import type { SipConnection } from '../sip/transport/connection.ts';
import type { BurstPolicy } from './burst-limit.ts';
import type { CredentialRepository, StoredCredential } from './credential-repository.ts';
import { decideExpires, type ExpiresPolicy } from './expires.ts';
import type { IdentitySigner } from './identity-signer.ts';
import { MULTIPART_MIXED, PKCS8, PKIX_CERT } from './notify-body.ts';
import { accepts, aorOfUri, detach, isOwner, tagOf, transportAllowsCredentials, warningValue, type EventPackage } from './request-checks.ts';
import type { ServiceLogger } from './service-logger.ts';
import { credentialReplaced, Resource, Subscription, type TerminationReason } from './subscriptions.ts';
import { SubscriptionQuota, type SubscriptionLimits } from './subscription-quota.ts';
import { timerDelay } from '../../src/core/timer-delay.ts';

/** Our To tags start with this, so an in-dialog SUBSCRIBE we lost (restart) is recognisably ours: 481, not routed. */
export const TAG_PREFIX = 'cs-';

/** rfc6665#section-4.2.2 and RFC 5057 section 5.1: NOTIFY answers after which the subscription is gone. */
const ENDS_SUBSCRIPTION = new Set([404, 405, 408, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 503, 604]);

/** What a subscriber may list in Accept for each package (RFC 6072 sections 6.4 and 7). */
const ACCEPTABLE: Readonly<Record<EventPackage, readonly string[]>> = {
  certificate: [PKIX_CERT],
  credential: [MULTIPART_MIXED, PKCS8],
};

/** NOTIFYs of a fan-out started in one turn of the event loop (notifyAll). */
const FAN_OUT_SLICE = 256;
/** Sweeps for expired subscriptions run at most this often. */
const MIN_SWEEP_GAP_MS = 1000;

export interface NotifierDeps {
  services: SipServices;
  repository: CredentialRepository;
  signer: IdentitySigner;
  crypto: Crypto;
  now: () => number;
  expires: Readonly<Record<EventPackage, ExpiresPolicy>>;
  burst: BurstPolicy;
  /** What one connection and one address may hold and start (subscription-quota.ts). */
  limits: SubscriptionLimits;
  /** Connections that carry many parties from one address (trusted proxies; subscription-quota.ts). */
  sharedOrigin?: (connection: SipConnection) => boolean;
  logger: ServiceLogger;
}

export class Notifier {
  /** Active subscriptions by our To tag (unique per dialog; Call-ID and the subscriber's tag are checked on lookup). */
  private readonly byTag = new Map<string, Subscription>();
  /** Watched AORs. */
  private readonly resources = new Map<string, Resource>();
  private readonly contacts = new WeakMap<SipConnection, string>();
  private readonly running = new Set<Promise<unknown>>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepAt = Number.POSITIVE_INFINITY;
  private closed = false;
  private readonly quota: SubscriptionQuota<Subscription>;

  constructor(private readonly deps: NotifierDeps) {
    this.quota = new SubscriptionQuota<Subscription>(deps.limits, deps.now, deps.sharedOrigin);
  }

  get subscriptionCount(): number {
    return this.byTag.size;
  }

  get watchedAorCount(): number {
    return this.resources.size;
  }

  /** The active subscription of an in-dialog request, matched by Call-ID and both tags. */
  dialogOf(request: SipRequest, toTag: string, fromTag: string | undefined): Subscription | undefined {
    const sub = this.byTag.get(toTag);
    if (sub === undefined || sub.callId !== request.headers.get('Call-ID')?.trim() || tagOf(sub.remote) !== fromTag) return undefined;
    return sub;
  }

  /** An initial SUBSCRIBE for `aor` and one of our packages (rfc6665#section-4.2.1). */
  subscribe(incoming: IncomingRequest, aor: string, event: SipEvent, pkg: EventPackage): void {
    const { request } = incoming;
    const h = request.headers;
    let to: NameAddr;
    let remote: string;
    let remoteCseq: number;
    let target: string;
    try {
      to = parseNameAddr(h.get('To') ?? '');
      const fromText = h.get('From') ?? '';
      const tag = parseNameAddr(fromText).params.get('tag');
      if (tag === undefined || tag === null) return void incoming.respond(400, { reason: 'Missing From tag' });
      if (aorOfUri(to.uri) !== aor) return void incoming.respond(400, { reason: 'To does not match the Request-URI' });
      const contact = this.contactOf(request);
      if (contact === undefined) return void incoming.respond(400, { reason: 'Missing Contact' });
      target = contact;
      remoteCseq = parseCSeq(h.get('CSeq') ?? '').seq;
      remote = fromText;
    } catch (error) {
      if (error instanceof SipParseError) return void incoming.respond(400, { reason: error.reason });
      throw error;
    }
    if (!this.authorize(incoming, aor, pkg)) return;
    if (!accepts(request, ACCEPTABLE[pkg])) {
      return void incoming.respond(406, { reason: `Not Acceptable: ${pkg} bodies are ${ACCEPTABLE[pkg].join(' or ')}` });
    }
    const expires = this.grantExpires(incoming, pkg);
    if (expires === undefined) return;
    const refused = this.quota.admit(incoming.connection, expires > 0);
    if (refused !== undefined) {
      this.deps.logger.warn({ aor, event: pkg, address: incoming.connection.remoteAddress, status: refused.status }, `subscription refused: ${refused.reason}`);
      const headers: [string, string][] = refused.status === 503 ? [['Retry-After', String(refused.retryAfterSeconds)]] : [];
      return void incoming.respond(refused.status, { reason: refused.reason, headers });
    }

    const now = this.deps.now();
    const resource = this.resourceFor(aor);
    this.load(resource);
    const localTag = TAG_PREFIX + generateTag(this.deps.crypto);
    // RFC 6072 section 10.3: the NOTIFY's From is the subscribed URI, as the subscriber wrote it in To.
    const local = formatNameAddr({ ...to, params: new Map([...to.params, ['tag', localTag]]) });
    const recordRoute = h.values('Record-Route');
    const sub = new Subscription(
      resource,
      pkg,
      eventValue(event, pkg),
      detach(h.get('Call-ID')?.trim() ?? ''),
      localTag,
      detach(local),
      detach(remote),
      remoteCseq,
      detach(target),
      recordRoute.length === 0 ? undefined : detach(recordRoute.join(', ')),
      this.contactFor(incoming.connection),
      incoming.connection,
      now + expires * 1000,
    );
    this.respondOk(incoming, sub, expires, recordRoute);
    if (expires === 0) {
      // A fetch (rfc6665#section-4.4.3): one NOTIFY with the state, already terminated.
      sub.ending = 'timeout';
      this.forget(resource);
    } else {
      this.byTag.set(localTag, sub);
      resource.watchers.add(sub);
      this.quota.add(sub);
      this.armSweep(sub.expiresAt);
    }
    this.deps.logger.debug({ aor, event: pkg, callId: sub.callId, expires }, 'subscription accepted');
    void this.notify(sub);
  }

  /** A SUBSCRIBE inside an existing subscription's dialog: refresh, or unsubscribe with Expires: 0 (rfc6665#section-4.2.1.2). */
  refresh(incoming: IncomingRequest, sub: Subscription, event: SipEvent | undefined): void {
    const { request } = incoming;
    if (event === undefined || eventValue(event, sub.pkg) !== sub.event) {
      return void incoming.respond(481, { reason: 'Subscription does not exist' });
    }
    let seq: number;
    let contact: string | undefined;
    try {
      seq = parseCSeq(request.headers.get('CSeq') ?? '').seq;
      contact = this.contactOf(request);
    } catch (error) {
      if (error instanceof SipParseError) return void incoming.respond(400, { reason: error.reason });
      throw error;
    }
    // rfc3261#section-12.2.2: a request with a lower CSeq than the last one is out of order.
    if (seq <= sub.remoteCseq) return void incoming.respond(500, { reason: 'CSeq out of order' });
    sub.remoteCseq = seq;
    if (!this.authorize(incoming, sub.resource.aor, sub.pkg)) return;
    const expires = this.grantExpires(incoming, sub.pkg);
    if (expires === undefined) return;
    if (contact !== undefined) sub.target = detach(contact);
    this.quota.move(sub, incoming.connection);
    sub.contact = this.contactFor(incoming.connection);
    this.load(sub.resource);
    this.respondOk(incoming, sub, expires, []);
    if (expires === 0) {
      void this.end(sub, 'timeout');
      return;
    }
    sub.expiresAt = this.deps.now() + expires * 1000;
    this.armSweep(sub.expiresAt);
    void this.notify(sub);
  }

  /**
   * The AOR's credential was published (new, modified, or the same again) or is gone (revoked, expired).
   *
   * Credential subscriptions end at once with reason=deactivated and no body (rfc6665#section-4.1.3: the subscriber
   * may subscribe again at once, and authenticates again to do so) when the credential is gone, and when it is another
   * certificate or another encrypted key than the one they were sent (seed 002 section 6: "If the credential changes,
   * the Server MUST terminate any current subscriptions and force the UA to re-authenticate"). The other watchers get
   * the new state at once, except that changes beyond the burst limit are held to the window's end; revocations are
   * never held, nor is the end of credential subscriptions.
   */
  changed(aor: string, credential: StoredCredential | undefined): Promise<void> {
    const resource = this.resources.get(aor);
    if (resource === undefined) return Promise.resolve();
    resource.update(credential);
    const now = this.deps.now();
    const due = resource.burst.admit(now, this.deps.burst);
    const ended = this.endCredentialSubscriptions(resource, credential === undefined);
    if (credential === undefined || due === 0) {
      if (resource.flushTimer !== undefined) {
        clearTimeout(resource.flushTimer);
        resource.flushTimer = undefined;
      }
      const sent = this.notifyAll(resource);
      this.forget(resource);
      return ended === undefined ? sent : Promise.all([ended, sent]).then(() => undefined);
    }
    // Nobody left to tell (only credential subscriptions watched, and they ended): nothing to hold.
    if (this.resources.get(aor) !== resource) return ended ?? Promise.resolve();
    if (resource.flushTimer === undefined) {
      this.deps.logger.info({ aor, at: new Date(due).toISOString() }, 'burst of credential changes: holding the notification');
      resource.flushTimer = this.timer(() => {
        resource.flushTimer = undefined;
        resource.burst.flushed(this.deps.now());
        void this.notifyAll(resource);
        this.forget(resource);
      }, due - now);
    }
    return ended ?? Promise.resolve();
  }

  /**
   * A stream connection closed: its subscriptions end without a NOTIFY (there is nowhere to send one; the subscriber
   * subscribes again when it is back), so that nothing is signed for, or held by, a party that left.
   */
  connectionClosed(connection: SipConnection): void {
    const held = this.quota.closed(connection);
    for (const sub of held) {
      sub.done = true;
      this.unlink(sub);
    }
    if (held.length > 0) this.deps.logger.debug({ connection: connection.id, subscriptions: held.length }, 'connection closed: its subscriptions dropped');
  }

  /** Resolves once every NOTIFY started so far (and any it chains) has been answered. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops the timers and forgets every subscription, without NOTIFYs (subscribers get 481 on refresh and start over). */
  close(): void {
    this.closed = true;
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const resource of this.resources.values()) {
      if (resource.flushTimer !== undefined) clearTimeout(resource.flushTimer);
      resource.flushTimer = undefined;
      for (const sub of resource.watchers) sub.done = true;
    }
    this.resources.clear();
    this.byTag.clear();
  }

  // ---- requests -------------------------------------------------------------------------------------------------

  /** The first Contact's URI; undefined when there is none; SipParseError when it cannot be read or is `*`. */
  private contactOf(request: SipRequest): string | undefined {
    const first = request.headers.firstValue('Contact');
    if (first === undefined) return undefined;
    const contact = parseContact(first);
    if (contact === '*') throw new SipParseError(400, 'Bad Contact', 'a SUBSCRIBE Contact cannot be *');
    return formatUri(contact.uri);
  }

  /** The credential package: TLS or loopback, and the owner only (RFC 6072 sections 7 and 10.5). Answers 403 otherwise. */
  private authorize(incoming: IncomingRequest, aor: string, pkg: EventPackage): boolean {
    if (pkg === 'certificate') return true;
    if (!transportAllowsCredentials(incoming.connection)) {
      incoming.respond(403, {
        reason: 'Forbidden: credentials only over TLS or loopback',
        headers: [['Warning', warningValue(this.deps.services.domain, 'RFC 6072: the credential package needs a TLS (sips, wss) connection')]],
      });
      return false;
    }
    if (!isOwner(incoming.user, aor)) {
      incoming.respond(403, { reason: incoming.user === null ? 'Forbidden: authentication required' : `Forbidden: not the owner of ${aor}` });
      return false;
    }
    return true;
  }

  /** The granted interval, or undefined after answering 400 or 423 with Min-Expires (rfc6665#section-4.2.1.1). */
  private grantExpires(incoming: IncomingRequest, pkg: EventPackage): number | undefined {
    const decision = decideExpires(incoming.request, this.deps.expires[pkg]);
    if (decision.kind === 'granted') return decision.seconds;
    if (decision.kind === 'too-brief') {
      incoming.respond(423, { headers: [['Min-Expires', String(decision.minSeconds)]] });
    } else {
      incoming.respond(400, { reason: 'Bad Expires' });
    }
    return undefined;
  }

  /** 200 with our tag, Contact and the granted Expires; a dialog-creating answer copies Record-Route (rfc3261#section-12.1.1). */
  private respondOk(incoming: IncomingRequest, sub: Subscription, expires: number, recordRoute: readonly string[]): void {
    const headers: [string, string][] = recordRoute.map((value) => ['Record-Route', value]);
    headers.push(['Contact', sub.contact], ['Expires', String(expires)]);
    incoming.respond(200, { toTag: sub.localTag, headers });
  }

  /** Our Contact for subscriptions on `connection`: the stack's own URI there, without `lr`. */
  private contactFor(connection: SipConnection): string {
    let contact = this.contacts.get(connection);
    if (contact === undefined) {
      const uri = parseUri(this.deps.services.recordRouteUri(connection));
      if (uri.kind === 'sip') uri.params.delete('lr');
      contact = formatNameAddr({ uri, params: new Map() });
      this.contacts.set(connection, contact);
    }
    return contact;
  }

  // ---- state ----------------------------------------------------------------------------------------------------

  private resourceFor(aor: string): Resource {
    let resource = this.resources.get(aor);
    if (resource === undefined) {
      resource = new Resource(detach(aor));
      this.resources.set(resource.aor, resource);
    }
    return resource;
  }

  /** Drops a resource that nobody watches and that has nothing pending. */
  private forget(resource: Resource): void {
    if (resource.watchers.size === 0 && resource.flushTimer === undefined && this.resources.get(resource.aor) === resource) {
      this.resources.delete(resource.aor);
    }
  }

  /** Reads the AOR's state from the repository, the source of truth (RFC 6072 section 6: unknown AOR = no certificate). */
  private load(resource: Resource): void {
    resource.update(this.deps.repository.getCredential(resource.aor, this.deps.now()));
  }

  /** Ends a subscription: out of the indexes now, final NOTIFY after any in flight (rfc6665#section-4.2.2). */
  private end(sub: Subscription, reason: TerminationReason): Promise<void> {
    this.unlink(sub);
    if (sub.done || sub.ending !== undefined) return sub.chain ?? Promise.resolve();
    sub.ending = reason;
    this.deps.logger.debug({ aor: sub.resource.aor, event: sub.pkg, callId: sub.callId, reason }, 'subscription ending');
    return this.notify(sub);
  }

  /**
   * Ends, with reason=deactivated, the credential subscriptions of `resource` that may not be sent its current state:
   * all of them on a revocation, otherwise those that hold another credential (`credentialReplaced`). They leave the
   * indexes and the quota now; their final NOTIFYs, without a body, follow any in flight. Undefined when none ended.
   */
  private endCredentialSubscriptions(resource: Resource, revoked: boolean): Promise<void> | undefined {
    const jobs: Promise<void>[] = [];
    for (const sub of [...resource.watchers]) {
      if (sub.pkg !== 'credential') continue;
      if (revoked || credentialReplaced(sub.delivered, resource.current)) jobs.push(this.end(sub, 'deactivated'));
    }
    if (jobs.length === 0) return undefined;
    if (!revoked) {
      this.deps.logger.info({ aor: resource.aor, subscriptions: jobs.length }, 'credential changed: its credential subscriptions end (deactivated), subscribers authenticate again');
    }
    return Promise.all(jobs).then(() => undefined);
  }

  private unlink(sub: Subscription): void {
    this.quota.remove(sub);
    if (this.byTag.get(sub.localTag) === sub) this.byTag.delete(sub.localTag);
    sub.resource.watchers.delete(sub);
    this.forget(sub.resource);
  }

  /**
   * Starts a NOTIFY to every watcher of `resource`, FAN_OUT_SLICE at a time: the next slice is built once the
   * signer has room for it (and after a turn of the event loop in any case), so signed NOTIFYs leave and their
   * answers are read during the fan-out, and only a few slices of NOTIFYs wait for signatures at any time (short-lived
   * objects: cheap to collect). Watchers on one connection are taken together: their NOTIFYs, signed in one batch,
   * leave in one write. Resolves once every NOTIFY has been answered. Credential subscriptions that may not have the
   * current state were ended before (endCredentialSubscriptions); `sendOne` checks again.
   */
  private notifyAll(resource: Resource): Promise<void> {
    const watchers = byConnection(resource.watchers);
    const jobs: Promise<void>[] = [];
    const fanOut = (async () => {
      for (let i = 0; i < watchers.length; i++) {
        if (i > 0 && i % FAN_OUT_SLICE === 0) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          await this.deps.signer.ready?.();
          if (this.closed) break;
        }
        const sub = watchers[i]!;
        if (!resource.watchers.has(sub)) continue; // gone meanwhile (unsubscribed, expired, NOTIFY refused)
        jobs.push(this.notify(sub));
      }
      await Promise.all(jobs);
    })();
    this.running.add(fanOut);
    void fanOut.finally(() => this.running.delete(fanOut));
    return fanOut;
  }

  // ---- expiry ---------------------------------------------------------------------------------------------------

  private armSweep(at: number): void {
    if (this.closed || at >= this.sweepAt) return;
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = this.timer(() => this.sweep(), at - this.deps.now());
  }

  /** Ends every expired subscription with reason=timeout (rfc6665#section-4.2.2) and re-arms for the next. */
  private sweep(): void {
    this.sweepTimer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = this.deps.now();
    let next = Number.POSITIVE_INFINITY;
    for (const sub of this.byTag.values()) {
      if (sub.expiresAt <= now) void this.end(sub, 'timeout');
      else if (sub.expiresAt < next) next = sub.expiresAt;
    }
    if (next !== Number.POSITIVE_INFINITY) this.armSweep(Math.max(next, now + MIN_SWEEP_GAP_MS));
  }

  private timer(run: () => void, delayMs: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(run, timerDelay(delayMs));
    timer.unref?.();
    return timer;
  }

  // ---- NOTIFY ---------------------------------------------------------------------------------------------------

  /** Sends the current state to `sub`, or, if a NOTIFY is in flight, once it is answered. */
  private notify(sub: Subscription): Promise<void> {
    if (sub.done) return Promise.resolve();
    if (sub.chain !== undefined) {
      sub.dirty = true;
      return sub.chain;
    }
    const chain = this.runChain(sub);
    sub.chain = chain;
    this.running.add(chain);
    void chain.finally(() => this.running.delete(chain));
    return chain;
  }

  private async runChain(sub: Subscription): Promise<void> {
    try {
      do {
        sub.dirty = false;
        await this.sendOne(sub);
      } while (sub.dirty && !sub.done);
    } catch (error) {
      // A bug, not a network event: never let it escape as an unhandled rejection.
      this.deps.logger.error({ err: error, aor: sub.resource.aor, callId: sub.callId }, 'NOTIFY could not be built');
    } finally {
      sub.chain = undefined;
    }
  }

  private async sendOne(sub: Subscription): Promise<void> {
    if (sub.pkg === 'credential' && sub.ending !== 'deactivated' && credentialReplaced(sub.delivered, sub.resource.current)) {
      // Whatever led here (a refresh, a NOTIFY of a change queued behind one in flight, a final NOTIFY of an
      // unsubscribe or an expiry), a dialog that was sent one credential is never sent another (seed 002 section 6).
      this.unlink(sub);
      sub.ending = 'deactivated';
      this.deps.logger.debug({ aor: sub.resource.aor, event: sub.pkg, callId: sub.callId }, 'credential changed: subscription ending');
    }
    const request = this.buildNotify(sub);
    const final = sub.ending !== undefined;
    if (final) sub.done = true;
    const { services, logger } = this.deps;
    try {
      await this.deps.signer.sign(request);
    } catch (error) {
      // Closing ends the signing threads too: what they had not signed is dropped with the subscriptions.
      if (!this.closed) logger.error({ err: error, aor: sub.resource.aor, callId: sub.callId }, 'the authentication service could not sign a NOTIFY; not sent');
      return;
    }
    if (this.closed) return;
    let response: SipResponse | undefined;
    try {
      response = await services.sendRequest(request, services.connectionFor(nextHop(sub)) ?? sub.connection);
    } catch (error) {
      logger.warn({ err: error, aor: sub.resource.aor, callId: sub.callId }, 'NOTIFY could not be sent');
    }
    const status = response?.status ?? 503;
    if (status >= 200 && status < 300) return;
    if (ENDS_SUBSCRIPTION.has(status)) {
      if (!sub.done) {
        sub.done = true;
        this.unlink(sub);
      }
      logger.info({ aor: sub.resource.aor, event: sub.pkg, callId: sub.callId, status }, 'NOTIFY failed; subscription removed');
    } else {
      logger.warn({ aor: sub.resource.aor, event: sub.pkg, callId: sub.callId, status, reason: response?.reason ?? reasonPhrase(status) }, 'NOTIFY refused');
    }
  }

  /** The NOTIFY of `sub`'s current state (rfc6665#section-4.2.2, rfc3261#section-12.2.1.1). */
  private buildNotify(sub: Subscription): SipRequest {
    const now = this.deps.now();
    const ending = sub.ending;
    const state =
      ending === undefined
        ? formatSubscriptionState({ state: 'active', expires: Math.max(0, Math.ceil((sub.expiresAt - now) / 1000)), params: new Map() })
        : formatSubscriptionState({ state: 'terminated', reason: ending, params: new Map() });
    // A revoked or changed credential has no state to send (the subscriber authenticates again to get the new one);
    // any other final NOTIFY carries the state, as a fetch wants.
    const body = ending === 'deactivated' ? undefined : sub.resource.body(sub.pkg, this.deps.crypto);
    if (body !== undefined && sub.pkg === 'credential') sub.delivered = sub.resource.current;
    const headers = new SipHeaders();
    if (sub.routeSet !== undefined) headers.append('Route', sub.routeSet);
    headers.append('From', sub.local);
    headers.append('To', sub.remote);
    headers.append('Call-ID', sub.callId);
    headers.append('CSeq', formatCSeq({ seq: ++sub.cseq, method: 'NOTIFY' }));
    headers.append('Contact', sub.contact);
    headers.append('Event', sub.event);
    headers.append('Subscription-State', state);
    if (body !== undefined) for (const [name, value] of body.headers) headers.append(name, value);
    return { kind: 'request', method: 'NOTIFY', uri: sub.target, headers, body: body?.body ?? new Uint8Array(0) };
  }
}

/** The subscriptions, those on the same connection next to each other (in their order otherwise). */
function byConnection(subs: Iterable<Subscription>): Subscription[] {
  const groups = new Map<SipConnection, Subscription[]>();
  for (const sub of subs) {
    const group = groups.get(sub.connection);
    if (group === undefined) groups.set(sub.connection, [sub]);
    else group.push(sub);
  }
  return [...groups.values()].flat();
}

/** The Event value a NOTIFY echoes: the package and its id (shared constants when there is no id). */
function eventValue(event: SipEvent, pkg: EventPackage): string {
  return event.id === undefined ? pkg : formatEvent({ package: pkg, templates: [], id: event.id, params: new Map() });
}

/** Where a NOTIFY goes first: the top of the route set (loose routing), else the remote target. */
function nextHop(sub: Subscription): string {
  if (sub.routeSet === undefined) return sub.target;
  const first = splitHeaderList(sub.routeSet)[0];
  if (first === undefined) return sub.target;
  try {
    return formatUri(parseNameAddr(first).uri);
  } catch {
    return sub.target;
  }
}
