/**
 * Responses built from requests (rfc3261#section-8.2.6): the Via lines (all, in order), From, Call-ID and CSeq are
 * copied; To is copied, with a tag added when one is given and the request's To has none (rfc3261#section-8.2.6.2;
 * never on 100 Trying, which carries the request's Timestamp instead, rfc3261#section-8.2.6.1).
 *
 * Not done here, on purpose: Record-Route is copied into 1xx/2xx answers to dialog-creating requests by the dialog
 * layer (rfc3261#section-12.1.1), Contact and Allow/Supported by the user agent core; a stateless proxy's own
 * responses never carry them. Works on the partial requests of SipParseError too, copying what is there.
 */
import { CoreError } from '../errors.ts';
import { isToken } from './chars.ts';
import { SipHeaders } from './headers.ts';
import { EMPTY_BODY, type SipRequest, type SipResponse } from './message.ts';
import { parseNameAddr } from './name-addr.ts';
import { reasonPhrase } from './reason-phrases.ts';
import { SipParseError } from './sip-parse-error.ts';

export interface CreateResponseExtra {
  /** The UAS's To tag, added when the request's To has none. */
  toTag?: string;
  /** Appended after the copied headers. */
  headers?: Iterable<readonly [string, string]>;
  body?: Uint8Array;
}

export function createResponse(request: SipRequest, status: number, reason?: string, extra: CreateResponseExtra = {}): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new CoreError('invalid-argument', `SIP status ${status} is not 100..699`);
  const headers = new SipHeaders();
  for (const [name, value] of request.headers) {
    switch (name) {
      case 'Via':
      case 'From':
      case 'Call-ID':
      case 'CSeq':
        headers.append(name, value);
        break;
      case 'To':
        headers.append(name, status === 100 ? value : withTag(value, extra.toTag));
        break;
      case 'Timestamp':
        if (status === 100) headers.append(name, value);
        break;
    }
  }
  if (extra.headers) for (const [name, value] of extra.headers) headers.append(name, value);
  return { kind: 'response', status, reason: reason ?? reasonPhrase(status), headers, body: extra.body ?? EMPTY_BODY };
}

/** `to;tag=...` unless the To already has a tag or cannot be read (then it is copied unchanged). */
function withTag(to: string, tag: string | undefined): string {
  if (tag === undefined) return to;
  if (!isToken(tag)) throw new CoreError('invalid-argument', `To tag "${tag.slice(0, 40)}" is not a token`);
  try {
    if (parseNameAddr(to).params.has('tag')) return to;
  } catch (error) {
    if (error instanceof SipParseError) return to;
    throw error;
  }
  return `${to};tag=${tag}`;
}
