/**
 * Hostile input: random bytes, mutated valid messages and values, and large pathological inputs go to the message
 * parser, the stream framer and every value parser. Each must give a result or a CoreError (SipParseError is one),
 * never another exception, and quickly. Whatever parses must also serialize and parse again to the same thing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes, utf8 } from '../../../src/core/bytes.ts';
import { CoreError } from '../../../src/core/errors.ts';
import {
  formatAuthParams,
  formatCSeq,
  formatEvent,
  formatNameAddr,
  formatSubscriptionState,
  formatUri,
  formatVia,
  parseAuthParams,
  parseContact,
  parseCSeq,
  parseEvent,
  parseExpires,
  parseNameAddr,
  parseParams,
  parseSipMessage,
  parseSubscriptionState,
  parseUri,
  parseVia,
  serializeSipMessage,
  SipHeaders,
  SipParseError,
  SipStreamFramer,
  splitHeaderList,
  unescapeUri,
  urisEqual,
  type SipLimits,
  type SipMessage,
} from '../../../src/core/sip/index.ts';
import { mutate } from '../../helpers/mutations.ts';
import { baseRequest, sip, sipMutations } from './helpers.ts';
import { valid } from './vectors.ts';

const RUNS = 2000;

/** Runs `fn`; a CoreError is an acceptable answer, anything else thrown fails the property. */
function resultOrCoreError<T>(fn: () => T): T | CoreError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw new Error(`not a CoreError: ${String(error)}`, { cause: error });
  }
}

function sameMessage(a: SipMessage, b: SipMessage): boolean {
  const lines = (h: SipHeaders): string => JSON.stringify([...h].filter(([n]) => n !== 'Content-Length'));
  const start = (m: SipMessage): string => (m.kind === 'request' ? `${m.method} ${m.uri}` : `${m.status} ${m.reason}`);
  return start(a) === start(b) && lines(a.headers) === lines(b.headers) && equalBytes(a.body, b.body);
}

/** Parses; when that works, every header value goes to its parser and the message survives a round trip. */
function exercise(bytes: Uint8Array, limits?: Partial<SipLimits>): void {
  const parsed = resultOrCoreError(() => parseSipMessage(bytes, limits));
  if (parsed instanceof CoreError) {
    if (parsed instanceof SipParseError && parsed.request) exerciseValues(parsed.request.headers);
    return;
  }
  exerciseValues(parsed.headers);
  if (parsed.kind === 'request') resultOrCoreError(() => parseUri(parsed.uri));
  const again = parseSipMessage(serializeSipMessage(parsed), limits);
  expect(sameMessage(again, parsed)).toBe(true);
}

function exerciseValues(headers: SipHeaders): void {
  for (const v of headers.values('Via')) resultOrCoreError(() => parseVia(v));
  for (const name of ['From', 'To', 'Route', 'Record-Route']) for (const v of headers.values(name)) resultOrCoreError(() => parseNameAddr(v));
  for (const v of headers.values('Contact')) resultOrCoreError(() => parseContact(v));
  for (const v of headers.getAll('CSeq')) resultOrCoreError(() => parseCSeq(v));
  for (const v of headers.getAll('Expires')) resultOrCoreError(() => parseExpires(v));
  for (const v of headers.getAll('Authorization')) resultOrCoreError(() => parseAuthParams(v));
  for (const v of headers.getAll('Event')) resultOrCoreError(() => parseEvent(v));
  for (const v of headers.getAll('Subscription-State')) resultOrCoreError(() => parseSubscriptionState(v));
}

const seeds = [...valid.map((v) => sip(v.lines)), sip(baseRequest(['Authorization: Digest username="a", realm="b", nonce="c", uri="sip:b", response="d", qop=auth, nc=00000001', 'Event: presence;id=1', 'Subscription-State: active;expires=60', 'Expires: 60', 'Route: <sip:p1;lr>, <sip:p2;lr>'], 'body'))];

describe('parseSipMessage on hostile bytes', () => {
  it('random bytes: a message or a CoreError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => exercise(bytes)), { numRuns: RUNS });
  });

  it('random SIP-looking text: a message or a CoreError', () => {
    const piece = fc.constantFrom('INVITE ', 'SIP/2.0', ' 200 OK', 'sip:a@b', '\r\n', '\n', '\r', ': ', ';', ',', '"', '<', '>', '\\', 'Via', 'v', 'CSeq', '1 INVITE', 'Call-ID', 'Content-Length', 'l', '0', '5', 'To', 'From', ' ', '\t', 'x');
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => exercise(utf8(pieces.join('')))), { numRuns: RUNS });
  });

  it('mutated valid messages (flip, insert, delete, truncate): a message or a CoreError, and round trips', () => {
    fc.assert(fc.property(fc.constantFrom(...seeds), sipMutations, (seed, changes) => exercise(mutate(seed, changes))), { numRuns: RUNS });
  });
});

