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
 *
 * SealPhone sends `Reason: SIP;cause=486;text="Do not disturb"` on the 486 it answers while do not disturb is on (a
 * response may carry it: RFC 3326 section 2 leaves that to the status code, and RFC 9366 reads it on any final
 * response), so that the caller can say the person does not take calls now rather than that they are busy.
 */
import { CoreError } from '../errors.ts';
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

/** `SIP;cause=200;text="..."`; a protocol that is not a token or a cause that is not a number is refused. */
export function formatReason(reason: { protocol: string; cause?: number; text?: string }): string {
  if (reason.cause !== undefined && (!Number.isInteger(reason.cause) || reason.cause < 0)) throw new CoreError('invalid-argument', `not a cause: ${reason.cause}`);
  const s = new Scanner(reason.protocol, 'Reason protocol');
  s.token('a protocol');
  s.end();
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

/** The `text` SealPhone gives when do not disturb refuses a call. */
export const DO_NOT_DISTURB_TEXT = 'Do not disturb';

/** Whether a Reason header value says the callee's do not disturb refused the call (SIP cause 486 with our text). */
export function isDoNotDisturb(value: string | undefined): boolean {
  if (!value) return false;
  return parseReasons([value]).some((r) => r.protocol.toUpperCase() === 'SIP' && r.cause === 486 && r.text?.toLowerCase() === DO_NOT_DISTURB_TEXT.toLowerCase());
}
