/**
 * The RFC 4475 / RFC 5118 vectors of vectors.ts against the message parser. Where a message is invalid only in a
 * header value, the message parses and the value parser for that header refuses it: the server reads values lazily
 * and answers 400 when it meets the bad one.
 */
import { describe, expect, it } from 'vitest';
import { parseContact, parseExpires, parseNameAddr, parseSipMessage, parseUri, parseVia, type SipMessage } from '../../../src/core/sip/index.ts';
import { sip, sipError } from './helpers.ts';
import { invalid, SDP, valid } from './vectors.ts';

describe('RFC 4475 valid messages', () => {
  it.each(valid)('$name', ({ lines, check }) => check(parseSipMessage(sip(lines))));
});

describe('RFC 4475 invalid messages', () => {
  it.each(invalid)('$name -> $status $reason', ({ lines, status, reason, canRespond }) => {
    const error = sipError(() => parseSipMessage(sip(lines)));
    expect({ status: error.status, reason: error.reason, canRespond: error.canRespond }).toEqual({ status, reason, canRespond });
    expect(error.kind).toBe('malformed-sip');
  });

  it('a message over 64 KB gets 513 with what a response needs', () => {
    const lines = ['MESSAGE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/TCP a.example.com;branch=z9hG4bK1', 'To: <sip:bob@example.com>', 'From: <sip:alice@example.com>;tag=1', 'Call-ID: big@a', 'CSeq: 1 MESSAGE', 'Content-Length: 70000', '', 'x'.repeat(70_000)];
    const error = sipError(() => parseSipMessage(sip(lines)));
    expect([error.status, error.reason, error.canRespond]).toEqual([513, 'Message Too Large', true]);
  });
});

describe('RFC 4475 messages whose fault is in a header value', () => {
  const parses = (lines: string[]): SipMessage => parseSipMessage(sip(lines));

  it('3.1.2.1 badinv01: empty Via and Contact parameters', () => {
    const m = parses(['INVITE sip:user@example.com SIP/2.0', 'To: sip:j.user@example.com', 'From: sip:caller@example.net;tag=134161461246', 'Max-Forwards: 7', 'Call-ID: badinv01.0ha0isndaksdjasdf3234nas', 'CSeq: 8 INVITE', 'Via: SIP/2.0/UDP 192.0.2.15;;,;,,', 'Contact: "Joe" <sip:joe@example.org>;;;;', 'Content-Length: 152', 'Content-Type: application/sdp', '', ...SDP, '..']);
    expect(sipError(() => m.headers.values('Via').map(parseVia)).reason).toBe('Bad Via');
    expect(sipError(() => parseContact(m.headers.get('Contact')!)).reason).toBe('Bad Address');
  });

  it('3.1.2.4 scalar02: overlarge Expires values', () => {
    expect(sipError(() => parseExpires(`1${'0'.repeat(57)}`)).reason).toBe('Bad Expires');
    expect(sipError(() => parseExpires('280297596632815')).reason).toBe('Bad Expires');
    expect(parseExpires('4294967295')).toBe(4294967295);
  });

  it('3.1.2.6 quotbal: unterminated quoted display name', () => {
    expect(sipError(() => parseNameAddr('"Mr. J. User <sip:j.user@example.com>')).status).toBe(400);
  });

  it('3.1.2.11 escruri: headers in a Request-URI are visible to the application', () => {
    const uri = parseUri('sip:user@example.com?Route=%3Csip:example.com%3E');
    expect(uri.kind === 'sip' && uri.headers).toEqual([['Route', '%3Csip:example.com%3E']]);
  });

  it('3.1.2.13 regbadct: a URI with "?" outside <>', () => {
    expect(sipError(() => parseContact('sip:user@example.com?Route=%3Csip:sip.example.com%3E')).reason).toBe('Bad Address');
  });

  it('3.1.2.14 badaspec: spaces inside <>', () => {
    expect(sipError(() => parseNameAddr('"Watson, Thomas" < sip:t.watson@example.org >')).reason).toBe('Bad Address');
  });

  it('3.1.2.15 baddn: a comma in an unquoted display name', () => {
    expect(sipError(() => parseNameAddr('Bell, Alexander <sip:a.g.bell@example.com>;tag=43')).reason).toBe('Bad Address');
    expect(parseNameAddr('"Bell, Alexander" <sip:a.g.bell@example.com>;tag=43').displayName).toBe('Bell, Alexander');
  });
});
