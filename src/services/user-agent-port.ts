/**
 * What the certificate services need of the SIP user agent: RFC 6665 subscriptions, their NOTIFYs and one RFC 3903
 * publication. The SipClient (src/sip/sip-client.ts) and its publication (src/sip/publication.ts) satisfy these
 * interfaces as they are; the composition root hands them over, so nothing in src/services imports src/sip.
 */

/** One NOTIFY of a subscription, with the exact bytes received (its Identity, RFC 4474, is over them). */
export interface ReceivedNotify {
  subscriptionId: string;
  target: string;
  event: string;
  message: Uint8Array;
}

/** Where a subscription is (RFC 6665 Subscription-State, or `terminated` for good). */
export interface SubscriptionChange {
  id: string;
  state: string;
  /** The notifier ended it with this RFC 6665 section 4.1.3 reason (`deactivated`, `noresource`, `rejected`...). */
  notifierReason?: string;
}

/** Subscriptions to a package (RFC 6665), their NOTIFYs and their changes. */
export interface Subscriptions {
  /** Starts a subscription (kept up by the user agent); returns its id at once. */
  subscribe(target: string, options: { event: string; accept: string[] }): string;
  unsubscribe(subscriptionId: string): void;
  on(event: 'notify', listener: (notify: ReceivedNotify) => void): () => void;
  on(event: 'subscription', listener: (change: SubscriptionChange) => void): () => void;
}

/** Subscriptions, their changes, and a look at each NOTIFY of a package before the user agent answers it. */
export interface GuardedSubscriptions extends Subscriptions {
  /** A status (437) answers the NOTIFY instead of 200 and stops it; undefined lets it through. Returns its removal. */
  guardNotifies(event: string, guard: (notify: ReceivedNotify) => Promise<number | undefined>): () => void;
}

/** One RFC 3903 publication kept up by the user agent (refresh, republish after a reconnect). */
export interface Publication {
  publish(body: { contentType: string; text: string }, expires?: number): void;
  /** Expires: 0. */
  remove(): void;
  /** `publishing`, `published`, `failed`..., with the last failure in words. */
  onStatus(listener: (status: { phase: string; failure?: string }) => void): () => void;
  dispose(): void;
}
