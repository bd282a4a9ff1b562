/**
 * What a MESSAGE carries (issue 18 item 5), with RFC 5438's own examples: the CPIM body of section 6 (a message that
 * asks for delivery notifications) and the delivery notification of section 7.2.1.1. Nothing but text is text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAttachment, formatCpim, formatImdn, imdnRequested, parseCpim, parseImdn, readMessageContent } from '../../../src/core/im/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';

/** RFC 5438 section 6 (example CPIM body requesting positive and negative delivery notifications). */
const RFC5438_MESSAGE = [
  'From: Alice <im:alice@example.com>',
  'To: Bob <im:bob@example.com>',
  'NS: imdn <urn:ietf:params:imdn>',
  'imdn.Message-ID: 34jk324j',
  'DateTime: 2006-04-04T12:16:49-05:00',
  'imdn.Disposition-Notification: positive-delivery, negative-delivery',
  '',
  'Content-type: text/plain',
  'Content-length: 12',
  '',
  'Hello World',
].join('\r\n');

/** RFC 5438 section 7.2.1.1 (a positive delivery notification), as the content of a message/cpim. */
const RFC5438_DELIVERED = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<imdn xmlns="urn:ietf:params:xml:ns:imdn">',
  '  <message-id>34jk324j</message-id>',
  '  <datetime>2008-04-04T12:16:49-05:00</datetime>',
  '  <recipient-uri>im:bob@example.com</recipient-uri>',
  '  <original-recipient-uri>im:bob@example.com</original-recipient-uri>',
  '  <delivery-notification>',
  '    <status>',
  '      <delivered/>',
  '    </status>',
  '  </delivery-notification>',
  '</imdn>',
].join('\r\n');

describe('message/cpim (RFC 3862)', () => {
  it('reads RFC 5438 section 6: headers, name space, content type and content', () => {
    const cpim = parseCpim(RFC5438_MESSAGE);
    expect(cpim.headers[0]).toEqual(['From', 'Alice <im:alice@example.com>']);
    expect(cpim.contentType.value).toBe('text/plain');
    expect(cpim.content).toBe('Hello World');
    expect(imdnRequested(cpim)).toEqual({ messageId: '34jk324j', wants: ['positive-delivery', 'negative-delivery'] });
  });
  it('round-trips what it writes; bare LF line ends are read too', () => {
    const body = formatCpim([['From', '<sip:a@x>'], ['NS', 'imdn <urn:ietf:params:imdn>'], ['imdn.Message-ID', 'm1']], 'text/plain; charset=utf-8', 'hé\r\nthere');
    const cpim = parseCpim(body);
    expect(cpim.content).toBe('hé\r\nthere');
    expect(parseCpim(body.replace(/\r\n/g, '\n')).contentType.params.get('charset')).toBe('utf-8');
  });
  it('refuses a body without its two header blocks, or without a content type', () => {
    for (const bad of ['Hello World', 'From: a\r\n\r\nHello', 'From a\r\n\r\nContent-Type: text/plain\r\n\r\nx']) {
      expect(() => parseCpim(bad)).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
    }
  });
});

describe('message/imdn+xml (RFC 5438 section 7)', () => {
  it('reads RFC 5438 section 7.2.1.1', () => {
    expect(parseImdn(RFC5438_DELIVERED)).toEqual({ messageId: '34jk324j', datetime: '2008-04-04T12:16:49-05:00', kind: 'delivery', status: 'delivered' });
  });
  it('reads a display notification with a name-space prefix, and round-trips what it writes', () => {
    const prefixed = '<i:imdn xmlns:i="urn:ietf:params:xml:ns:imdn"><i:message-id>a&amp;b</i:message-id><i:display-notification><i:status><i:displayed/></i:status></i:display-notification></i:imdn>';
    expect(parseImdn(prefixed)).toEqual({ messageId: 'a&b', kind: 'display', status: 'displayed' });
    const n = { messageId: 'x<y', datetime: '2026-12-07T23:00:00Z', kind: 'delivery' as const, status: 'failed' as const };
    expect(parseImdn(formatImdn(n))).toEqual(n);
  });
  it('refuses what is not a notification', () => {
    for (const bad of ['', '<imdn></imdn>', '<imdn><message-id>1</message-id></imdn>', '<imdn><message-id>1</message-id><delivery-notification><status><read/></status></delivery-notification></imdn>']) {
      expect(() => parseImdn(bad)).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
    }
  });
});

