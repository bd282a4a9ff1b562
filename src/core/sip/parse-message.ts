/**
 * Parsing whole SIP messages (rfc3261#section-7) from bytes that hold exactly one message: a UDP datagram or a
 * WebSocket message (RFC 7118). Streams go through `SipStreamFramer`, which shares everything here but framing.
 *
 * What is checked here, and nothing more (header values are parsed lazily by the value parsers):
 * - the start line; SIP/2.0 only (505 for a request in another version);
 * - header line syntax and count; the whole message against `maxMessageBytes` (513);
 * - Content-Length (rfc3261#section-18.3): at most one, 1*DIGIT; a datagram longer than it is truncated to it, a
 *   shorter one is an error; without it the body is the rest of the datagram;
 * - presence of Via, To, From, Call-ID and CSeq in requests and responses (rfc3261#section-8.1.1). Max-Forwards is
 *   optional, because proxies must accept requests without it (rfc3261#section-16.3 step 3, RFC 4475 inv2543),
 *   but must be 1*DIGIT and at most 255 when present;
 * - no second To, From, Call-ID, CSeq or Max-Forwards line (RFC 4475 multi01);
 * - CSeq = number (< 2**32) LWS method, and in a request that method is the request's (rfc3261#section-20.16);
 * - Call-ID non-empty and without whitespace.
 */
import { isWsp, parseDigits } from './chars.ts';
import { parseCSeq } from './cseq.ts';
import { findHeadEnd, parseHead, skipLeadingCrlf, type ParsedHead } from './header-section.ts';
import { headerFields } from './headers.ts';
import { resolveSipLimits, type SipLimits } from './limits.ts';
import { EMPTY_BODY, type SipMessage, type SipRequest } from './message.ts';
import { SipParseError } from './sip-parse-error.ts';
import { isSip20 } from './start-line.ts';

/**
 * Parses one message from `bytes` with datagram rules. The body is a view into `bytes`: copy it if `bytes` will be
 * reused. Throws SipParseError (see its `status`, `reason` and `request`).
 */
export function parseSipMessage(bytes: Uint8Array, limits?: Partial<SipLimits>): SipMessage {
  const { maxMessageBytes, maxHeaders } = resolveSipLimits(limits);
  const start = skipLeadingCrlf(bytes, 0);
  if (start === bytes.length) throw new SipParseError(400, 'Empty Message', 'no start line');
  const tooLarge = bytes.length - start > maxMessageBytes;
  // Never read more than the limit while looking for the end of the head.
  const window = tooLarge ? bytes.subarray(0, start + maxMessageBytes) : bytes;
  const end = findHeadEnd(window, start);
  if (!end.found) {
    if (tooLarge) throw new SipParseError(513, 'Message Too Large', `no end of headers within ${maxMessageBytes} bytes`);
    const head = parseHead(bytes.subarray(start), maxHeaders);
    throw new SipParseError(400, 'Missing Empty Line', 'the header section does not end with an empty line', { request: partialRequest(head) });
  }
  const head = parseHead(bytes.subarray(start, end.bodyStart), maxHeaders);
  if (tooLarge) {
    throw new SipParseError(513, 'Message Too Large', `${bytes.length - start} bytes, more than ${maxMessageBytes}`, { request: partialRequest(head) });
  }
  const available = bytes.length - end.bodyStart;
  let bodyLength = available;
  if (head.contentLengthCount > 0) {
    const declared = contentLength(head);
    if (declared > available) {
      throw new SipParseError(400, 'Bad Content-Length', `Content-Length ${declared} but only ${available} body bytes`, { request: partialRequest(head) });
    }
    bodyLength = declared;
  }
  return completeMessage(head, bodyLength === 0 ? EMPTY_BODY : bytes.subarray(end.bodyStart, end.bodyStart + bodyLength));
}

/**
 * The Content-Length value (rfc3261#section-20.14: 1*DIGIT, one line only), or SipParseError 400 carrying the partial
 * request. Values beyond 2**31 are refused as malformed: they exceed any limit anyway.
 */
export function contentLength(head: ParsedHead): number {
  if (head.contentLengthCount > 1) {
    throw new SipParseError(400, 'Bad Content-Length', 'more than one Content-Length line', { request: partialRequest(head) });
  }
  const value = parseDigits(head.contentLength ?? '', 0x7fffffff);
  if (value < 0) {
    throw new SipParseError(400, 'Bad Content-Length', `"${(head.contentLength ?? '').slice(0, 20)}" is not a length`, { request: partialRequest(head) });
  }
  return value;
}

