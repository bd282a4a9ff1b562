/**
 * The event publication agent (EPA) of RFC 3903 for one credential: what to PUBLISH next, and when. Pure and
 * time-injected: `stepPublisher(state, input, now)` returns the next state, the request to send now (if any) and when
 * to call it again with `{ type: 'timer' }`. A JsSIP adapter (src/sip) sends the requests, reports each one's final
 * response exactly once, and runs the one timer; it holds no other state.
 *
 *   idle --publish--> publishing --2xx--> published --timer (refresh due)--> refreshing --2xx--> published
 *                        |   ^                |  ^                               |
 *                        |   +--412 / 423 ----+  +------------ 412: republish in full (rfc3903#section-4.4)
 *                        +--other failure--> failed --timer (retry due) / publish / connection-restored--> ...
 *   any --remove--> removing --2xx / 412--> removed
 *
 * Rules (RFC 3903 sections 4 and 11, docs/certificates.md):
 * - One PUBLISH in flight at a time. A publish or remove while one is in flight only records the wish; once the
 *   answer comes, the latest wish is sent (intermediate ones are skipped).
 * - Initial: body, no SIP-If-Match. Modify: body and SIP-If-Match. Refresh: SIP-If-Match, no body. Remove:
 *   SIP-If-Match and Expires 0, no body (without SIP-If-Match when no entity tag is known: the credential server
 *   then revokes whatever is published for the AOR, docs/server-credentials.md).
 * - 2xx: keep the SIP-ETag and the granted Expires; refresh after half of it, but at least 32 s (64*T1, the longest a
 *   non-INVITE transaction takes) before it ends. RFC 3903 asks the EPA to refresh before the publication expires and
 *   leaves when to it; half the interval is our choice (docs/jssip-notes.md "PUBLISH").
 * - 412 Conditional Request Failed: the entity tag is stale; publish the whole body again without SIP-If-Match. A 412
 *   to a removal means our publication is gone already: removed.
 * - 423 Interval Too Brief: ask again with the Min-Expires (if it is larger than what was asked).
 * - Any other failure: failed. Transient ones (408, 480, 5xx except 501, and the rest not listed below) are retried
 *   after Retry-After, or after 30 s doubling to at most 30 min; ones a retry cannot fix (3xx, 400, 401, 403, 404,
 *   405, 407, 413, 415, 416, 420, 423 without a larger Min-Expires, 481, 488, 489, 493, 501, 6xx) wait for a new
 *   publish, remove or connection.
 * - connection-restored: republish the whole body without SIP-If-Match (docs/jssip-notes.md "PUBLISH"; the compositor
 *   replaces the publication), or retry a pending removal; after the answer if a PUBLISH is in flight.
 */
import { CoreError } from '../errors.ts';

/** The PUBLISH to send (Event: credential): the adapter adds the usual headers and the body's Content-Type. */
export interface PublishRequest<B> {
  /** SIP-If-Match; absent for an initial publication. */
  ifMatch?: string;
  /** The Expires header, in seconds; 0 removes. */
  expires: number;
  /** The body; absent for a refresh or a removal. */
  body?: B;
}

/** The final response to the PUBLISH in flight, as the adapter read it. */
export interface PublishResponse {
  status: number;
  reason?: string;
  /** SIP-ETag of a 2xx. */
  etag?: string;
  /** Expires of a 2xx, seconds. */
  expires?: number;
  /** Min-Expires of a 423, seconds. */
  minExpires?: number;
  /** Retry-After, seconds (503 and others). */
  retryAfter?: number;
}

export type PublisherInput<B> =
  | { type: 'publish'; body: B; expires?: number }
  | { type: 'remove' }
  | { type: 'response'; response: PublishResponse }
  | { type: 'timer' }
  | { type: 'connection-restored' };

export type PublisherPhase = 'idle' | 'publishing' | 'published' | 'refreshing' | 'removing' | 'removed' | 'failed';

type Purpose = 'initial' | 'modify' | 'refresh' | 'remove';

export interface PublisherConfig {
  /** Expires asked for when `publish` names none; default 86400 (the credential server's default). */
  defaultExpires: number;
  /** First retry delay after a transient failure, ms; doubles per failure. Default 30 s. */
  retryBaseMs: number;
  /** Longest retry delay, ms. Default 30 min. */
  retryMaxMs: number;
}

export const DEFAULT_PUBLISHER_CONFIG: Readonly<PublisherConfig> = Object.freeze({ defaultExpires: 86_400, retryBaseMs: 30_000, retryMaxMs: 1_800_000 });

/** 64*T1 (rfc3261#section-17.1.2.2): a refresh sent this long before expiry is answered before it. */
export const REFRESH_MARGIN_SECONDS = 32;

/** Failures a retry cannot fix. */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 407, 413, 415, 416, 420, 423, 481, 488, 489, 493, 501]);