describe('SipStreamFramer on hostile bytes', () => {
  it('random and mutated streams in random chunks: items or errors, never an exception', () => {
    const stream = fc.oneof(
      fc.uint8Array({ maxLength: 800 }),
      fc.tuple(fc.array(fc.constantFrom(...seeds), { minLength: 1, maxLength: 3 }), sipMutations).map(([parts, changes]) => mutate(concatBytes(...parts), changes)),
    );
    fc.assert(
      fc.property(stream, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 }), (bytes, cuts) => {
        const framer = new SipStreamFramer({ maxMessageBytes: 4096 });
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length]!;
          for (const item of framer.push(bytes.subarray(at, at + size))) {
            if (item instanceof SipParseError) continue;
            expect(['request', 'response', 'keepalive']).toContain(item.kind);
          }
          at += size;
        }
        expect(framer.buffered).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Each value parser with its formatter: whatever parses formats, and formats to something that parses the same. */
const valueParsers: { name: string; seeds: string[]; roundTrip: (text: string) => void }[] = [
  { name: 'parseUri', seeds: ['sips:alice:pw@[2001:db8::1]:5061;transport=tcp;lr?subject=a%20b&x=y', 'tel:+1-201-555-0123;ext=12', 'urn:uuid:1'], roundTrip: (t) => { const u = parseUri(t); expect(urisEqual(parseUri(formatUri(u)), u)).toBe(true); unescapeUri(t); } },
  { name: 'parseNameAddr', seeds: ['"A \\"B\\"" <sip:a@b.com;lr>;tag=1;+sip.instance="<urn:uuid:1>"', 'sip:a@b;tag=2', 'Alice Smith <sip:a@b>'], roundTrip: (t) => { const n = parseNameAddr(t); expect(parseNameAddr(formatNameAddr(n))).toEqual(n); } },
  { name: 'parseContact', seeds: ['*', '<sip:a@b>;expires=60;q=0.5'], roundTrip: (t) => { const c = parseContact(t); if (c !== '*') expect(parseNameAddr(formatNameAddr(c))).toEqual(c); } },
  { name: 'parseVia', seeds: ['SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;rport;received=192.0.2.1;ttl=1;maddr=a.b', 'SIP / 2.0 / TCP h ;branch=x'], roundTrip: (t) => { const v = parseVia(t); expect(parseVia(formatVia(v))).toEqual(v); } },
  { name: 'parseCSeq', seeds: ['4711 INVITE', '0 ACK'], roundTrip: (t) => { const c = parseCSeq(t); expect(parseCSeq(formatCSeq(c))).toEqual(c); } },
  { name: 'parseAuthParams', seeds: ['Digest realm="a, b", nonce="x\\"y", qop="auth,auth-int", algorithm=MD5, stale=FALSE', 'Digest username="u", nc=00000001, qop=auth'], roundTrip: (t) => { const a = parseAuthParams(t); expect(parseAuthParams(formatAuthParams(a, 'challenge'))).toEqual(a); } },
  { name: 'parseEvent', seeds: ['presence.winfo;id=12;x="y"', 'certificate'], roundTrip: (t) => { const e = parseEvent(t); expect(parseEvent(formatEvent(e))).toEqual(e); } },
  { name: 'parseSubscriptionState', seeds: ['terminated;reason=deactivated;retry-after=30', 'active;expires=3600'], roundTrip: (t) => { const { params: _, ...s } = parseSubscriptionState(t); const { params: __, ...back } = parseSubscriptionState(formatSubscriptionState({ ...s, params: new Map() })); expect(back).toEqual(s); } },
  { name: 'parseExpires', seeds: ['3600'], roundTrip: (t) => void parseExpires(t) },
  { name: 'parseParams', seeds: [';a=1;b;c="x y"'], roundTrip: (t) => void parseParams(t) },
  { name: 'splitHeaderList', seeds: ['"a, b" <sip:c,d>, e'], roundTrip: (t) => void splitHeaderList(t) },
];

/** A string changed a few characters at a time, with characters that matter to SIP values. */
function mutateText(text: string, edits: { at: number; op: number; ch: string }[]): string {
  let out = text;
  for (const { at, op, ch } of edits) {
    const i = at % (out.length + 1);
    if (op === 0) out = out.slice(0, i) + ch + out.slice(i);
    else if (op === 1) out = out.slice(0, i) + out.slice(i + 1);
    else if (op === 2) out = out.slice(0, i) + ch + out.slice(i + 1);
    else out = out.slice(0, i);
  }
  return out;
}

const sipChar = fc.constantFrom(...' \t;,:="<>\\@%[]?&/.+*#-_\x00\x7f\u00e9\u2603aZ09'.split(''));
const edits = fc.array(fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 3 }), ch: sipChar }), { minLength: 1, maxLength: 5 });

