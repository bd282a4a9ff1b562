/**
 * How long subscriptions (RFC 6665 section 4.2.1.1) and publications (RFC 3903 section 6 step 5) last: the Expires
 * a request asks for, the default when it asks for none, the floor answered with 423 Interval Too Brief and
 * Min-Expires, and the ceiling to which longer requests are cut down silently (a notifier or compositor may shorten,
 * never lengthen, the interval).
 */
import { parseExpires, SipParseError, type SipRequest } from '../../src/core/sip/index.ts';

export interface ExpiresPolicy {
  defaultSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

const DAY = 86_400;

/**
 * RFC 6072 section 6.3: "The default subscription duration for this event package is one day"; subscriptions range
 * "from no time to weeks", so we grant at most a week.
 */
export const CERTIFICATE_SUBSCRIPTION_EXPIRES: Readonly<ExpiresPolicy> = { defaultSeconds: DAY, minSeconds: 60, maxSeconds: 7 * DAY };

/** RFC 6072 section 7.3: the credential package has the same one-day default, "from hours to one week". */
export const CREDENTIAL_SUBSCRIPTION_EXPIRES: Readonly<ExpiresPolicy> = { defaultSeconds: DAY, minSeconds: 60, maxSeconds: 7 * DAY };

/**
 * RFC 3903 leaves the publication interval to the event package and RFC 6072 names none. We default to a day like the
 * subscriptions, and allow up to a year (the longest certificate validity, docs/design.md "Keys and certificates"); the
 * compositor also ends a publication no later than its certificate's notAfter.
 */
export const PUBLICATION_EXPIRES: Readonly<ExpiresPolicy> = { defaultSeconds: DAY, minSeconds: 60, maxSeconds: 365 * DAY };

export type ExpiresDecision =
  | { kind: 'granted'; seconds: number }
  | { kind: 'too-brief'; minSeconds: number }
  | { kind: 'malformed'; detail: string };

/** The interval to grant for `request`: 0 stays 0 (unsubscribe, fetch, removal), anything else is clamped to `policy`. */
export function decideExpires(request: SipRequest, policy: ExpiresPolicy): ExpiresDecision {
  const header = request.headers.get('Expires');
  if (header === undefined) return { kind: 'granted', seconds: policy.defaultSeconds };
  let seconds: number;
  try {
    seconds = parseExpires(header);
  } catch (error) {
    if (error instanceof SipParseError) return { kind: 'malformed', detail: error.message };
    throw error;
  }
  if (seconds === 0) return { kind: 'granted', seconds: 0 };
  if (seconds < policy.minSeconds) return { kind: 'too-brief', minSeconds: policy.minSeconds };
  return { kind: 'granted', seconds: Math.min(seconds, policy.maxSeconds) };
}

/** Guards the options of the service: whole seconds, 1 <= min <= default <= max. */
export function checkExpiresPolicy(policy: ExpiresPolicy, what: string): ExpiresPolicy {
  const { defaultSeconds, minSeconds, maxSeconds } = policy;
  const whole = [defaultSeconds, minSeconds, maxSeconds].every((n) => Number.isSafeInteger(n) && n > 0);
  if (!whole || minSeconds > defaultSeconds || defaultSeconds > maxSeconds) {
    throw new TypeError(`${what}: expected whole seconds with 0 < minSeconds <= defaultSeconds <= maxSeconds`);
  }
  return { defaultSeconds, minSeconds, maxSeconds };
}
