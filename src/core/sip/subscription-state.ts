/**
 * Subscription-State (rfc6665#section-8.2.3 and section 4.1.3):
 *
 *   Subscription-State = substate-value *( SEMI subexp-params )
 *   substate-value     = "active" / "pending" / "terminated" / extension-substate
 *   subexp-params      = ("reason" EQUAL event-reason-value) / ("expires" EQUAL delta-seconds)
 *                        / ("retry-after" EQUAL delta-seconds) / generic-param
 */
import { CoreError } from '../errors.ts';
import { isToken, Scanner } from './chars.ts';
import { parseDeltaSeconds } from './expires.ts';
import { formatParams, readParams, type SipParams } from './params.ts';

export interface SubscriptionState {
  /** Lower-cased: "active", "pending", "terminated" or an extension. */
  state: string;
  /** Lower-cased event reason ("deactivated", "timeout", "rejected", ...). */
  reason?: string;
  expires?: number;
  retryAfter?: number;
  /** Every parameter, names lower-cased. */
  params: SipParams;
}

const REASON = 'Bad Subscription-State';

export function parseSubscriptionState(text: string): SubscriptionState {
  const s = new Scanner(text, REASON);
  s.skipWs();
  const state = s.token('a subscription state').toLowerCase();
  const params: SipParams = new Map();
  readParams(s, params);
  s.end();
  const out: SubscriptionState = { state, params };
  const reason = params.get('reason');
  if (reason !== undefined) {
    if (reason === null || !isToken(reason)) return s.fail('reason must be a token');
    out.reason = reason.toLowerCase();
  }
  const expires = params.get('expires');
  if (expires !== undefined) out.expires = parseDeltaSeconds(expires ?? '', REASON);
  const retryAfter = params.get('retry-after');
  if (retryAfter !== undefined) out.retryAfter = parseDeltaSeconds(retryAfter ?? '', REASON);
  return out;
}

/** `state;reason=...;expires=...;retry-after=...` plus the other `params`; the typed fields win over `params`. */
export function formatSubscriptionState(value: SubscriptionState): string {
  if (!isToken(value.state)) throw new CoreError('invalid-argument', `"${value.state.slice(0, 40)}" is not a subscription state`);
  const params = new Map(value.params);
  if (value.reason !== undefined) params.set('reason', value.reason);
  if (value.expires !== undefined) params.set('expires', delta(value.expires));
  if (value.retryAfter !== undefined) params.set('retry-after', delta(value.retryAfter));
  return value.state + formatParams(params);
}

function delta(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) throw new CoreError('invalid-argument', `${seconds} is not delta-seconds`);
  return String(seconds);
}
