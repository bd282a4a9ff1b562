/**
 * The event state compositor of the `credential` package (RFC 3903 section 6, RFC 6072 section 7): PUBLISH with
 * entity tags, and publication expiry. One publication per AOR: its state is the AOR's credential, which the
 * `certificate` package also shows (its public half).
 *
 *   no SIP-If-Match, body           initial publication; replaces any current one (a new device need not know the tag)
 *   SIP-If-Match, no body           refresh: new entity tag and expiry, state unchanged, nobody notified
 *   SIP-If-Match, body              modification
 *   Expires: 0, no body             removal = revocation (RFC 6072: "no body and Expires=0 revokes"); with a
 *                                   SIP-If-Match it must match, without one the owner revokes whatever is there
 *   stale or unknown SIP-If-Match   412 Conditional Request Failed
 *
 * Every 2xx carries a new SIP-ETag and the granted Expires. A publication ends at the earlier of its Expires and its
 * certificate's notAfter; when it ends, the credential is removed and watchers are told as for a revocation.
 */
import { generateTag } from '../../src/core/sip/index.ts';
import { decodeCertificate } from '../../src/core/x509/decode-certificate.ts';
import type { IncomingRequest, ResponseInit } from '../sip/request-context.ts';
import type { CredentialRepository, StoredCredential } from './credential-repository.ts';
import { decideExpires, type ExpiresPolicy } from './expires.ts';
import type { Notifier } from './notifier.ts';
import { PUBLISH_ACCEPT, PublishRefusal, readPublishedCredential, type PublishedCredential } from './publish-body.ts';
import { isOwner, transportAllowsCredentials, warningValue } from './request-checks.ts';
import type { ServiceLogger } from './service-logger.ts';
import { timerDelay } from '../../src/core/timer-delay.ts';

export interface PublicationsDeps {
  domain: string;
  repository: CredentialRepository;
  notifier: Notifier;
  crypto: Crypto;
  now: () => number;
  expires: ExpiresPolicy;
  logger: ServiceLogger;
}

export class Publications {
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private expiryAt = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(private readonly deps: PublicationsDeps) {}

  /** A PUBLISH with `Event: credential` to `aor` of our domain. Answers it; resolves once answered. */
  async publish(incoming: IncomingRequest, aor: string): Promise<void> {
    const { request } = incoming;
    const { domain, logger } = this.deps;
    if (!transportAllowsCredentials(incoming.connection)) {
      return void incoming.respond(403, {
        reason: 'Forbidden: credentials only over TLS or loopback',
        headers: [['Warning', warningValue(domain, 'RFC 6072: credentials are published over TLS (sips, wss) only')]],
      });
    }
    if (!isOwner(incoming.user, aor)) {
      return void incoming.respond(403, { reason: incoming.user === null ? 'Forbidden: authentication required' : `Forbidden: not the owner of ${aor}` });
    }
    const expires = decideExpires(request, this.deps.expires);
    if (expires.kind === 'malformed') return void incoming.respond(400, { reason: 'Bad Expires' });
    if (expires.kind === 'too-brief') return void incoming.respond(423, { headers: [['Min-Expires', String(expires.minSeconds)]] });
    const seconds = expires.seconds;
    const ifMatch = request.headers.get('SIP-If-Match')?.trim();
    const hasBody = request.body.length > 0;
    if (seconds === 0 && hasBody) return void incoming.respond(400, { reason: 'Bad Request: Expires 0 removes a publication and takes no body' });
    if (ifMatch === undefined && !hasBody && seconds !== 0) {
      return void incoming.respond(400, { reason: 'Bad Request: an initial PUBLISH needs a body' });
    }

    let published: PublishedCredential | undefined;
    if (hasBody) {
      try {
        published = await readPublishedCredential(request, aor, this.deps.crypto, this.deps.now());
      } catch (error) {
        if (!(error instanceof PublishRefusal)) throw error;
        logger.info({ aor, status: error.status, detail: error.detail }, 'PUBLISH refused');
        const headers: [string, string][] = [['Warning', warningValue(domain, error.detail)]];
        if (error.status === 415) headers.push(['Accept', PUBLISH_ACCEPT]);
        return void incoming.respond(error.status, { reason: error.reason, headers });
      }
    }

    // From here on synchronous: the entity-tag check, the durable write and the answer happen with no other request
    // in between (RFC 3903 section 6 step 4), and a 200 is sent only after the write is committed.
    const now = this.deps.now();
    const current = this.deps.repository.getCredential(aor, now);
    if (ifMatch !== undefined && current?.etag !== ifMatch) {
      return void incoming.respond(412, { reason: 'Conditional Request Failed' });
    }
    if (seconds === 0) return this.revoke(incoming, aor, current);
    if (published !== undefined) return this.store(incoming, aor, published, seconds, now, ifMatch !== undefined);
    // No body: a refresh, whose SIP-If-Match matched the current publication just above.
    if (current !== undefined) this.refresh(incoming, current, seconds, now);
  }

