/**
 * Protected headers (seed 000 sections 4, 4.2.1 and 4.5): the identities and the transaction of a SIP message copied
 * into a `message/sip-secure` part that is signed, then encrypted, together with the SDP or text. A relay can then
 * rewrite the outer From, To, Call-ID, CSeq or Date, but not without the receiver noticing (check-protected-headers.ts),
 * and a replayed body is caught by its Date and the replay cache (replay-cache.ts).
 *
 * What is copied: From, To, Call-ID, CSeq and Date, never Via or the other headers proxies may change
 * (seed 000 section 4: "Via MUST NOT be placed in a secure attachment"; rfc3261#section-23.4.1.1 lists Request-URI,
 * Via, Record-Route, Route, Max-Forwards and Proxy-Authorization as legitimately rewritten on the way).
 *
 * The part on the wire (sip-secure-part.ts) and its place in the signed content (signed-content.ts):
 * docs/design.md "Protected headers".
 */
import { CoreError, isCoreError } from '../errors.ts';
import type { CSeq, NameAddr, SipMessage } from '../sip/index.ts';
import type { SecureMethod } from './secure-requires.ts';

/** The media type of the attachment (seed 000 section 4.2). */
export const SIP_SECURE_TYPE = 'message/sip-secure';
/** Seed 000 section 4.1.1: who the attachment is for. */
export const SECURE_TO_HEADER = 'X-SIP-SECURE-TO';
/** Seed 000 section 4.1.2: who supplies (here: signs) the attachment. */
export const SECURE_FROM_HEADER = 'X-SIP-SECURE-FROM';

/**
 * The header field values of the outer SIP message, as written on it (display names, tags and all). They are what
 * the builder copies and what the receiver compares the protected copies with.
 */
export interface OuterHeaderValues {
  /** A request or a response: it decides who X-SIP-SECURE-FROM and -TO name (the sender of a response is the To). */
  kind: 'request' | 'response';
  from: string;
  to: string;
  callId: string;
  cseq: string;
  /** The Date header field (a SIP-date); the receiver compares it only when the outer message has one. */
  date?: string;
}

/**
 * What the builder needs (the `protectedHeaders` option): the outer values, Date included. The caller puts a Date on
 * the outer message first (rfc3261#section-20.17) and passes the same value here; the builder never invents one.
 */
export interface ProtectedHeadersInput extends OuterHeaderValues {
  date: string;
}

/** A `message/sip-secure` part as read: every value parsed with the core's SIP parsers. */
export interface ProtectedHeaders {
  /** X-SIP-SECURE-TO as written: the AOR (a sip: or sips: URI) the attachment is for. */
  secureTo: string;
  /** X-SIP-SECURE-FROM as written: the AOR that signed the attachment. */
  secureFrom: string;
  /** X-SIP-SECURE-METHOD: the one crypto-system used (seed 000 section 4.1.5); ours is smime.sec.sip.iana. */
  method: SecureMethod;
  from: NameAddr;
  to: NameAddr;
  callId: string;
  cseq: CSeq;
  date: Date;
}

/**
 * The outer values of a message of the core's model (src/core/sip): From, To, Call-ID, CSeq (exactly one each, or
 * CoreError 'malformed-sip', as rfc3261#section-8.1.1 requires them) and the Date when it has one.
 */
export function outerHeaderValues(message: Pick<SipMessage, 'kind' | 'headers'>): OuterHeaderValues {
  if (message?.kind !== 'request' && message?.kind !== 'response') throw new CoreError('invalid-argument', 'a SIP request or response is required');
  const one = (name: string): string => {
    const values = message.headers.getAll(name);
    if (values.length !== 1) throw new CoreError('malformed-sip', `the message has ${values.length === 0 ? 'no' : 'more than one'} ${name} header`);
    return values[0]!;
  };
  const dates = message.headers.getAll('Date');
  if (dates.length > 1) throw new CoreError('malformed-sip', 'the message has more than one Date header');
  const values: OuterHeaderValues = { kind: message.kind, from: one('From'), to: one('To'), callId: one('Call-ID'), cseq: one('CSeq') };
  return dates.length === 1 ? { ...values, date: dates[0]! } : values;
}

/** Runs a parser of src/core/sip on a value, turning its SipParseError into a CoreError of `kind` naming the header. */
export function parsed<T>(header: string, value: string, parse: (text: string) => T, kind: 'invalid-argument' | 'malformed-sip'): T {
  try {
    return parse(value);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    throw new CoreError(kind, `${header} ${JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}...` : value)}: ${error.message}`, { cause: error });
  }
}

/** callid = word [ "@" word ] (rfc3261#section-25.1), checked as the SIP parser does: non-empty, no whitespace. */
export function isCallId(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) return false;
  }
  return true;
}