describe('value parsers on hostile text', () => {
  it.each(valueParsers)('$name: random and mutated text give a value or a CoreError; values format and parse back', ({ seeds: s, roundTrip }) => {
    const input = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: sipChar, maxLength: 80 }), fc.tuple(fc.constantFrom(...s), edits).map(([seed, e]) => mutateText(seed, e)), fc.constantFrom(...s));
    fc.assert(fc.property(input, (text) => void resultOrCoreError(() => roundTrip(text))), { numRuns: RUNS });
  });
});

describe('large hostile inputs finish quickly', () => {
  const quick = (what: string, fn: () => unknown, ms = 500): void => {
    const started = performance.now();
    resultOrCoreError(fn);
    expect(performance.now() - started, what).toBeLessThan(ms);
  };
  const big = 60_000;
  const texts: [string, string][] = [
    ['commas', ','.repeat(big)],
    ['quotes', '"'.repeat(big)],
    ['escaped quotes', '"' + '\\"'.repeat(big / 2)],
    ['open angles', '<'.repeat(big)],
    ['nested angles', '<'.repeat(big / 2) + '>'.repeat(big / 2)],
    ['semicolons', ';'.repeat(big)],
    ['params', ';a=b'.repeat(big / 4)],
    ['blanks', ' '.repeat(big) + 'x' + ' '.repeat(big)],
    ['colons', 'sip:' + ':'.repeat(big)],
    ['at signs', 'sip:' + '@'.repeat(big)],
    ['brackets', 'sip:[' + ':'.repeat(big)],
    ['percent', 'sip:' + '%'.repeat(big) + '@h'],
    ['digits', '9'.repeat(big) + ' INVITE'],
    ['tokens', 'a '.repeat(big / 2) + '<sip:a@b>'],
  ];

  it.each(texts)('%s in every value parser', (what, text) => {
    for (const { name, roundTrip } of valueParsers) quick(`${name} on ${what}`, () => roundTrip(text));
    quick(`unescapeUri on ${what}`, () => unescapeUri(text));
  });

  it.each(texts)('%s as a header value of a message', (what, text) => {
    const bytes = sip(baseRequest([`Contact: ${text}`, `Via: SIP/2.0/UDP a;branch=z9hG4bK1,${text}`, `Authorization: Digest ${text}`]));
    quick(`message with ${what}`, () => exercise(bytes, { maxMessageBytes: 1 << 20 }), 1500);
  });

  it('10,000 Via values on one line and on separate lines', () => {
    const one = Array.from({ length: 10_000 }, (_, i) => `SIP/2.0/UDP h${i}.example.com;branch=z9hG4bK${i}`).join(', ');
    const limits = { maxMessageBytes: 1 << 22, maxHeaders: 20_000 };
    quick('one line', () => {
      const message = parseSipMessage(sip(baseRequest([`Via: ${one}`])), limits);
      expect(message.headers.values('Via')).toHaveLength(10_001);
      for (let i = 0; i < 10_001; i++) message.headers.removeFirstValue('Via');
      expect(message.headers.has('Via')).toBe(false);
    }, 2000);
    quick('separate lines', () => {
      const lines = Array.from({ length: 10_000 }, (_, i) => `v: SIP/2.0/UDP h${i}.example.com;branch=z9hG4bK${i}`);
      const message = parseSipMessage(sip(baseRequest(lines)), limits);
      expect(message.headers.values('Via').map(parseVia)).toHaveLength(10_001);
      expect(statusOf(() => parseSipMessage(sip(baseRequest(lines))))).toBe(513);
    }, 2000);
  });

  it('a header folded over 20,000 continuation lines', () => {
    const folded = `Subject: start${'\r\n x'.repeat(20_000)}`;
    quick('folded', () => expect(parseSipMessage(sip(baseRequest([folded]))).headers.get('Subject')).toHaveLength(5 + 2 * 20_000), 1000);
  });

  it('the framer fed a 64 KB head one byte at a time, then closing', () => {
    quick('framer', () => {
      const framer = new SipStreamFramer();
      const head = utf8(`MESSAGE sip:a@b SIP/2.0\r\nX: ${'y'.repeat(70_000)}`);
      let closed = false;
      for (let i = 0; i < head.length && !closed; i++) closed = framer.push(head.subarray(i, i + 1)).some((item) => item instanceof SipParseError && item.fatal);
      expect(closed).toBe(true);
    }, 2000);
  });
});

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SipParseError) return error.status;
    throw error;
  }
  return undefined;
}
