/**
 * A recording stand-in for the SIP user agent the certificate services use (src/services/user-agent-port.ts): the
 * subscriptions they ask for, NOTIFYs and subscription changes a test sends them, and publications that only record.
 */
import type { GuardedSubscriptions, Publication, ReceivedNotify, SubscriptionChange } from '../../src/services/user-agent-port.ts';

type Listener = (value: never) => void;

export class FakeUserAgent implements GuardedSubscriptions {
  /** `subscribe <target> <event>` and `unsubscribe <id>`, in order. */
  readonly log: string[] = [];
  /** `<target> <event>` -> the id of the last subscription to it. */
  readonly ids = new Map<string, string>();
  readonly guards = new Map<string, (notify: ReceivedNotify) => Promise<number | undefined>>();
  readonly publications: RecordingPublication[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private next = 0;

  subscribe(target: string, options: { event: string; accept: string[] }): string {
    const id = `sub${++this.next}`;
    this.log.push(`subscribe ${target} ${options.event}`);
    this.ids.set(`${target} ${options.event}`, id);
    return id;
  }
  unsubscribe(subscriptionId: string): void {
    this.log.push(`unsubscribe ${subscriptionId}`);
  }
  on(event: 'notify', listener: (notify: ReceivedNotify) => void): () => void;
  on(event: 'subscription', listener: (change: SubscriptionChange) => void): () => void;
  on(event: string, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  }
  guardNotifies(event: string, guard: (notify: ReceivedNotify) => Promise<number | undefined>): () => void {
    this.guards.set(event, guard);
    return () => void this.guards.delete(event);
  }
  /** Delivers a NOTIFY of the last subscription to `target` for `event` (or of `subscriptionId`). */
  notify(target: string, event: string, message: Uint8Array, subscriptionId = this.ids.get(`${target} ${event}`) ?? 'none'): ReceivedNotify {
    const notify = { subscriptionId, target, event, message };
    for (const listener of this.listeners.get('notify') ?? []) (listener as (n: ReceivedNotify) => void)(notify);
    return notify;
  }
  subscriptionChanged(change: SubscriptionChange): void {
    for (const listener of this.listeners.get('subscription') ?? []) (listener as (c: SubscriptionChange) => void)(change);
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
  /** A publication factory for the own credential. */
  readonly publication = (target: string): Publication => {
    const publication = new RecordingPublication(target);
    this.publications.push(publication);
    return publication;
  };
}

export class RecordingPublication implements Publication {
  /** `publish <content type> <expires>`, `remove`, `dispose`. */
  readonly log: string[] = [];
  readonly bodies: string[] = [];
  private readonly listeners = new Set<(status: { phase: string; failure?: string }) => void>();
  constructor(readonly target: string) {}
  publish(body: { contentType: string; text: string }, expires?: number): void {
    this.log.push(`publish ${body.contentType.split(';')[0]} ${expires}`);
    this.bodies.push(body.text);
    this.report('publishing');
  }
  remove(): void {
    this.log.push('remove');
    this.report('removing');
  }
  onStatus(listener: (status: { phase: string; failure?: string }) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  dispose(): void {
    this.log.push('dispose');
    this.listeners.clear();
  }
  /** What the server's answer would make of it. */
  report(phase: string, failure?: string): void {
    for (const listener of [...this.listeners]) listener(failure ? { phase, failure } : { phase });
  }
}