  /** Removes credentials whose publication has ended and tells their watchers (RFC 3903 section 6 step 5). */
  expire(): void {
    this.expiryTimer = undefined;
    this.expiryAt = Number.POSITIVE_INFINITY;
    let aors: string[] = [];
    try {
      aors = this.deps.repository.expireCredentials(this.deps.now());
    } catch (error) {
      this.deps.logger.error({ err: error }, 'expiring credentials failed');
    }
    for (const aor of aors) {
      this.deps.logger.info({ aor }, 'credential publication expired; credential removed');
      void this.deps.notifier.changed(aor, undefined);
    }
    this.arm();
  }

  /** Schedules `expire` for the earliest stored expiry. */
  arm(): void {
    if (this.closed) return;
    let next: number | undefined;
    try {
      next = this.deps.repository.nextCredentialExpiry();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'reading the next credential expiry failed');
      return;
    }
    if (next === undefined || next >= this.expiryAt) return;
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryAt = next;
    const timer = setTimeout(() => this.expire(), timerDelay(next - this.deps.now()));
    timer.unref?.();
    this.expiryTimer = timer;
  }

  close(): void {
    this.closed = true;
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  private revoke(incoming: IncomingRequest, aor: string, current: StoredCredential | undefined): void {
    if (current !== undefined && !this.write(incoming, () => this.deps.repository.removeCredential(aor))) return;
    incoming.respond(200, { headers: [['Expires', '0']] });
    if (current === undefined) return;
    this.deps.logger.info({ aor }, 'credential revoked');
    void this.deps.notifier.changed(aor, undefined);
  }

  private refresh(incoming: IncomingRequest, current: StoredCredential, seconds: number, now: number): void {
    const expiresAt = Math.min(now + seconds * 1000, notAfterOf(current.certificate));
    const etag = generateTag(this.deps.crypto);
    const input = { aor: current.aor, certificate: current.certificate, etag, expiresAt };
    const stored = this.write(incoming, () =>
      this.deps.repository.putCredential(current.encryptedKey === undefined ? input : { ...input, encryptedKey: current.encryptedKey }),
    );
    if (stored === undefined) return;
    incoming.respond(200, ok(etag, expiresAt, now));
    this.arm();
  }

  private store(incoming: IncomingRequest, aor: string, published: PublishedCredential, seconds: number, now: number, modification: boolean): void {
    const expiresAt = Math.min(now + seconds * 1000, published.certificate.notAfter.getTime());
    const etag = generateTag(this.deps.crypto);
    const input = { aor, certificate: published.certificate.der, etag, expiresAt };
    const stored = this.write(incoming, () =>
      this.deps.repository.putCredential(published.encryptedKey === undefined ? input : { ...input, encryptedKey: published.encryptedKey }),
    );
    if (stored === undefined) return;
    incoming.respond(200, ok(etag, expiresAt, now));
    this.deps.logger.info({ aor, modification, key: published.encryptedKey !== undefined, fingerprint: published.certificate.fingerprintHex }, 'credential published');
    this.arm();
    void this.deps.notifier.changed(aor, stored);
  }

  /** Runs a repository write; a failure is answered 500 and logged (nothing was stored, so nothing is claimed). */
  private write<T>(incoming: IncomingRequest, run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'storing a credential failed');
      incoming.respond(500, { reason: 'Server Internal Error: the credential could not be stored' });
      return undefined;
    }
  }
}

/** The 2xx of a PUBLISH: a fresh SIP-ETag and the interval granted (at least 1 s; 0 would mean removal). */
function ok(etag: string, expiresAt: number, now: number): ResponseInit {
  const seconds = Math.max(1, Math.floor((expiresAt - now) / 1000));
  return { headers: [['SIP-ETag', etag], ['Expires', String(seconds)]] };
}

/** notAfter of a stored certificate (it was checked when published); +Infinity if it cannot be read. */
function notAfterOf(der: Uint8Array): number {
  try {
    const value = decodeCertificate(der).notAfter.value;
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
