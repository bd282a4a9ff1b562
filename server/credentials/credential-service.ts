/**
 * The RFC 6072 credential service: a RequestHandler (server/sip/request-context.ts) that takes SUBSCRIBE and PUBLISH
 * for the `certificate` and `credential` event packages addressed to AORs of our domain.
 *
 * - SUBSCRIBE `certificate` (RFC 6072 section 6): anyone; the NOTIFY carries the AOR's certificate, or no body.
 * - SUBSCRIBE `credential` (section 7): the authenticated owner over TLS or loopback; certificate + encrypted key.
 * - PUBLISH `credential` (section 7, RFC 3903): the owner over TLS or loopback; see publications.ts.
 * - Any other event package to our domain: 489 Bad Event with Allow-Events (rfc6665#section-8.3.1), unless
 *   `passUnknownEvents` leaves such requests to the next handler.
 *
 * Every NOTIFY is signed by the IdentitySigner before it is sent (RFC 6072 section 8). Decisions: docs/server-credentials.md.
 */
import type { SipConnection } from '../sip/transport/connection.ts';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './subscription-quota.ts';
import type { SipEvent, SipRequest } from '../../src/core/sip/index.ts';
import type { IncomingRequest, RequestHandler, SipServices } from '../sip/request-context.ts';
import { checkBurstPolicy, DEFAULT_BURST_POLICY, type BurstPolicy } from './burst-limit.ts';
import type { CredentialRepository } from './credential-repository.ts';
import {
  CERTIFICATE_SUBSCRIPTION_EXPIRES,
  checkExpiresPolicy,
  CREDENTIAL_SUBSCRIPTION_EXPIRES,
  PUBLICATION_EXPIRES,
  type ExpiresPolicy,
} from './expires.ts';
import type { IdentitySigner } from './identity-signer.ts';
import { Notifier, TAG_PREFIX } from './notifier.ts';
import { Publications } from './publications.ts';
import { ALLOW_EVENTS, readEvent, requestTarget, tagOf, type EventPackage } from './request-checks.ts';
import { SILENT_LOGGER, type ServiceLogger } from './service-logger.ts';

export interface CredentialServiceOptions {
  services: SipServices;
  repository: CredentialRepository;
  signer: IdentitySigner;
  /** WebCrypto for tags, entity tags, MIME boundaries and certificate checks; default globalThis.crypto. */
  crypto?: Crypto;
  /** The clock, ms since the epoch; default Date.now. */
  now?: () => number;
  /** Subscription intervals of the certificate package; default CERTIFICATE_SUBSCRIPTION_EXPIRES (1 day, 60 s..7 days). */
  certificateExpires?: ExpiresPolicy;
  /** Subscription intervals of the credential package; default CREDENTIAL_SUBSCRIPTION_EXPIRES (1 day, 60 s..7 days). */
  credentialExpires?: ExpiresPolicy;
  /** Publication intervals; default PUBLICATION_EXPIRES (1 day, 60 s..365 days). */
  publicationExpires?: ExpiresPolicy;
  /** Burst limit of change notifications per AOR; default 5 per 60 s (burst-limit.ts). */
  burst?: BurstPolicy;
  /** What one connection and one source address may hold and start; default DEFAULT_SUBSCRIPTION_LIMITS. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Connections that carry many parties from one address, held to per-connection limits only (trusted proxies). */
  sharedOrigin?: (connection: SipConnection) => boolean;
  /** Leave SUBSCRIBE/PUBLISH of other event packages to the next handler instead of answering 489. Default false. */
  passUnknownEvents?: boolean;
  logger?: ServiceLogger;
}

/**
 * Whether the stack must digest-authenticate `request` before handing it over: the credential package, for
 * SUBSCRIBE and PUBLISH (RFC 6072 section 7: "the credential service MUST digest challenge"). Without an
 * authenticated user the service answers such requests 403.
 */
export function needsAuthentication(request: SipRequest): boolean {
  if (request.method !== 'SUBSCRIBE' && request.method !== 'PUBLISH') return false;
  const event = readEvent(request);
  return event.kind === 'event' && event.package === 'credential';
}

export class CredentialService implements RequestHandler {
  private readonly domain: string;
  private readonly notifier: Notifier;
  private readonly publications: Publications;
  private readonly passUnknownEvents: boolean;
  private readonly logger: ServiceLogger;

