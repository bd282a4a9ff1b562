import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, latin1, utf8 } from '../../../src/core/bytes.ts';
import { CoreError } from '../../../src/core/errors.ts';
import { identityDigestString, readDigestStringHead, type IdentityDigestFields } from '../../../src/core/identity/index.ts';

// The INVITE of rfc4474#section-10.1 (from RFC 3261 section 24.2), header field values as they appear in it.
const SDP = 'v=0\r\no=UserA 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\ns=Session SDP\r\nc=IN IP4 pc33.atlanta.example.com\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
const INVITE: IdentityDigestFields = {
  fromUri: 'Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  toUri: 'Bob <sip:bob@biloxi.example.org>',
  callId: 'a84b4c76e66710',
  cseq: { seq: 314159, method: 'INVITE' },
  date: 'Thu, 21 Feb 2002 13:02:03 GMT',
  contactUri: '<sip:alice@pc33.atlanta.example.com>',
  body: utf8(SDP),
};

describe('identityDigestString (rfc4474#section-9)', () => {
  it.each([
    {
      name: 'the RFC 4474 INVITE',
      fields: INVITE,
      want: `sip:alice@atlanta.example.com|sip:bob@biloxi.example.org|a84b4c76e66710|314159 INVITE|Thu, 21 Feb 2002 13:02:03 GMT|sip:alice@pc33.atlanta.example.com|${SDP}`,
    },
    {
      name: 'no Contact and no body: empty fields, ends in |',
      fields: { ...INVITE, contactUri: undefined, body: new Uint8Array(0), cseq: { seq: 2, method: 'NOTIFY' } },
      want: 'sip:alice@atlanta.example.com|sip:bob@biloxi.example.org|a84b4c76e66710|2 NOTIFY|Thu, 21 Feb 2002 13:02:03 GMT||',
    },
    {
      name: 'bare URIs, surrounding whitespace trimmed',
      fields: { ...INVITE, fromUri: 'sip:a@x.test', toUri: ' sip:b@x.test;tag=7 ', callId: ' abc@host ', date: ' Thu, 21 Feb 2002 13:02:03 GMT ', body: utf8('hi') },
      want: 'sip:a@x.test|sip:b@x.test|abc@host|314159 INVITE|Thu, 21 Feb 2002 13:02:03 GMT|sip:alice@pc33.atlanta.example.com|hi',
    },
  ])('$name', ({ fields, want }) => {
    expect(latin1(identityDigestString(fields))).toBe(want);
  });

  it('keeps the body byte for byte, "|" and binary included', () => {
    const body = Uint8Array.from([0x7c, 0x00, 0xff, 0x0d, 0x0a, 0x7c]);
    const out = identityDigestString({ ...INVITE, body });
    expect(out.subarray(out.length - body.length)).toEqual(body);
    expect(readDigestStringHead(out).contactAddrSpec).toBe('sip:alice@pc33.atlanta.example.com');
  });

  it.each([
    { name: 'Call-ID with |', change: { callId: 'a|b' } },
    { name: 'Call-ID with a space', change: { callId: 'a b' } },
    { name: 'empty Call-ID', change: { callId: '' } },
    { name: 'negative CSeq', change: { cseq: { seq: -1, method: 'INVITE' } } },
    { name: 'CSeq 2**31', change: { cseq: { seq: 2 ** 31, method: 'INVITE' } } },
    { name: 'fractional CSeq', change: { cseq: { seq: 1.5, method: 'INVITE' } } },
    { name: 'method not a token', change: { cseq: { seq: 1, method: 'IN VITE' } } },
    { name: 'Date with |', change: { date: 'Thu|21' } },
    { name: 'Date with CRLF', change: { date: 'Thu, 21 Feb\r\n2002' } },
    { name: 'From without URI', change: { fromUri: 'Alice' } },
    { name: 'Contact *', change: { contactUri: '*' } },
  ])('refuses $name', ({ change }) => {
    expect(() => identityDigestString({ ...INVITE, ...change } as IdentityDigestFields)).toThrow(CoreError);
  });

  it('readDigestStringHead gives back the fields; random fields give bytes or CoreError', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('sip:a@b.test', '"A" <sip:a@b.test>;tag=1', 'Thu, 21 Feb 2002 13:02:03 GMT', 'x|y'));
    fc.assert(
      fc.property(text, text, text, fc.integer({ min: -5, max: 2 ** 32 }), text, text, fc.option(text, { nil: undefined }), fc.uint8Array(), (fromUri, toUri, callId, seq, method, date, contactUri, body) => {
        let out: Uint8Array;
        try {
          out = identityDigestString({ fromUri, toUri, callId, cseq: { seq, method }, date, contactUri, body });
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
          return;
        }
        const head = readDigestStringHead(out);
        expect(head.callId).toBe(callId.trim());
        expect(head.date).toBe(date.trim());
        expect(head.cseq).toBe(`${seq} ${method}`);
        expect(fromUtf8(out)).toContain(`|${head.contactAddrSpec}|`);
      }),
      { numRuns: 1000 },
    );
  });

  it('readDigestStringHead refuses fewer than six fields', () => {
    expect(() => readDigestStringHead(utf8('a|b|c|d|e'))).toThrow(CoreError);
  });
});
