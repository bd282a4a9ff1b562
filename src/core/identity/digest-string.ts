/**
 * The RFC 4474 digest-string (rfc4474#section-9): what the Identity signature covers.
 *
 *   digest-string = addr-spec "|" addr-spec "|" callid "|" 1*DIGIT SP Method "|" SIP-date "|" [ addr-spec ] "|"
 *                   message-body
 *
 * The addr-specs are those of From, To and Contact (empty when there is no Contact), the number and method come from
 * CSeq, SIP-date is the Date header field value, and the body is taken byte for byte.
 */
import { concatBytes, fromUtf8, utf8 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { addrSpecOf } from './addr-spec.ts';

export interface IdentityDigestFields {
  /** From header field value (`"Alice" <sip:alice@example.test>;tag=1`) or its URI. */
  fromUri: string;
  /** To header field value or its URI. */
  toUri: string;
  callId: string;
  cseq: { seq: number; method: string };
  /** The Date header field value (a SIP-date, e.g. `Thu, 21 Feb 2002 13:02:03 GMT`), exactly as sent. */
  date: string;
  /** Contact header field value or its URI; absent when the request has no Contact. */
  contactUri?: string;
  /** The message body as sent (after any Content-Transfer-Encoding), empty when there is none. */
  body: Uint8Array;
}

/** RFC 3261 section 25.1 `token` (a Method is a token). */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/**
 * RFC 3261 section 25.1 `callid = word [ "@" word ]` allows only visible ASCII and never `|`; we take any visible ASCII
 * but `|`, which would blur the fields of the digest-string.
 */
const CALL_ID = /^[\x21-\x7b\x7d\x7e]+$/;
/** Printable ASCII without `|`; the Date itself is checked as a SIP-date by the verifier, which must read it. */
const DATE_TEXT = /^[\x20-\x7b\x7d\x7e]+$/;
/** RFC 3261 section 8.1.1.5: the sequence number is a 32-bit unsigned integer less than 2**31. */
const MAX_CSEQ = 2 ** 31 - 1;

/** The digest-string bytes of a request. Unusable fields give a CoreError 'invalid-argument'. */
export function identityDigestString(fields: IdentityDigestFields): Uint8Array {
  const callId = fields.callId.trim();
  if (!CALL_ID.test(callId)) throw new CoreError('invalid-argument', `Call-ID is not a callid: ${JSON.stringify(callId.slice(0, 100))}`);
  const { seq, method } = fields.cseq;
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_CSEQ) throw new CoreError('invalid-argument', `CSeq number ${seq} is not an integer from 0 to 2**31-1`);
  if (!TOKEN.test(method)) throw new CoreError('invalid-argument', `CSeq method is not a token: ${JSON.stringify(method.slice(0, 100))}`);
  const date = fields.date.trim();
  if (!DATE_TEXT.test(date)) throw new CoreError('invalid-argument', `Date is not a SIP-date: ${JSON.stringify(date.slice(0, 100))}`);
  if (!(fields.body instanceof Uint8Array)) throw new CoreError('invalid-argument', 'the body must be bytes');
  const head = [
    addrSpecOf(fields.fromUri),
    addrSpecOf(fields.toUri),
    callId,
    `${seq} ${method}`,
    date,
    fields.contactUri === undefined ? '' : addrSpecOf(fields.contactUri),
    '',
  ].join('|');
  return concatBytes(utf8(head), fields.body);
}

/** The fields at the head of a digest-string, for a verifier that must know which Date it covers. */
export interface DigestStringHead {
  fromAddrSpec: string;
  toAddrSpec: string;
  callId: string;
  cseq: string;
  date: string;
  contactAddrSpec: string;
}

/**
 * Splits the six fields before the body off a digest-string. None of them can hold `|` (identityDigestString refuses
 * it), so the first six `|` end them. Fewer than six is a CoreError 'invalid-argument'.
 */
export function readDigestStringHead(digestString: Uint8Array): DigestStringHead {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < digestString.length && fields.length < 6; i++) {
    if (digestString[i] !== 0x7c) continue;
    fields.push(fromUtf8(digestString.subarray(start, i)));
    start = i + 1;
  }
  if (fields.length < 6) throw new CoreError('invalid-argument', 'not an RFC 4474 digest-string: fewer than six "|"');
  const [fromAddrSpec, toAddrSpec, callId, cseq, date, contactAddrSpec] = fields as [string, string, string, string, string, string];
  return { fromAddrSpec, toAddrSpec, callId, cseq, date, contactAddrSpec };
}