  constructor(options: CredentialServiceOptions) {
    const crypto = options.crypto ?? globalThis.crypto;
    const now = options.now ?? Date.now;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.domain = options.services.domain;
    this.passUnknownEvents = options.passUnknownEvents ?? false;
    this.notifier = new Notifier({
      services: options.services,
      repository: options.repository,
      signer: options.signer,
      crypto,
      now,
      expires: {
        certificate: checkExpiresPolicy(options.certificateExpires ?? CERTIFICATE_SUBSCRIPTION_EXPIRES, 'certificateExpires'),
        credential: checkExpiresPolicy(options.credentialExpires ?? CREDENTIAL_SUBSCRIPTION_EXPIRES, 'credentialExpires'),
      },
      burst: checkBurstPolicy(options.burst ?? DEFAULT_BURST_POLICY),
      limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.subscriptionLimits },
      ...(options.sharedOrigin ? { sharedOrigin: options.sharedOrigin } : {}),
      logger: this.logger,
    });
    this.publications = new Publications({
      domain: this.domain,
      repository: options.repository,
      notifier: this.notifier,
      crypto,
      now,
      expires: checkExpiresPolicy(options.publicationExpires ?? PUBLICATION_EXPIRES, 'publicationExpires'),
      logger: this.logger,
    });
    // Publications that ended while the server was down are removed now; later ones on time.
    this.publications.expire();
  }

  /** Active subscriptions (both packages). */
  get subscriptionCount(): number {
    return this.notifier.subscriptionCount;
  }

  /** AORs with at least one watcher. */
  get watchedAorCount(): number {
    return this.notifier.watchedAorCount;
  }

  handle(incoming: IncomingRequest): boolean | Promise<boolean> {
    const { method } = incoming.request;
    if (method === 'SUBSCRIBE') return this.onSubscribe(incoming);
    if (method === 'PUBLISH') return this.onPublish(incoming);
    return false;
  }

  /** A connection closed (the stack's hook): the subscriptions it held end (subscription-quota.ts). */
  connectionClosed(connection: SipConnection): void {
    this.notifier.connectionClosed(connection);
  }

  /** Resolves once every NOTIFY started so far has been answered (for tests and the bench). */
  idle(): Promise<void> {
    return this.notifier.idle();
  }

  /** Stops all timers and drops the subscriptions (no NOTIFYs). */
  close(): void {
    this.publications.close();
    this.notifier.close();
  }

  private onSubscribe(incoming: IncomingRequest): boolean {
    const { request } = incoming;
    const toTag = tagOf(request.headers.get('To'));
    if (toTag === null) return false;
    if (toTag !== undefined) {
      const fromTag = tagOf(request.headers.get('From')) ?? undefined;
      const sub = this.notifier.dialogOf(request, toTag, fromTag);
      if (sub !== undefined) {
        const event = readEvent(request);
        this.notifier.refresh(incoming, sub, event.kind === 'event' ? event.event : undefined);
        return true;
      }
      if (!toTag.startsWith(TAG_PREFIX)) return false;
      // One of our dialogs that is gone (expired, ended, or lost in a restart): rfc6665#section-4.2.1.2.
      incoming.respond(481, { reason: 'Subscription does not exist' });
      return true;
    }
    const target = requestTarget(request.uri, this.domain);
    if (target.kind === 'elsewhere') return false;
    const event = this.ourEvent(incoming);
    if (event === 'pass') return false;
    if (event === 'answered') return true;
    if (target.kind === 'no-user') {
      incoming.respond(404, { reason: 'Not Found: no user part' });
      return true;
    }
    this.notifier.subscribe(incoming, target.aor, event.event, event.package);
    return true;
  }

  private onPublish(incoming: IncomingRequest): boolean | Promise<boolean> {
    const { request } = incoming;
    const target = requestTarget(request.uri, this.domain);
    if (target.kind === 'elsewhere') return false;
    const event = this.ourEvent(incoming);
    if (event === 'pass') return false;
    if (event === 'answered') return true;
    if (event.package === 'certificate') {
      // The certificate state is composed from credential publications only.
      incoming.respond(489, { reason: 'Bad Event: publish the credential package', headers: [['Allow-Events', ALLOW_EVENTS]] });
      return true;
    }
    if (target.kind === 'no-user') {
      incoming.respond(404, { reason: 'Not Found: no user part' });
      return true;
    }
    return this.publications.publish(incoming, target.aor).then(
      () => true,
      (error: unknown) => {
        this.logger.error({ err: error }, 'PUBLISH failed');
        if (!incoming.answered) incoming.respond(500, { reason: 'Server Internal Error' });
        return true;
      },
    );
  }

  /**
   * The request's event when it is one of our packages. Otherwise answers 400 (unreadable Event) or 489 Bad Event
   * with Allow-Events (missing or other package, rfc6665#section-8.3.1), or, with `passUnknownEvents`, leaves the
   * request to the next handler.
   */
  private ourEvent(incoming: IncomingRequest): { event: SipEvent; package: EventPackage } | 'pass' | 'answered' {
    const reading = readEvent(incoming.request);
    if (reading.kind === 'event' && reading.package !== undefined) return { event: reading.event, package: reading.package };
    if (reading.kind === 'malformed') {
      incoming.respond(400, { reason: 'Bad Event' });
      return 'answered';
    }
    if (this.passUnknownEvents) return 'pass';
    incoming.respond(489, { headers: [['Allow-Events', ALLOW_EVENTS]] });
    return 'answered';
  }
}
