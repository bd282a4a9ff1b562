/**
 * The subscriptions the app asked for (RFC 6665), kept up over JsSIP's Subscriber:
 *
 *   subscribing -> pending | active -> (terminating NOTIFY, failure or connection loss) retrying -> subscribing ...
 *                                   \-> terminated (unsubscribe, or a reason that forbids retrying)
 *
 * - Started once registered (SUBSCRIBE is digest-challenged like any request), started again after every reconnect:
 *   the server forgets subscriptions of a closed connection (rfc6665#section-4.1.3 lets a notifier drop them).
 * - Termination reasons (rfc6665#section-4.1.3): `deactivated`, `timeout` -> re-subscribe at once; `probation`,
 *   `giveup` -> after Retry-After (or a backoff); `rejected`, `noresource`, `invariant` -> stay terminated. A final
 *   non-2xx to the SUBSCRIBE (seen by `observe`) ends it for good unless it is 408 or 5xx/6xx-with-retry.
 * - Every NOTIFY of a known subscription is reported with its exact bytes (JsSIP reports only non-empty ones, and
 *   without the bytes an Identity check needs; RFC 6072 section 4 uses empty NOTIFYs for "no certificate").
 */
import { createResponse, parseSipMessage, serializeSipMessage, type SipRequest } from '../core/sip/index.ts';
import { SUBSCRIBER_TERMINATED, type JsSipSubscriber, type JsSipUa } from './jssip-types.ts';
import { cseqMethod, peekHeader, requestMethod, responseStatus, sipMessageBytes } from './sip-frame.ts';
import type { NotifyGuard, NotifyInfo, SubscribeOptions, SubscriptionState, SubscriptionStatus } from './sip-client.ts';
import type { SipLogger } from './sip-logger.ts';
import { timerDelay } from '../core/timer-delay.ts';

const DEFAULT_EXPIRES = 3600;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;
const RETRY_AT_ONCE = new Set(['deactivated', 'timeout']);
const RETRY_LATER = new Set(['probation', 'giveup']);

interface Wish {
  id: string;
  target: string;
  options: SubscribeOptions;
  state: SubscriptionState;
  subscriber: JsSipSubscriber | null;
  callId: string | null;
  /** Final status of the last SUBSCRIBE of the current dialog, as observed on the wire. */
  lastStatus?: number;
  failures: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

export interface SubscriptionSetDeps {
  ua: () => JsSipUa | null;
  registered: () => boolean;
  onStatus: (status: SubscriptionStatus) => void;
  onNotify: (notify: NotifyInfo) => void;
  log: SipLogger;
}

export class SubscriptionSet {
  readonly #deps: SubscriptionSetDeps;
  readonly #wishes = new Map<string, Wish>();
  readonly #byCallId = new Map<string, Wish>();
  readonly #guards = new Map<string, NotifyGuard>();

  constructor(deps: SubscriptionSetDeps) {
    this.#deps = deps;
  }

