/**
 * Cross-checking protected headers with the outer message and with the signer (seed 000 section 4.5: "the verifier
 * MUST NOT allow an attachment ... to verify but allow the inner identities to be forged"; rfc3261#section-23.4.1.1:
 * a header that differs between the signed copy and the outer message is an integrity violation). A mismatch is a
 * refusal with a kind a program can act on and a reason in English; seed 000 section 4.5 answers it with a 4xx.
 *
 * The rules, in the order they are checked:
 *
 * | rule | kind |
 * | --- | --- |
 * | X-SIP-SECURE-METHOD is `smime.sec.sip.iana`, the crypto-system that protected it (seed 000 section 4.1.5) | method-mismatch |
 * | X-SIP-SECURE-FROM is the signer's AOR (the certificate's subjectAltName URI, signer-identity.ts) | signer-mismatch |
 * | X-SIP-SECURE-FROM is the protected sender's AOR: the From of a request, the To of a response | sender-mismatch |
 * | X-SIP-SECURE-TO is the protected receiver's AOR: the To of a request, the From of a response | recipient-mismatch |
 * | the outer From URI equals the protected one (rfc3261#section-19.1.4), and so does the From tag | from-mismatch |
 * | the outer To URI equals the protected one, and so does the To tag | to-mismatch |
 * | the Call-ID is the same, octet for octet (rfc3261#section-20.8: case-sensitive) | call-id-mismatch |
 * | the CSeq number and method are the same (methods are case-sensitive, rfc3261#section-7.1) | cseq-mismatch |
 * | an outer Date, when there is one, is the same instant as the protected Date | date-mismatch |
 * | the protected Date is at most `windowSeconds` from `now`, either way | stale-date |
 * | (wherever it is met) an outer From, To or CSeq that does not parse at all | malformed |
 *
 * Decisions (docs/design.md "Protected headers"):
 * - Display names are not compared: they are for people, and a privacy service or a phone book may change them
 *   (RFC 3323); other header parameters than the tag are not compared either. AORs (X-SIP-SECURE-*) compare scheme,
 *   user and host (credentials/aor-uri.ts); From and To compare as whole URIs by rfc3261#section-19.1.4, so a host in
 *   other letter case passes and an added `transport` or port does not.
 * - Tags compare exactly, and present in one but absent in the other is a mismatch. Every copy is made as the
 *   message leaves its sender, with the tags it carries then: the protected To of a dialog-creating request has no
 *   tag, and neither has that request's outer To (the UAS adds its tag in its responses, rfc3261#section-8.2.6.2,
 *   which carry copies of their own signed by the UAS, tag included); in-dialog requests and all responses carry
 *   both tags in both places. So a tag added after signing is never compared with a copy made before it, and a
 *   protected To of a response always names the dialog (one request may draw answers from several forked devices
 *   of the same AOR, told apart only by their tags).
 * - The Date window is PROTECTED_DATE_WINDOW_SECONDS, as for RFC 4474 Identity (docs/design.md "RFC 4474 details").
 *   An outer Date may be missing (the protected one is what counts); one that is there must agree.
 */
import { sameAor } from '../credentials/aor-uri.ts';
import { CoreError, describe } from '../errors.ts';
import { parseSipDate } from '../identity/sip-date.ts';
import { formatUri, parseCSeq, parseNameAddr, urisEqual, type NameAddr } from '../sip/index.ts';
import type { OuterHeaderValues, ProtectedHeaders } from './protected-headers.ts';
import { SMIME_METHOD } from './secure-requires.ts';

/** How far the protected Date may be from now, either way: 10 minutes, the RFC 4474 window of docs/design.md. */
export const PROTECTED_DATE_WINDOW_SECONDS = 600;

export type ProtectedHeadersRefusalKind =
  | 'method-mismatch'
  | 'signer-mismatch'
  | 'sender-mismatch'
  | 'recipient-mismatch'
  | 'from-mismatch'
  | 'to-mismatch'
  | 'call-id-mismatch'
  | 'cseq-mismatch'
  | 'date-mismatch'
  | 'stale-date'
  | 'malformed';

export const PROTECTED_HEADERS_REFUSALS: readonly ProtectedHeadersRefusalKind[] = [
  'method-mismatch',
  'signer-mismatch',
  'sender-mismatch',
  'recipient-mismatch',
  'from-mismatch',
  'to-mismatch',
  'call-id-mismatch',
  'cseq-mismatch',
  'date-mismatch',
  'stale-date',
  'malformed',
];

export interface ProtectedHeadersRefusal {
  ok: false;
  kind: ProtectedHeadersRefusalKind;
  /** In English, for logs and the detail a person may open. */
  reason: string;
}

export type ProtectedHeadersVerdict = { ok: true } | ProtectedHeadersRefusal;

/**
 * Checks `headers` (a reading's `protectedHeaders`) against the outer message (`outerHeaderValues`) and the signer
 * (a reading's `signerAor`). Never throws for peer input; a caller's mistake is CoreError 'invalid-argument'.
 */