describe('readMessageContent: what is shown', () => {
  const table: Array<[string, string | undefined, string, string | undefined, unknown]> = [
    ['plain text', 'text/plain', 'hi', undefined, { kind: 'text', text: 'hi' }],
    ['no Content-Type (RFC 3428 default)', undefined, 'hi', undefined, { kind: 'text', text: 'hi' }],
    ['utf-8 charset', 'text/plain;charset=UTF-8', 'hé', undefined, { kind: 'text', text: 'hé' }],
    ['CPIM around text, with its IMDN request', 'message/cpim', RFC5438_MESSAGE, undefined, { kind: 'text', text: 'Hello World', imdn: { messageId: '34jk324j', wants: ['positive-delivery', 'negative-delivery'] } }],
    ['bare IMDN', 'message/imdn+xml', RFC5438_DELIVERED, undefined, { kind: 'notification', notification: { messageId: '34jk324j', datetime: '2008-04-04T12:16:49-05:00', kind: 'delivery', status: 'delivered' } }],
    ['IMDN in CPIM (linphone)', 'message/cpim', formatCpim([['From', '<sip:b@x>']], 'message/imdn+xml', RFC5438_DELIVERED), undefined, { kind: 'notification', notification: expect.objectContaining({ status: 'delivered' }) }],
    ['compressed IMDN in CPIM (linphone)', 'message/cpim', formatCpim([['From', '<sip:b@x>']], 'message/imdn+xml', '\x78\x9c\x01garbage').replace('Content-Type: message/imdn+xml', 'Content-Type: message/imdn+xml\r\nContent-Transfer-Encoding: deflate'), undefined, { kind: 'notification' }],
    ['Content-Encoding on the MESSAGE', 'text/plain', '\x1f\x8b', 'gzip', { kind: 'attachment', type: 'text/plain', why: 'encoding' }],
    ['an image', 'image/png', '\x89PNG', undefined, { kind: 'attachment', type: 'image/png', why: 'type' }],
    ['a charset we cannot read', 'text/plain; charset=shift_jis', 'x', undefined, { kind: 'attachment', type: 'text/plain; charset=shift_jis', why: 'charset' }],
    ['broken CPIM', 'message/cpim', 'garbage', undefined, { kind: 'attachment', type: 'message/cpim', why: 'malformed' }],
    ['an unreadable Content-Type', '/', 'x', undefined, { kind: 'attachment', type: '/', why: 'malformed' }],
  ];
  for (const [name, type, body, encoding, want] of table) {
    it(name, () => expect(readMessageContent(type, body, encoding)).toEqual(want));
  }
  it('says what an attachment is in a sentence', () => {
    expect(describeAttachment({ kind: 'attachment', type: 'image/png', why: 'type' })).toBe('An attachment of type image/png that SealPhone cannot show');
  });
  it('never throws on any content type and body', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.string(), fc.option(fc.string()), (type, body, encoding) => {
        const content = readMessageContent(type ?? undefined, body, encoding ?? undefined);
        expect(['text', 'notification', 'attachment']).toContain(content.kind);
      }),
    );
    fc.assert(fc.property(fc.string(), (body) => {
      try {
        parseCpim(body);
        parseImdn(body);
      } catch (error) {
        expect(isCoreError(error)).toBe(true);
      }
    }));
  });
});