  add(id: string, target: string, options: SubscribeOptions): void {
    if (options.accept.length === 0) throw new TypeError('a subscription needs at least one Accept type');
    const wish: Wish = { id, target, options, state: 'subscribing', subscriber: null, callId: null, failures: 0, retryTimer: null };
    this.#wishes.set(id, wish);
    this.#status(wish);
    if (this.#deps.registered()) this.#start(wish);
  }

  remove(id: string): void {
    const wish = this.#wishes.get(id);
    if (!wish) return;
    this.#wishes.delete(id);
    this.#stop(wish);
    wish.state = 'terminated';
    this.#status(wish, 'unsubscribed');
  }

  /** Registered (first time or after a reconnect): start whatever is not running. */
  onRegistered(): void {
    for (const wish of this.#wishes.values()) {
      if (!wish.subscriber && !wish.retryTimer && wish.state !== 'terminated') this.#start(wish);
    }
  }

  /** The connection is gone: every dialog with it (rfc6665#section-4.1.3). They come back after the next registration. */
  onDisconnected(): void {
    for (const wish of this.#wishes.values()) {
      if (wish.state === 'terminated') continue;
      this.#stop(wish);
      wish.state = 'retrying';
      this.#status(wish, 'connection lost');
    }
  }

  /** Sign-out: every subscription ends (un-SUBSCRIBE where the connection still stands). */
  clear(): void {
    for (const wish of this.#wishes.values()) this.#stop(wish);
    this.#wishes.clear();
    this.#byCallId.clear();
  }

  guard(event: string, guard: NotifyGuard): () => void {
    this.#guards.set(event, guard);
    return () => {
      if (this.#guards.get(event) === guard) this.#guards.delete(event);
    };
  }

  /**
   * Sees every inbound message before JsSIP does (from the socket codec's inbound hook). Resolves with the response to
   * send instead of JsSIP's 200 when a guard refused a NOTIFY (the NOTIFY is then dropped), otherwise undefined.
   */
  async observe(text: string): Promise<string | undefined> {
    const isNotify = requestMethod(text) === 'NOTIFY';
    const status = responseStatus(text);
    if (!isNotify && status === undefined) return undefined;
    const callId = peekHeader(text, 'Call-ID');
    const wish = callId === undefined ? undefined : this.#byCallId.get(callId);
    if (!wish) return undefined;
    if (!isNotify) {
      if (status !== undefined && status >= 200 && cseqMethod(text) === 'SUBSCRIBE') wish.lastStatus = status;
      return undefined;
    }
    const message = sipMessageBytes(text);
    let request: SipRequest;
    try {
      const parsed = parseSipMessage(message);
      if (parsed.kind !== 'request') return undefined;
      request = parsed;
    } catch (error) {
      this.#deps.log.warn(`a malformed NOTIFY for ${wish.target} (${wish.options.event}) was ignored`, error);
      return undefined;
    }
    const notify: NotifyInfo = { subscriptionId: wish.id, target: wish.target, event: wish.options.event, message };
    const guard = this.#guards.get(wish.options.event);
    const verdict = guard ? await guard(notify).catch((error: unknown) => (this.#deps.log.error('a NOTIFY guard failed', error), undefined)) : undefined;
    if (verdict !== undefined && verdict >= 300) {
      this.#deps.log.warn(`answering a NOTIFY for ${wish.target} (${wish.options.event}) with ${verdict}`);
      return new TextDecoder().decode(serializeSipMessage(createResponse(request, verdict)));
    }
    this.#deps.onNotify(notify);
    return undefined;
  }

  #start(wish: Wish): void {
    const ua = this.#deps.ua();
    if (!ua) return;
    wish.retryTimer = null;
    let subscriber: JsSipSubscriber;
    try {
      subscriber = ua.subscribe(wish.target, wish.options.event, wish.options.accept.join(', '), { expires: wish.options.expires ?? DEFAULT_EXPIRES });
    } catch (error) {
      this.#deps.log.error(`cannot subscribe to ${wish.target} (${wish.options.event})`, error);
      wish.state = 'terminated';
      this.#status(wish, String(error));
      return;
    }
    wish.subscriber = subscriber;
    wish.callId = subscriber._params.call_id;
    delete wish.lastStatus;
    this.#byCallId.set(wish.callId, wish);
    subscriber.on('pending', () => this.#moveTo(wish, subscriber, 'pending'));
    subscriber.on('active', () => {
      wish.failures = 0;
      this.#moveTo(wish, subscriber, 'active');
    });
    subscriber.on('terminated', (code, reason, retryAfter) => this.#terminated(wish, subscriber, code, reason, retryAfter));
    wish.state = 'subscribing';
    this.#status(wish);
    subscriber.subscribe();
  }

  #moveTo(wish: Wish, subscriber: JsSipSubscriber, state: SubscriptionState): void {
    if (wish.subscriber !== subscriber || wish.state === state) return;
    wish.state = state;
    this.#status(wish);
  }

  #terminated(wish: Wish, subscriber: JsSipSubscriber, code: number, reason: string | undefined, retryAfter: number | undefined): void {
    if (wish.subscriber !== subscriber) return;
    this.#forget(wish);
    if (!this.#wishes.has(wish.id)) return;
    const why = describeTermination(code, reason, wish.lastStatus);
    const byNotifier = code === SUBSCRIBER_TERMINATED.FINAL_NOTIFY_RECEIVED && reason !== undefined ? reason : undefined;
    if (shouldStop(code, reason, wish.lastStatus)) {
      wish.state = 'terminated';
      this.#wishes.delete(wish.id);
      this.#status(wish, why, byNotifier);
      return;
    }
    wish.failures += 1;
    const atOnce = code === SUBSCRIBER_TERMINATED.FINAL_NOTIFY_RECEIVED && reason !== undefined && RETRY_AT_ONCE.has(reason) && wish.failures <= 1;
    const delay = atOnce ? 0 : retryAfter !== undefined ? retryAfter * 1000 : Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (wish.failures - 1));
    wish.state = 'retrying';
    this.#status(wish, why, byNotifier);
    wish.retryTimer = setTimeout(() => {
      wish.retryTimer = null;
      if (this.#wishes.has(wish.id) && this.#deps.registered()) this.#start(wish);
    }, timerDelay(delay)); // a retry-after of years must not become 0 (core/timer-delay.ts)
  }

  /** Stops the JsSIP Subscriber behind a wish (Expires: 0 when there is a dialog to end). */
  #stop(wish: Wish): void {
    if (wish.retryTimer) clearTimeout(wish.retryTimer);
    wish.retryTimer = null;
    const subscriber = wish.subscriber;
    this.#forget(wish);
    if (!subscriber) return;
    subscriber.removeAllListeners();
    try {
      // Sends Expires: 0 in the dialog; without a live connection that fails at once and JsSIP just clears its
      // refresh timer, which is what we want for a dialog the server has already forgotten.
      subscriber.terminate();
    } catch {
      // InvalidStateError: the SUBSCRIBE was never sent, so there is nothing to end.
    }
    // No refresh after an unsubscribe (RFC 6665 section 4.1.2.3). JsSIP would re-arm its refresh timer on the 200 to
    // the un-SUBSCRIBE and clear it only on the final NOTIFY, which a connection closed by sign-out never brings: the
    // timer then fired minutes later (a SUBSCRIBE for a dialog we left) and kept a Node process alive meanwhile.
    subscriber._scheduleSubscribe = () => undefined;
    if (subscriber._expires_timer) clearTimeout(subscriber._expires_timer);
    subscriber._expires_timer = null;
  }

  #forget(wish: Wish): void {
    if (wish.callId) this.#byCallId.delete(wish.callId);
    wish.subscriber = null;
    wish.callId = null;
  }

  #status(wish: Wish, reason?: string, notifierReason?: string): void {
    this.#deps.onStatus({ id: wish.id, target: wish.target, event: wish.options.event, state: wish.state, ...(reason ? { reason } : {}), ...(notifierReason ? { notifierReason } : {}) });
  }
}

function shouldStop(code: number, reason: string | undefined, lastStatus: number | undefined): boolean {
  switch (code) {
    case SUBSCRIBER_TERMINATED.FINAL_NOTIFY_RECEIVED:
      return reason === undefined ? false : !RETRY_AT_ONCE.has(reason) && !RETRY_LATER.has(reason);
    case SUBSCRIBER_TERMINATED.AUTHENTICATION_FAILED:
    case SUBSCRIBER_TERMINATED.WRONG_OK_RESPONSE:
      return true;
    case SUBSCRIBER_TERMINATED.NON_OK_RESPONSE:
      // 408, 5xx and 6xx other than 603/604 may go away; 4xx (403, 404, 489...) will not.
      return lastStatus === undefined || (lastStatus !== 408 && lastStatus < 500) || lastStatus === 603 || lastStatus === 604;
    default:
      return false;
  }
}

function describeTermination(code: number, reason: string | undefined, lastStatus: number | undefined): string {
  switch (code) {
    case SUBSCRIBER_TERMINATED.FINAL_NOTIFY_RECEIVED:
      return reason ? `terminated by the notifier (${reason})` : 'terminated by the notifier';
    case SUBSCRIBER_TERMINATED.NON_OK_RESPONSE:
      return lastStatus ? `SUBSCRIBE refused (${lastStatus})` : 'SUBSCRIBE refused';
    case SUBSCRIBER_TERMINATED.AUTHENTICATION_FAILED:
      return 'SUBSCRIBE not authorized';
    case SUBSCRIBER_TERMINATED.RESPONSE_TIMEOUT:
      return 'no answer to SUBSCRIBE';
    case SUBSCRIBER_TERMINATED.TRANSPORT_ERROR:
      return 'connection error';
    case SUBSCRIBER_TERMINATED.WRONG_NOTIFY_RECEIVED:
      return 'a NOTIFY that did not match the subscription';
    default:
      return `ended (${code})`;
  }
}
