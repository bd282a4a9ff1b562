/**
 * The `message/sip-secure` attachment (seed 000 sections 4.2 and 4.2.1), built and read in this one place
 * (docs/style.md convention 3). As in the seed's own example (section 5.1 step 5), the attachment's fields are the
 * header fields of the MIME part itself, the required ones first, then the protected copies of the outer headers:
 *
 *   Content-Type: message/sip-secure
 *   Content-Length: 0
 *   X-SIP-SECURE-TO: sip:bob@example.test
 *   X-SIP-SECURE-FROM: sip:alice@example.test
 *   X-SIP-SECURE-METHOD: smime.sec.sip.iana
 *   From: "Alice" <sip:alice@example.test>;tag=1928301774
 *   To: <sip:bob@example.test>
 *   Call-ID: a84b4c76e66710
 *   CSeq: 314159 INVITE
 *   Date: Thu, 21 Feb 2002 13:02:03 GMT
 *
 * The body is empty: the content it protects is its sibling in the signed multipart/mixed (signed-content.ts).
 * X-SIP-SECURE-FROM and -TO hold AORs, the identities S/MIME authenticates (the certificate's subjectAltName URI,
 * RFC 6072 section 10.6): the sender and the receiver of this message, so a response swaps them (the seed's own
 * 200 OK example in section 4 names the responder in X-SIP-SECURE-FROM).
 *
 * Reading: the MIME parser reads the fields (bounded by MimeLimits); they go into SipHeaders, so names compare
 * without case and compact forms (`f`, `t`, `i`) count; the values are parsed by src/core/sip (parseNameAddr,
 * parseCSeq), src/core/identity (parseSipDate) and secure-requires.ts. Anything missing, doubled or unparsable is a
 * CoreError 'malformed-sip' that names the header; a Via is refused (seed 000 section 4).
 */
import { aorParts, formatAor } from '../credentials/aor-uri.ts';
import { CoreError, isCoreError } from '../errors.ts';
import { parseSipDate } from '../identity/sip-date.ts';
import { leafEntity, type MimeEntity } from '../mime/index.ts';
import { parseDigits } from '../sip/chars.ts';
import { parseCSeq, parseNameAddr, SipHeaders } from '../sip/index.ts';
import {
  SECURE_FROM_HEADER,
  SECURE_TO_HEADER,
  SIP_SECURE_TYPE,
  isCallId,
  parsed,
  type ProtectedHeaders,
  type ProtectedHeadersInput,
} from './protected-headers.ts';
import { SECURE_METHOD_HEADER, SMIME_METHOD, parseSecureRequires } from './secure-requires.ts';

/** The most a sip-secure part may take (its header section and body); ours are a few hundred bytes. */
export const MAX_SIP_SECURE_BYTES = 16 * 1024;

/** The attachment for `input`; a value that does not parse is the caller's mistake, CoreError 'invalid-argument'. */
export function sipSecurePart(input: ProtectedHeadersInput): MimeEntity {
  if (typeof input !== 'object' || input === null) throw new CoreError('invalid-argument', 'protectedHeaders must be an object');
  if (input.kind !== 'request' && input.kind !== 'response') throw new CoreError('invalid-argument', 'protectedHeaders.kind must be "request" or "response"');
  for (const key of ['from', 'to', 'callId', 'cseq', 'date'] as const) {
    if (typeof input[key] !== 'string') throw new CoreError('invalid-argument', `protectedHeaders.${key} must be a string`);
  }
  parsed('From', input.from, parseNameAddr, 'invalid-argument');
  parsed('To', input.to, parseNameAddr, 'invalid-argument');
  parsed('CSeq', input.cseq, parseCSeq, 'invalid-argument');
  parsed('Date', input.date, parseSipDate, 'invalid-argument');
  if (!isCallId(input.callId)) throw new CoreError('invalid-argument', `Call-ID ${JSON.stringify(input.callId.slice(0, 120))} is not a Call-ID`);
  const fromAor = formatAor(parsed('From', input.from, aorParts, 'invalid-argument'));
  const toAor = formatAor(parsed('To', input.to, aorParts, 'invalid-argument'));
  const [sender, receiver] = input.kind === 'request' ? [fromAor, toAor] : [toAor, fromAor];
  return leafEntity({
    contentType: SIP_SECURE_TYPE,
    body: new Uint8Array(0),
    extraHeaders: [
      ['Content-Length', '0'],
      [SECURE_TO_HEADER, receiver],
      [SECURE_FROM_HEADER, sender],
      [SECURE_METHOD_HEADER, SMIME_METHOD],
      ['From', input.from],
      ['To', input.to],
      ['Call-ID', input.callId],
      ['CSeq', input.cseq],
      ['Date', input.date],
    ],
  });
}

/** The protected headers of a parsed `message/sip-secure` part; CoreError 'malformed-sip' or 'malformed-mime'. */
export function readSipSecurePart(entity: MimeEntity): ProtectedHeaders {
  const size = entity.raw?.length ?? entity.body.length;
  if (size > MAX_SIP_SECURE_BYTES) throw new CoreError('malformed-mime', `the message/sip-secure part is ${size} bytes, more than ${MAX_SIP_SECURE_BYTES}`);
  const headers = sipHeaders(entity);
  if (headers.has('Via')) throw bad('a Via header must not be placed in a secure attachment (seed 000 section 4)');
  const one = (name: string): string => {
    const values = headers.getAll(name);
    if (values.length !== 1) throw bad(`${values.length === 0 ? 'no' : 'more than one'} ${name} header`);
    return values[0]!;
  };
  const length = headers.getAll('Content-Length');
  if (length.length > 1 || (length.length === 1 && parseDigits(length[0]!, MAX_SIP_SECURE_BYTES) !== entity.body.length)) {
    throw bad(`Content-Length ${JSON.stringify(length.join(', ').slice(0, 40))} is not the part's ${entity.body.length} bytes`);
  }
  const methods = parsed(SECURE_METHOD_HEADER, one(SECURE_METHOD_HEADER), parseSecureRequires, 'malformed-sip');
  if (methods.length !== 1) throw bad(`${SECURE_METHOD_HEADER} must name exactly one method (seed 000 section 4.1.5)`);
  const secureTo = one(SECURE_TO_HEADER);
  const secureFrom = one(SECURE_FROM_HEADER);
  parsed(SECURE_TO_HEADER, secureTo, aorParts, 'malformed-sip');
  parsed(SECURE_FROM_HEADER, secureFrom, aorParts, 'malformed-sip');
  const callId = one('Call-ID');
  if (!isCallId(callId)) throw bad(`Call-ID ${JSON.stringify(callId.slice(0, 120))} is not a Call-ID`);
  return {
    secureTo,
    secureFrom,
    method: methods[0]!,
    from: parsed('From', one('From'), parseNameAddr, 'malformed-sip'),
    to: parsed('To', one('To'), parseNameAddr, 'malformed-sip'),
    callId,
    cseq: parsed('CSeq', one('CSeq'), parseCSeq, 'malformed-sip'),
    date: parsed('Date', one('Date'), parseSipDate, 'malformed-sip'),
  };
}

/** The part's MIME header fields as SIP header fields; a name that is not a SIP token is malformed. */
function sipHeaders(entity: MimeEntity): SipHeaders {
  const headers = new SipHeaders();
  for (const [name, value] of entity.headers) {
    try {
      headers.append(name, value);
    } catch (error) {
      if (isCoreError(error)) throw bad(error.message);
      throw error;
    }
  }
  return headers;
}

function bad(why: string): CoreError {
  return new CoreError('malformed-sip', `the message/sip-secure part: ${why}`);
}
