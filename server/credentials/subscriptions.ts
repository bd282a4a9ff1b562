/**
 * The notifier's state (RFC 6665 section 4.2): one `Resource` per watched AOR, holding its watchers and the current
 * state's NOTIFY bodies, and one small `Subscription` per dialog. Subscriptions are kept compact (issue 3 measures
 * memory per 1,000 of them): plain fields, strings detached from the messages they were read from, shared constants
 * where the value is the same for many.
 *
 *   Subscription life: active --(refresh)--> active
 *                      active --(Expires: 0 | expiry | revocation or change of a credential)--> ending --(final NOTIFY sent)--> done
 *                      active --(NOTIFY answered 481/408/... | transport failure)--> done
 */
import { equalBytes } from '../../src/core/bytes.ts';
import type { SipConnection } from '../sip/transport/connection.ts';
import type { StoredCredential } from './credential-repository.ts';
import { certificateNotifyBody, credentialNotifyBody, EMPTY_NOTIFY_BODY, type NotifyBody } from './notify-body.ts';
import type { EventPackage } from './request-checks.ts';
import { BurstWindow } from './burst-limit.ts';

/** rfc6665#section-4.1.3: why a subscription ended. */
export type TerminationReason = 'timeout' | 'deactivated' | 'noresource' | 'rejected';

export class Subscription {
  /** Our CSeq in this dialog; every NOTIFY takes the next one (rfc3261#section-12.2.1.1). */
  cseq = 0;
  /** The NOTIFY chain running for this subscription, if any: NOTIFYs of one dialog go one at a time. */
  chain: Promise<void> | undefined = undefined;
  /** The state changed while a NOTIFY was in flight: send the current state once it is answered. */
  dirty = false;
  /** Set when the subscription ends; the next NOTIFY is the final one, with this reason. */
  ending: TerminationReason | undefined = undefined;
  /** No NOTIFY may follow. */
  done = false;
  /**
   * `credential` package: the credential its NOTIFYs carried (undefined while they carried none). A different one is
   * never sent in this dialog: the subscription ends instead and the subscriber must authenticate again (seed 002
   * section 6). Always undefined for the `certificate` package.
   */
  delivered: StoredCredential | undefined = undefined;

  constructor(
    readonly resource: Resource,
    readonly pkg: EventPackage,
    /** The Event value to echo, `id` included (rfc6665#section-8.2.1). */
    readonly event: string,
    readonly callId: string,
    readonly localTag: string,
    /** NOTIFY From: the SUBSCRIBE's To with our tag, i.e. the subscribed AOR (RFC 6072 section 10.3). */
    readonly local: string,
    /** NOTIFY To: the SUBSCRIBE's From, tag included (the subscriber's tag is read from it when a refresh comes). */
    readonly remote: string,
    /** The highest CSeq seen from the subscriber (rfc3261#section-12.2.2). */
    public remoteCseq: number,
    /** The remote target: the subscriber's Contact URI, replaced by a refresh's Contact. */
    public target: string,
    /** The route set, Record-Route values in order, as one Route header value (rfc3261#section-12.1.1). */
    readonly routeSet: string | undefined,
    /** Our Contact value (shared by every subscription on the connection). */
    public contact: string,
    /** Where the subscriber was last heard from: the fallback for sending when the stack knows no better. */
    public connection: SipConnection,
    /** ms since the epoch. */
    public expiresAt: number,
  ) {}
}

/**
 * Whether a `credential` subscription that was sent `delivered` may not be sent the AOR's `current` state in the same
 * dialog (seed 002 section 6, "If the credential changes, the Server MUST terminate any current subscriptions"): it
 * holds a credential, and the current one is another certificate or another encrypted key, or none at all. Nothing
 * delivered yet (subscribed before the first publication) is no change. Entity tags, versions and expiry do not count:
 * the same certificate and key published again are the same credential.
 */
export function credentialReplaced(delivered: StoredCredential | undefined, current: StoredCredential | undefined): boolean {
  if (delivered === undefined || delivered === current) return false;
  if (current === undefined) return true;
  return !equalBytes(delivered.certificate, current.certificate) || !sameKey(delivered.encryptedKey, current.encryptedKey);
}

function sameKey(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : equalBytes(a, b);
}

/** One watched AOR. */
export class Resource {
  readonly watchers = new Set<Subscription>();
  readonly burst = new BurstWindow();
  /** The pending notification of held changes (burst-limit.ts). */
  flushTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  private credential: StoredCredential | undefined = undefined;
  private certificateBody: NotifyBody | undefined = undefined;
  private credentialBody: NotifyBody | undefined = undefined;

  constructor(readonly aor: string) {}

  get current(): StoredCredential | undefined {
    return this.credential;
  }

  /** Takes the AOR's state; the cached bodies are dropped when it differs. True when it changed. */
  update(credential: StoredCredential | undefined): boolean {
    const before = this.credential;
    if (before === credential) return false;
    if (before !== undefined && credential !== undefined && before.version === credential.version && before.etag === credential.etag) return false;
    this.credential = credential;
    this.certificateBody = undefined;
    this.credentialBody = undefined;
    return true;
  }

  /** The body for `pkg` of the current state, built on first use. */
  body(pkg: EventPackage, random: Pick<Crypto, 'getRandomValues'>): NotifyBody {
    const credential = this.credential;
    if (credential === undefined) return EMPTY_NOTIFY_BODY;
    if (pkg === 'certificate') return (this.certificateBody ??= certificateNotifyBody(credential.certificate));
    return (this.credentialBody ??= credentialNotifyBody(credential.certificate, credential.encryptedKey, random));
  }
}
