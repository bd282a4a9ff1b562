/**
 * Reason (rfc3326#section-2): why a request (CANCEL, BYE) was sent.
 *
 *   Reason          = "Reason" HCOLON reason-value *(COMMA reason-value)
 *   reason-value    = protocol *(SEMI reason-params)
 *   protocol        = "SIP" / "Q.850" / token
 *   reason-params   = protocol-cause / reason-text / reason-extension
 *   protocol-cause  = "cause" EQUAL cause        ; cause = 1*DIGIT
 *   reason-text     = "text" EQUAL quoted-string
 *
 * A forking proxy that cancels the other branches once one answered puts `SIP;cause=200;text="Call completed
 * elsewhere"` in each CANCEL (RFC 3261 section 16.7 step 10 as RFC 3326 section 2 lets it say why), so that the
 * other devices do not record a missed call.
 */
import { quoteString, Scanner, unquote } from './chars.ts';
import { splitHeaderList } from './header-list.ts';
import { formatParams, readParams, type SipParams } from './params.ts';

export interface SipReason {
  /** `SIP`, `Q.850` or another token, as written. */
  protocol: string;
  /** The `cause` parameter (a SIP status code for protocol SIP). */
  cause?: number;
  /** The `text` parameter, unquoted. */
  text?: string;
  /** Every parameter, names lower-cased, values as written. */
  params: SipParams;
}

/** One reason-value. Throws SipParseError ('Bad Reason') when it is not one. */
export function parseReason(value: string): SipReason {
  const s = new Scanner(value, 'Bad Reason');
  s.skipWs();
  const protocol = s.token('a protocol');
  const params: SipParams = new Map();
  readParams(s, params);
  s.skipWs();
  s.end();
  const reason: SipReason = { protocol, params };
  const cause = params.get('cause');
  if (cause !== undefined) {
    if (cause === null || !/^\d+$/.test(cause)) return s.fail('cause must be digits');
    reason.cause = Number(cause);
  }
  const text = params.get('text');
  if (text !== undefined && text !== null) reason.text = unquote(text);
  return reason;
}

/** Every reason-value of one or more Reason header values; the ones that cannot be read are left out. */
export function parseReasons(values: readonly string[]): SipReason[] {
  const out: SipReason[] = [];
  for (const value of values) {
    for (const item of splitHeaderList(value)) {
      try {
        out.push(parseReason(item));
      } catch {
        // A malformed reason-value says nothing we could act on.
      }
    }
  }
  return out;
}

/** `SIP;cause=200;text="..."`. */
export function formatReason(reason: { protocol: string; cause?: number; text?: string }): string {
  const params: [string, string][] = [];
  if (reason.cause !== undefined) params.push(['cause', String(reason.cause)]);
  if (reason.text !== undefined) params.push(['text', quoteString(reason.text)]);
  return reason.protocol + formatParams(params);
}

/** What a proxy's CANCEL carries when another branch answered (RFC 3326 section 2, its example). */
export const COMPLETED_ELSEWHERE = formatReason({ protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' });

/** Whether Reason values say the call was answered on another device: protocol SIP with cause 200. */
export function completedElsewhere(values: readonly string[]): boolean {
  return parseReasons(values).some((r) => r.protocol.toUpperCase() === 'SIP' && r.cause === 200);
}
