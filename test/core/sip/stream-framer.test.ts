import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../../src/core/bytes.ts';
import { SipParseError, SipStreamFramer, serializeSipMessage, type SipFramerItem, type SipMessage } from '../../../src/core/sip/index.ts';
import { baseRequest, sip } from './helpers.ts';

const CRLF = utf8('\r\n');
const PING = utf8('\r\n\r\n');

function messages(items: SipFramerItem[]): SipMessage[] {
  return items.filter((i): i is SipMessage => i.kind === 'request' || i.kind === 'response');
}

function describeItem(item: SipFramerItem): string {
  if (item instanceof SipParseError) return `error ${item.status} ${item.reason}${item.fatal ? ' fatal' : ''}`;
  if (item.kind === 'keepalive') return 'keepalive';
  return `${item.kind} ${item.headers.get('CSeq')} ${new TextDecoder().decode(item.body)}`;
}

describe('SipStreamFramer (rfc3261#section-18.3)', () => {
  it('frames several messages in one chunk, and a message across chunks', () => {
    const framer = new SipStreamFramer();
    const a = sip(baseRequest([], 'first'));
    const b = sip(baseRequest([], 'second body'));
    expect(framer.push(concatBytes(a, b, a.subarray(0, 50))).map(describeItem)).toEqual(['request 1 MESSAGE first', 'request 1 MESSAGE second body']);
    expect(framer.buffered).toBe(50);
    expect(framer.push(a.subarray(50, a.length - 1))).toEqual([]);
    expect(framer.push(a.subarray(a.length - 1)).map(describeItem)).toEqual(['request 1 MESSAGE first']);
    expect(framer.buffered).toBe(0);
  });

  it('reports CRLF CRLF as a keep-alive (rfc5626#section-4.4.1) and skips a lone CRLF', () => {
    const framer = new SipStreamFramer();
    expect(framer.push(PING).map(describeItem)).toEqual(['keepalive']);
    expect(framer.push(utf8('\r')).map(describeItem)).toEqual([]);
    expect(framer.push(utf8('\n\r')).map(describeItem)).toEqual([]);
    expect(framer.push(utf8('\n\r\n\r\n')).map(describeItem)).toEqual(['keepalive', 'keepalive']);
    expect(framer.push(concatBytes(CRLF, sip(baseRequest()), PING, CRLF)).map(describeItem)).toEqual(['request 1 MESSAGE ', 'keepalive']);
    expect(framer.push(sip(baseRequest([], 'x'))).map(describeItem)).toEqual(['request 1 MESSAGE x']);
  });

  it('reports an error inside a framed message and goes on', () => {
    const framer = new SipStreamFramer();
    const bad = sip(baseRequest(['CSeq: 2 MESSAGE'], 'oops'));
    const items = framer.push(concatBytes(bad, sip(baseRequest([], 'ok'))));
    expect(items.map(describeItem)).toEqual(['error 400 Bad CSeq', 'request 1 MESSAGE ok']);
    expect((items[0] as SipParseError).canRespond).toBe(true);
    expect(framer.closed).toBe(false);
  });

  it('closes on a missing Content-Length, after offering the partial request for a 400', () => {
    const framer = new SipStreamFramer();
    const lines = baseRequest().filter((l) => !l.startsWith('Content-Length'));
    const [error] = framer.push(concatBytes(sip(lines), sip(baseRequest())));
    expect(error).toBeInstanceOf(SipParseError);
    expect(error).toMatchObject({ status: 400, reason: 'Missing Content-Length', fatal: true, canRespond: true });
    expect(framer.closed).toBe(true);
    expect(framer.push(sip(baseRequest()))).toEqual([]);
  });

  it.each(['-1', 'abc', '5, 5'])('closes on Content-Length "%s"', (value) => {
    const framer = new SipStreamFramer();
    const lines = baseRequest().map((l) => (l.startsWith('Content-Length') ? `Content-Length: ${value}` : l));
    expect(framer.push(sip(lines)).map(describeItem)).toEqual(['error 400 Bad Content-Length fatal']);
    expect(framer.closed).toBe(true);
  });

  it('closes when a head has no end within the limit, or a message is declared too large', () => {
    const endless = new SipStreamFramer({ maxMessageBytes: 1000 });
    expect(endless.push(utf8('MESSAGE sip:a@b SIP/2.0\r\n'))).toEqual([]);
    for (let i = 0; i < 20; i++) endless.push(utf8('X-Pad: 0123456789012345678901234567890123456789\r\n'));
    expect(endless.closed).toBe(true);

    const framer = new SipStreamFramer({ maxMessageBytes: 1000 });
    const lines = baseRequest().map((l) => (l.startsWith('Content-Length') ? 'Content-Length: 5000' : l));
    const [error] = framer.push(sip(lines));
    expect(error).toMatchObject({ status: 513, fatal: true, canRespond: true });

    const crowded = new SipStreamFramer({ maxHeaders: 10 });
    const [tooMany] = crowded.push(sip(baseRequest(Array.from({ length: 10 }, (_, i) => `X-${i}: x`))));
    expect(tooMany).toMatchObject({ status: 513, fatal: true, canRespond: true });
  });

  it('copies bodies, so the caller may reuse its chunks', () => {
    const framer = new SipStreamFramer();
    const chunk = sip(baseRequest([], 'body'));
    const [message] = messages(framer.push(chunk));
    chunk.fill(0);
    expect(new TextDecoder().decode(message!.body)).toBe('body');
  });

  it('stays linear when a large message arrives one byte at a time', () => {
    const framer = new SipStreamFramer();
    const big = sip(baseRequest(Array.from({ length: 400 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(100)}`), 'b'.repeat(10_000)));
    expect(big.length).toBeGreaterThan(50_000);
    const started = performance.now();
    const out: SipFramerItem[] = [];
    for (let i = 0; i < big.length; i++) out.push(...framer.push(big.subarray(i, i + 1)));
    expect(out.map(describeItem)).toEqual([`request 1 MESSAGE ${'b'.repeat(10_000)}`]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('yields exactly the messages and keep-alives of a stream, however it is cut (fast-check)', () => {
    const unit = fc.oneof(
      fc.constant<'ping'>('ping'),
      fc.record({ body: fc.uint8Array({ maxLength: 40 }), seq: fc.integer({ min: 1, max: 99 }), crlf: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }), (units, cuts) => {
        const expected: string[] = [];
        const parts: Uint8Array[] = [];
        for (const u of units) {
          if (u === 'ping') {
            parts.push(PING);
            expected.push('keepalive');
            continue;
          }
          const headers = baseRequest().slice(1, 7).map((l) => (l.startsWith('CSeq') ? `CSeq: ${u.seq} MESSAGE` : l));
          const head = sip(['MESSAGE sip:bob@example.com SIP/2.0', ...headers, `Content-Length: ${u.body.length}`, '', '']);
          // A lone CRLF before a message is skipped (rfc3261#section-7.5), so it may precede any message.
          if (u.crlf) parts.push(CRLF);
          const withBody = concatBytes(head, u.body);
          parts.push(withBody);
          expected.push(`request ${u.seq} MESSAGE ${new TextDecoder().decode(u.body)}`);
        }
        const stream = concatBytes(...parts);
        const framer = new SipStreamFramer();
        const got: SipFramerItem[] = [];
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          got.push(...framer.push(stream.subarray(at, at + size)));
          at += size;
        }
        expect(got.map(describeItem)).toEqual(expected);
        expect(framer.buffered).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('frames serialized messages back to back', () => {
    const framer = new SipStreamFramer();
    const [first] = messages(framer.push(sip(baseRequest([], 'one'))));
    const again = messages(framer.push(concatBytes(serializeSipMessage(first!), serializeSipMessage(first!))));
    expect(again.map((m) => new TextDecoder().decode(m.body))).toEqual(['one', 'one']);
  });
});