export interface PublisherState<B> {
  readonly phase: PublisherPhase;
  readonly config: PublisherConfig;
  /** What the user wants: a body kept published, or removal; null before the first wish. */
  readonly wish: { kind: 'publish'; body: B; expires: number; version: number } | { kind: 'remove'; version: number } | null;
  /** The publication the compositor holds, as far as we know (times in ms since the epoch). */
  readonly published: { etag: string; version: number; askedExpires: number; grantedExpires: number; expiresAt: number; refreshAt: number } | null;
  /** Our removal was answered (2xx or 412) and no wish came since. */
  readonly removalConfirmed: boolean;
  readonly inFlight: { request: PublishRequest<B>; version: number; purpose: Purpose } | null;
  /** The last failure; `retryAt` null when only a new wish or connection helps. */
  readonly failure: { status: number; reason: string; retryAt: number | null } | null;
  /** Failures since the last success, for the backoff. */
  readonly attempts: number;
  /** connection-restored arrived while a PUBLISH was in flight: publish in full once it is answered. */
  readonly republish: boolean;
  readonly nextVersion: number;
  /** When to call stepPublisher with `{ type: 'timer' }` (ms since the epoch); null for no timer. */
  readonly timerAt: number | null;
}

export interface PublisherStep<B> {
  state: PublisherState<B>;
  /** The PUBLISH to send now, if any. */
  send: PublishRequest<B> | null;
  /** Same as state.timerAt: (re)arm the timer for then, or clear it when null. */
  timerAt: number | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function initialPublisherState<B>(config: Partial<PublisherConfig> = {}): PublisherState<B> {
  const merged = { ...DEFAULT_PUBLISHER_CONFIG, ...config };
  if (!isSeconds(merged.defaultExpires) || merged.defaultExpires === 0) throw new CoreError('invalid-argument', 'defaultExpires must be whole seconds from 1');
  if (!(merged.retryBaseMs > 0) || !(merged.retryMaxMs >= merged.retryBaseMs)) throw new CoreError('invalid-argument', 'retry delays must satisfy 0 < retryBaseMs <= retryMaxMs');
  return {
    phase: 'idle',
    config: merged,
    wish: null,
    published: null,
    removalConfirmed: false,
    inFlight: null,
    failure: null,
    attempts: 0,
    republish: false,
    nextVersion: 1,
    timerAt: null,
  };
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Seconds after a 2xx at which to refresh a publication granted for `expires` seconds. */
export function refreshDelaySeconds(expires: number): number {
  return Math.max(1, Math.min(expires / 2, expires - REFRESH_MARGIN_SECONDS));
}

/** Milliseconds to wait after the `attempts`-th transient failure in a row. */
export function retryDelayMs(attempts: number, config: Pick<PublisherConfig, 'retryBaseMs' | 'retryMaxMs'> = DEFAULT_PUBLISHER_CONFIG): number {
  return Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

function invalidTransition(state: PublisherState<unknown>, input: string): CoreError {
  return new CoreError('invalid-argument', `Invalid state transition from ${state.phase} on ${input}`);
}

function fail(s: Mutable<PublisherState<unknown>>, response: PublishResponse, reason: string, at: number): void {
  s.attempts += 1;
  const { status } = response;
  const permanent = PERMANENT_STATUSES.has(status) || (status >= 300 && status < 400) || status >= 600;
  let retryAt: number | null = null;
  if (!permanent) {
    const after = response.retryAfter;
    retryAt = at + (isSeconds(after) && after > 0 ? Math.min(after, 86_400) * 1000 : retryDelayMs(s.attempts, s.config));
  }
  s.failure = { status, reason, retryAt };
}

function applyResponse<B>(s: Mutable<PublisherState<B>>, response: PublishResponse, at: number): void {
  const sent = s.inFlight!;
  s.inFlight = null;
  const { status } = response;
  const reason = response.reason ?? '';
  if (status >= 200 && status < 300) {
    if (sent.purpose === 'remove') {
      s.published = null;
      s.removalConfirmed = s.wish?.kind === 'remove';
    } else {
      const granted = response.expires ?? sent.request.expires;
      if (response.etag === undefined || response.etag === '' || !isSeconds(granted) || granted === 0) {
        fail(s, response, `${status} without a SIP-ETag and Expires (rfc3903#section-6 step 8)`, at);
        return;
      }
      s.published = {
        etag: response.etag,
        version: sent.version,
        askedExpires: sent.request.expires,
        grantedExpires: granted,
        expiresAt: at + granted * 1000,
        refreshAt: at + refreshDelaySeconds(granted) * 1000,
      };
    }
    s.failure = null;
    s.attempts = 0;
    return;
  }
  if (status === 412 && sent.request.ifMatch !== undefined) {
    // rfc3903#section-4.4 and 6 step 4: the entity tag is not (or no longer) known to the compositor.
    s.published = null;
    if (sent.purpose === 'remove' && s.wish?.kind === 'remove') s.removalConfirmed = true;
    return;
  }
  if (status === 423 && s.wish?.kind === 'publish' && isSeconds(response.minExpires) && response.minExpires > sent.request.expires) {
    // rfc3903#section-6 step 5: ask again with at least Min-Expires.
    s.wish = { ...s.wish, expires: Math.max(s.wish.expires, response.minExpires) };
    return;
  }
  fail(s, response, `${status}${reason === '' ? '' : ` ${reason}`}`, at);
}

/** The request the state calls for now, if any; marks it in flight. */
function decide<B>(s: Mutable<PublisherState<B>>, at: number): PublishRequest<B> | null {
  if (s.inFlight !== null || s.failure !== null || s.wish === null) return null;
  let published = s.published;
  if (published !== null && at >= published.expiresAt) {
    // The compositor has dropped it by now (rfc3903#section-6 step 2): its tag is useless.
    published = s.published = null;
    if (s.wish.kind === 'remove') s.removalConfirmed = true;
  }
  let request: PublishRequest<B> | null = null;
  let purpose: Purpose = 'initial';
  const wish = s.wish;
  if (wish.kind === 'publish') {
    if (published === null) {
      request = { expires: wish.expires, body: wish.body };
    } else if (published.version !== wish.version) {
      request = { ifMatch: published.etag, expires: wish.expires, body: wish.body };
      purpose = 'modify';
    } else if (published.askedExpires !== wish.expires || at >= published.refreshAt) {
      request = { ifMatch: published.etag, expires: wish.expires };
      purpose = 'refresh';
    }
  } else if (published !== null) {
    request = { ifMatch: published.etag, expires: 0 };
    purpose = 'remove';
  } else if (!s.removalConfirmed) {
    request = { expires: 0 };
    purpose = 'remove';
  }
  if (request !== null) s.inFlight = { request, version: wish.version, purpose };
  return request;
}

function phaseOf(s: PublisherState<unknown>): PublisherPhase {
  if (s.inFlight !== null) {
    const purpose = s.inFlight.purpose;
    return purpose === 'remove' ? 'removing' : purpose === 'refresh' ? 'refreshing' : 'publishing';
  }
  if (s.failure !== null) return 'failed';
  if (s.wish === null) return 'idle';
  if (s.wish.kind === 'remove') return s.removalConfirmed ? 'removed' : 'removing';
  return s.published !== null ? 'published' : 'idle';
}

function timerOf(s: PublisherState<unknown>): number | null {
  if (s.inFlight !== null) return null;
  if (s.failure !== null) return s.failure.retryAt;
  if (s.wish?.kind === 'publish' && s.published !== null) return s.published.refreshAt;
  return null;
}

/**
 * One transition. Throws CoreError 'invalid-argument' for the caller's mistakes: a response with nothing in flight,
 * or an Expires that is not whole seconds from 1.
 */
export function stepPublisher<B>(state: PublisherState<B>, input: PublisherInput<B>, now: () => Date = () => new Date()): PublisherStep<B> {
  const at = now().getTime();
  if (!Number.isFinite(at)) throw new CoreError('invalid-argument', 'now() must return a valid Date');
  const s: Mutable<PublisherState<B>> = { ...state };
  switch (input.type) {
    case 'publish': {
      const expires = input.expires ?? s.config.defaultExpires;
      if (!isSeconds(expires) || expires === 0) throw new CoreError('invalid-argument', 'expires must be whole seconds from 1 (use remove to revoke)');
      s.wish = { kind: 'publish', body: input.body, expires, version: s.nextVersion };
      s.nextVersion += 1;
      s.removalConfirmed = false;
      s.failure = null;
      s.attempts = 0;
      break;
    }
    case 'remove':
      s.wish = { kind: 'remove', version: s.nextVersion };
      s.nextVersion += 1;
      s.removalConfirmed = false;
      s.failure = null;
      s.attempts = 0;
      break;
    case 'response': {
      if (s.inFlight === null) throw invalidTransition(state, `a ${input.response.status} response with no PUBLISH in flight`);
      if (!Number.isInteger(input.response.status) || input.response.status < 200 || input.response.status > 699) {
        throw new CoreError('invalid-argument', `a final response has a status from 200 to 699, not ${input.response.status}`);
      }
      applyResponse(s, input.response, at);
      if (s.republish) {
        s.republish = false;
        if (s.wish?.kind === 'publish') s.published = null;
        if (s.failure !== null && s.failure.retryAt !== null) s.failure = null;
      }
      break;
    }
    case 'timer':
      if (s.timerAt === null || at < s.timerAt) return { state, send: null, timerAt: state.timerAt };
      if (s.failure !== null) s.failure = null; // the retry is due; attempts keep counting
      break;
    case 'connection-restored':
      if (s.inFlight !== null) {
        s.republish = true;
      } else {
        if (s.wish?.kind === 'publish') s.published = null;
        s.failure = null;
      }
      break;
    default:
      throw new CoreError('invalid-argument', `unknown publisher input ${JSON.stringify((input as { type?: unknown }).type)}`);
  }
  const send = decide(s, at);
  s.phase = phaseOf(s);
  s.timerAt = timerOf(s);
  return { state: s, send, timerAt: s.timerAt };
}
