/**
 * The Reason header (rfc3326#section-2): why a request was made or a response given, as a protocol and its cause.
 *
 *   Reason            =  "Reason" HCOLON reason-value *(COMMA reason-value)
 *   reason-value      =  protocol *(SEMI reason-params)
 *   protocol          =  "SIP" / "Q.850" / token
 *   reason-params     =  protocol-cause / reason-text / reason-extension
 *   protocol-cause    =  "cause" EQUAL cause          cause = 1*DIGIT
 *   reason-text       =  "text" EQUAL quoted-string
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
  cause?: number;
  text?: string;
}

/** The `text` SealPhone gives when do not disturb refuses a call. */
export const DO_NOT_DISTURB_TEXT = 'Do not disturb';

/** One reason-value; `text` is quoted (rfc3326#section-2). */
export function formatReason(reason: SipReason): string {
  if (reason.cause !== undefined && (!Number.isInteger(reason.cause) || reason.cause < 0)) throw new CoreError('invalid-argument', `not a cause: ${reason.cause}`);
  const params: [string, string][] = [];
  if (reason.cause !== undefined) params.push(['cause', String(reason.cause)]);
  if (reason.text !== undefined) params.push(['text', quoteString(reason.text)]);
  const s = new Scanner(reason.protocol, 'Reason protocol');
  s.token('a protocol');
  s.end();
  return reason.protocol + formatParams(params);
}

/** Every reason-value of a Reason header value; one that does not parse is an error. */
export function parseReasons(value: string): SipReason[] {
  return splitHeaderList(value).map((item) => {
    const s = new Scanner(item, 'Reason');
    s.skipWs();
    const protocol = s.token('a protocol');
    const params: SipParams = new Map();
    readParams(s, params);
    s.skipWs();
    s.end();
    const reason: SipReason = { protocol };
    const cause = params.get('cause');
    if (cause !== undefined && cause !== null && /^\d{1,9}$/.test(cause)) reason.cause = Number(cause);
    const text = params.get('text');
    if (text !== undefined && text !== null) reason.text = text.startsWith('"') ? unquote(text) : text;
    return reason;
  });
}

/** Whether a Reason header value says the callee's do not disturb refused the call (SIP cause 486 with our text). */
export function isDoNotDisturb(value: string | undefined): boolean {
  if (!value) return false;
  try {
    return parseReasons(value).some((r) => r.protocol.toUpperCase() === 'SIP' && r.cause === 486 && r.text?.toLowerCase() === DO_NOT_DISTURB_TEXT.toLowerCase());
  } catch {
    return false;
  }
}