export function checkProtectedHeaders(
  outer: OuterHeaderValues,
  headers: ProtectedHeaders,
  signerAor: string,
  now: Date = new Date(),
  windowSeconds: number = PROTECTED_DATE_WINDOW_SECONDS,
): ProtectedHeadersVerdict {
  checkArguments(outer, headers, signerAor, now, windowSeconds);
  const identity = checkIdentities(outer.kind, headers, signerAor);
  if (identity) return identity;

  let from: NameAddr;
  let to: NameAddr;
  try {
    from = parseNameAddr(outer.from);
    to = parseNameAddr(outer.to);
  } catch (error) {
    return refuse('malformed', `the outer From or To does not parse: ${describe(error)}`);
  }
  const fromProblem = addressProblem('From', from, headers.from);
  if (fromProblem) return refuse('from-mismatch', fromProblem);
  const toProblem = addressProblem('To', to, headers.to);
  if (toProblem) return refuse('to-mismatch', toProblem);

  if (outer.callId !== headers.callId) return refuse('call-id-mismatch', `the Call-ID ${shown(outer.callId)} is not the protected ${shown(headers.callId)}`);
  let cseq: { seq: number; method: string };
  try {
    cseq = parseCSeq(outer.cseq);
  } catch (error) {
    return refuse('malformed', `the outer CSeq does not parse: ${describe(error)}`);
  }
  if (cseq.seq !== headers.cseq.seq || cseq.method !== headers.cseq.method) {
    return refuse('cseq-mismatch', `the CSeq ${shown(outer.cseq)} is not the protected "${headers.cseq.seq} ${headers.cseq.method}"`);
  }
  return checkDate(outer.date, headers.date, now, windowSeconds);
}

function checkIdentities(kind: OuterHeaderValues['kind'], headers: ProtectedHeaders, signerAor: string): ProtectedHeadersRefusal | undefined {
  if (headers.method.method !== SMIME_METHOD) {
    return refuse('method-mismatch', `the attachment names ${headers.method.method} as its crypto-system, but it was protected with ${SMIME_METHOD}`);
  }
  if (!sameAor(headers.secureFrom, signerAor)) {
    return refuse('signer-mismatch', `X-SIP-SECURE-FROM names ${shown(headers.secureFrom)}, but the body was signed by ${signerAor}`);
  }
  const request = kind === 'request';
  const [senderName, sender, receiverName, receiver] = request ? ['From', headers.from, 'To', headers.to] : ['To', headers.to, 'From', headers.from];
  if (!sameAor(headers.secureFrom, formatUri(sender.uri))) {
    return refuse('sender-mismatch', `X-SIP-SECURE-FROM names ${shown(headers.secureFrom)}, but the protected ${senderName} of this ${kind} is ${formatUri(sender.uri)}`);
  }
  if (!sameAor(headers.secureTo, formatUri(receiver.uri))) {
    return refuse('recipient-mismatch', `X-SIP-SECURE-TO names ${shown(headers.secureTo)}, but the protected ${receiverName} of this ${kind} is ${formatUri(receiver.uri)}`);
  }
  return undefined;
}

/** Why the outer address differs from the protected one (URI by rfc3261#section-19.1.4, tag exactly), or undefined. */
function addressProblem(name: 'From' | 'To', outer: NameAddr, inner: NameAddr): string | undefined {
  if (!urisEqual(outer.uri, inner.uri)) return `the ${name} URI ${formatUri(outer.uri)} is not the protected ${formatUri(inner.uri)}`;
  const outerTag = outer.params.get('tag');
  const innerTag = inner.params.get('tag');
  if (outerTag === innerTag) return undefined;
  return `the ${name} tag ${tagText(outerTag)} is not the protected ${tagText(innerTag)}`;
}

function checkDate(outerDate: string | undefined, date: Date, now: Date, windowSeconds: number): ProtectedHeadersVerdict {
  if (outerDate !== undefined) {
    let outer: Date;
    try {
      outer = parseSipDate(outerDate);
    } catch (error) {
      return refuse('date-mismatch', `the outer Date does not parse: ${describe(error)}`);
    }
    if (outer.getTime() !== date.getTime()) return refuse('date-mismatch', `the Date ${shown(outerDate)} is not the protected ${date.toUTCString()}`);
  }
  const skew = Math.abs(now.getTime() - date.getTime()) / 1000;
  if (skew > windowSeconds) {
    return refuse('stale-date', `the protected Date ${date.toUTCString()} is ${Math.round(skew)} s from now (${now.toUTCString()}); at most ${windowSeconds} s is accepted`);
  }
  return { ok: true };
}

function checkArguments(outer: OuterHeaderValues, headers: ProtectedHeaders, signerAor: string, now: Date, windowSeconds: number): void {
  if (typeof outer !== 'object' || outer === null || (outer.kind !== 'request' && outer.kind !== 'response')) {
    throw new CoreError('invalid-argument', 'the outer header values must say whether the message is a request or a response');
  }
  for (const key of ['from', 'to', 'callId', 'cseq'] as const) {
    if (typeof outer[key] !== 'string') throw new CoreError('invalid-argument', `the outer ${key} must be a string`);
  }
  if (outer.date !== undefined && typeof outer.date !== 'string') throw new CoreError('invalid-argument', 'the outer date must be a string when given');
  if (typeof headers !== 'object' || headers === null || !(headers.date instanceof Date)) throw new CoreError('invalid-argument', 'protected headers as read are required');
  if (typeof signerAor !== 'string') throw new CoreError('invalid-argument', 'the signer AOR must be a string');
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new CoreError('invalid-argument', 'now must be a valid Date');
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0) throw new CoreError('invalid-argument', 'the Date window must be a number of seconds, 0 or more');
}

function refuse(kind: ProtectedHeadersRefusalKind, reason: string): ProtectedHeadersRefusal {
  return { ok: false, kind, reason };
}

function tagText(tag: string | null | undefined): string {
  if (tag === undefined) return '(none)';
  return tag === null ? '(empty)' : JSON.stringify(tag);
}

function shown(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}...` : value);
}
