import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromLatin1, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { parseSipMessage, serializeSipMessage, SipHeaders, type SipMessage } from '../../../src/core/sip/index.ts';
import { baseRequest, sip } from './helpers.ts';
import { valid } from './vectors.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function expectSameMessage(a: SipMessage, b: SipMessage): void {
  const { headers: ha, body: ba, ...startA } = a;
  const { headers: hb, body: bb, ...startB } = b;
  expect(startA).toEqual(startB);
  // Serializing adds Content-Length; it says nothing the body does not.
  const lines = (h: SipHeaders): [string, string][] => [...h].filter(([name]) => name !== 'Content-Length');
  expect(lines(ha)).toEqual(lines(hb));
  expect(equalBytes(ba, bb)).toBe(true);
}

describe('serializeSipMessage', () => {
  it('writes canonical names, CRLF line ends and a recomputed Content-Length in place', () => {
    const message = parseSipMessage(utf8(baseRequest(['s: hi'], 'hello').join('\n').replace('Content-Length: 5', 'l: 5')));
    message.body = utf8('hello, world');
    expect(text(serializeSipMessage(message))).toBe(
      [
        'MESSAGE sip:bob@example.com SIP/2.0',
        'Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK74bf9',
        'Max-Forwards: 70',
        'From: "Alice" <sip:alice@example.com>;tag=9fxced76sl',
        'To: <sip:bob@example.com>',
        'Call-ID: 3848276298220188511@example.com',
        'CSeq: 1 MESSAGE',
        'Subject: hi',
        'Content-Length: 12',
        '',
        'hello, world',
      ].join('\r\n'),
    );
  });

  it('adds Content-Length last when there is none, and writes one only', () => {
    const headers = new SipHeaders([['Content-Length', '99'], ['Via', 'SIP/2.0/UDP a'], ['Content-Length', '7']]);
    expect(text(serializeSipMessage({ kind: 'response', status: 200, reason: 'OK', headers, body: new Uint8Array(0) }))).toBe(
      'SIP/2.0 200 OK\r\nContent-Length: 0\r\nVia: SIP/2.0/UDP a\r\n\r\n',
    );
    const plain = new SipHeaders([['Via', 'SIP/2.0/UDP a']]);
    expect(text(serializeSipMessage({ kind: 'request', method: 'OPTIONS', uri: 'sip:a@b', headers: plain, body: utf8('x') }))).toBe(
      'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a\r\nContent-Length: 1\r\n\r\nx',
    );
  });

  it('keeps binary bodies and writes UTF-8 header values', () => {
    const body = new Uint8Array([0, 13, 10, 13, 10, 255, 128]);
    const headers = new SipHeaders([['Subject', 'caf\u00e9 \u2603'], ['Via', 'SIP/2.0/UDP a']]);
    const bytes = serializeSipMessage({ kind: 'response', status: 488, reason: 'Pas accept\u00e9', headers, body });
    expect(bytes.subarray(bytes.length - body.length)).toEqual(body);
    expect(text(bytes)).toContain('Subject: caf\u00e9 \u2603\r\n');
    expect(text(bytes).startsWith('SIP/2.0 488 Pas accept\u00e9\r\n')).toBe(true);
  });

  it('refuses start lines that would break the message', () => {
    const headers = new SipHeaders();
    const body = new Uint8Array(0);
    const bad: SipMessage[] = [
      { kind: 'request', method: 'INV ITE', uri: 'sip:a@b', headers, body },
      { kind: 'request', method: 'INVITE', uri: 'sip:a@b SIP/2.0\r\nVia: x', headers, body },
      { kind: 'request', method: 'INVITE', uri: '', headers, body },
      { kind: 'response', status: 99, reason: 'x', headers, body },
      { kind: 'response', status: 200.5, reason: 'x', headers, body },
      { kind: 'response', status: 200, reason: 'OK\r\nVia: x', headers, body },
    ];
    for (const message of bad) {
      let thrown: unknown;
      try {
        serializeSipMessage(message);
      } catch (error) {
        thrown = error;
      }
      expect(isCoreError(thrown, 'invalid-argument')).toBe(true);
    }
  });
});

describe('round trips: parse -> serialize -> parse', () => {
  it.each(valid)('$name', ({ lines }) => {
    const first = parseSipMessage(sip(lines));
    const bytes = serializeSipMessage(first);
    const second = parseSipMessage(bytes);
    expectSameMessage(second, first);
    expect(equalBytes(serializeSipMessage(second), bytes)).toBe(true);
  });

  const token = fc.string({ unit: fc.constantFrom(...'abcXYZ019-.!%*_+`\'~'.split('')), minLength: 1, maxLength: 12 });
  const value = fc.string({ unit: fc.constantFrom(...'ab ,;:"<>\\=@\t\u00e9\u2603\0'.split('')), maxLength: 30 });
  const headerLine = fc.oneof(
    fc.tuple(fc.constantFrom('Subject', 'X-Foo', 'x-bar', 'Contact', 'Route', 'Allow', 'User-Agent', 'c', 'k', 'Identity'), value),
    fc.tuple(token, value),
  );
  const messageArb: fc.Arbitrary<SipMessage> = fc
    .record({
      request: fc.boolean(),
      method: token,
      user: token,
      status: fc.integer({ min: 100, max: 699 }),
      reason: fc.string({ maxLength: 20 }).filter((r) => !/[\r\n]/.test(r)),
      extra: fc.array(headerLine, { maxLength: 8 }),
      body: fc.uint8Array({ maxLength: 64 }),
    })
    .map(({ request, method, user, status, reason, extra, body }) => {
      const headers = new SipHeaders([
        ['Via', 'SIP/2.0/TCP a.example.com;branch=z9hG4bK1'],
        ['From', '<sip:a@example.com>;tag=1'],
        ['To', '<sip:b@example.com>'],
        ['Call-ID', 'id@a'],
        ['CSeq', `7 ${method}`],
      ]);
      for (const [name, v] of extra) {
        if (['content-length', 'l', 'call-id', 'i', 'cseq', 'from', 'f', 'to', 't', 'max-forwards', 'via', 'v'].includes(name.toLowerCase())) continue;
        headers.append(name, v.trim());
      }
      return request ? { kind: 'request', method, uri: `sip:${user}@example.com`, headers, body } : { kind: 'response', status, reason: reason.trim(), headers, body };
    });

  it('holds for generated messages (fast-check)', () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        const bytes = serializeSipMessage(message);
        const parsed = parseSipMessage(bytes);
        expectSameMessage(parsed, message);
        expect(equalBytes(serializeSipMessage(parsed), bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a header that is not UTF-8 readable after a round trip', () => {
    const raw = fromLatin1(baseRequest(['X-Raw: \xff\xfe']).join('\r\n'));
    const parsed = parseSipMessage(raw);
    expect(parsed.headers.get('X-Raw')).toBe('\xff\xfe');
    expect(parseSipMessage(serializeSipMessage(parsed)).headers.get('X-Raw')).toBe('\xff\xfe');
  });
});