/** The request as far as parsed, for answering: only requests that have a Via to answer to. */
export function partialRequest(head: ParsedHead): SipRequest | undefined {
  const line = head.startLine;
  if (line.kind === 'response' || (line.kind === 'invalid' && !line.requestLike)) return undefined;
  if (!head.headers.has('Via')) return undefined;
  return {
    kind: 'request',
    method: line.method,
    uri: line.kind === 'request' ? line.uri : '',
    headers: head.headers,
    body: EMPTY_BODY,
  };
}

/** The checks that do not depend on framing; throws SipParseError or returns the message. */
export function completeMessage(head: ParsedHead, body: Uint8Array): SipMessage {
  const request = partialRequest(head);
  const line = head.startLine;
  if (line.kind === 'invalid') return reject(request, 400, line.reason, line.detail);
  if (!isSip20(line.version)) return reject(request, 505, 'Version Not Supported', `${line.version.slice(0, 20)} is not SIP/2.0`);
  if (head.problem) return reject(request, head.problem.status, head.problem.reason, head.problem.detail);

  let via = 0;
  let to = 0;
  let from = 0;
  let callIdCount = 0;
  let cseqCount = 0;
  let maxForwardsCount = 0;
  let callId = '';
  let cseq = '';
  let maxForwards = '';
  for (const f of headerFields(head.headers)) {
    switch (f.key) {
      case 'via':
        via++;
        break;
      case 'to':
        to++;
        break;
      case 'from':
        from++;
        break;
      case 'call-id':
        if (callIdCount++ === 0) callId = f.value;
        break;
      case 'cseq':
        if (cseqCount++ === 0) cseq = f.value;
        break;
      case 'max-forwards':
        if (maxForwardsCount++ === 0) maxForwards = f.value;
        break;
    }
  }
  if (via === 0) return reject(request, 400, 'Missing Via', 'no Via header');
  if (to === 0) return reject(request, 400, 'Missing To', 'no To header');
  if (from === 0) return reject(request, 400, 'Missing From', 'no From header');
  if (callIdCount === 0) return reject(request, 400, 'Missing Call-ID', 'no Call-ID header');
  if (cseqCount === 0) return reject(request, 400, 'Missing CSeq', 'no CSeq header');
  if (to > 1) return reject(request, 400, 'Bad To', 'more than one To header');
  if (from > 1) return reject(request, 400, 'Bad From', 'more than one From header');
  if (callIdCount > 1) return reject(request, 400, 'Bad Call-ID', 'more than one Call-ID header');
  if (cseqCount > 1) return reject(request, 400, 'Bad CSeq', 'more than one CSeq header');
  if (maxForwardsCount > 1) return reject(request, 400, 'Bad Max-Forwards', 'more than one Max-Forwards header');

  let method: string;
  try {
    method = parseCSeq(cseq).method;
  } catch (error) {
    if (error instanceof SipParseError) throw error.withContext({ request });
    throw error;
  }
  if (line.kind === 'request' && method !== line.method) {
    return reject(request, 400, 'CSeq Method Mismatch', `CSeq method ${method.slice(0, 40)} is not the request's ${line.method.slice(0, 40)}`);
  }
  if (!isCallId(callId)) return reject(request, 400, 'Bad Call-ID', `"${callId.slice(0, 40)}" is not a Call-ID`);
  if (maxForwardsCount > 0 && parseDigits(maxForwards, 255) < 0) {
    return reject(request, 400, 'Bad Max-Forwards', `"${maxForwards.slice(0, 20)}" is not 0..255`);
  }
  if (line.kind === 'request') return { kind: 'request', method: line.method, uri: line.uri, headers: head.headers, body };
  return { kind: 'response', status: line.status, reason: line.reason, headers: head.headers, body };
}

/** callid = word [ "@" word ] (rfc3261#section-25.1); here: non-empty and free of whitespace. */
function isCallId(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (isWsp(value.charCodeAt(i))) return false;
  return true;
}

function reject(request: SipRequest | undefined, status: number, reason: string, detail: string): never {
  throw new SipParseError(status, reason, detail, { request });
}
