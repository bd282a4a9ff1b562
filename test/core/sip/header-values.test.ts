import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import {
  eventsMatch,
  formatAuthParams,
  formatCSeq,
  formatEvent,
  formatNameAddr,
  formatParams,
  formatSubscriptionState,
  formatVia,
  parseAuthParams,
  parseContact,
  parseCSeq,
  parseEvent,
  parseExpires,
  parseNameAddr,
  parseParams,
  parseSubscriptionState,
  parseVia,
  quoteString,
  unquote,
} from '../../../src/core/sip/index.ts';
import { sipError } from './helpers.ts';

function invalidArgument(fn: () => unknown): boolean {
  try {
    fn();
  } catch (error) {
    return isCoreError(error, 'invalid-argument');
  }
  return false;
}

describe('name-addr (rfc3261#section-20.10)', () => {
  it.each([
    ['"Alice" <sip:alice@atlanta.com>;tag=1928301774', 'Alice', 'sip:alice@atlanta.com', [['tag', '1928301774']]],
    ['Bob <sips:bob@biloxi.com> ;tag = a6c85cf', 'Bob', 'sips:bob@biloxi.com', [['tag', 'a6c85cf']]],
    ['A. G. Bell <sip:agb@bell-telephone.com>', 'A. G. Bell', 'sip:agb@bell-telephone.com', []],
    ['<sip:a@b;lr>', undefined, 'sip:a@b;lr', []],
    ['sip:a@b;lr', undefined, 'sip:a@b', [['lr', null]]],
    ['  sip:a@b  ', undefined, 'sip:a@b', []],
    ['"" <sip:a@b>', '', 'sip:a@b', []],
    ['"\\"q\\" \\\\" <sip:a@b>', '"q" \\', 'sip:a@b', []],
    ['<sip:alice@pc33.example.com>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1;expires=3600', undefined, 'sip:alice@pc33.example.com', [['+sip.instance', '"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"'], ['reg-id', '1'], ['expires', '3600']]],
  ])('%s', (text, displayName, uri, params) => {
    const parsed = parseNameAddr(text);
    expect(parsed.displayName).toBe(displayName);
    expect(formatNameAddr({ uri: parsed.uri, params: new Map() })).toBe(`<${uri}>`);
    expect([...parsed.params]).toEqual(params);
  });

  it.each([
    ['"unterminated <sip:a@b>'],
    ['<sip:a@b'],
    ['Bell, Alexander <sip:a@b>'],
    ['< sip:a@b >'],
    ['sip:a@b?subject=x'],
    ['sip:a@b, sip:c@d'],
    ['"x" sip:a@b'],
    ['<sip:a@b>;'],
    ['<sip:a@b>;tag=1;tag=2'],
    ['<sip:a@b> junk'],
    [''],
    ['<>'],
  ])('refuses %s', (text) => expect(sipError(() => parseNameAddr(text)).reason).toBe('Bad Address'));

  it('reads a Contact "*"', () => {
    expect(parseContact(' * ')).toBe('*');
    expect(parseContact('<sip:a@b>;expires=0')).toMatchObject({ params: new Map([['expires', '0']]) });
    expect(sipError(() => parseContact('*;expires=0')).status).toBe(400);
  });

  it('formats with a quoted display name, escapes and round-trips', () => {
    const value = { displayName: 'Doe, "J" \\ \x07', uri: { kind: 'sip' as const, scheme: 'sip' as const, user: 'j', host: 'x.org', params: new Map(), headers: [] }, params: new Map([['tag', 'abc'], ['+sip.instance', '<urn:uuid:1>']]) };
    const text = formatNameAddr(value);
    expect(text).toBe('"Doe, \\"J\\" \\\\ \\\x07" <sip:j@x.org>;tag=abc;+sip.instance="<urn:uuid:1>"');
    const back = parseNameAddr(text);
    expect(back.displayName).toBe(value.displayName);
    expect(unquote(back.params.get('+sip.instance')!)).toBe('<urn:uuid:1>');
    expect(invalidArgument(() => formatNameAddr({ ...value, displayName: 'a\r\nb' }))).toBe(true);
  });
});

describe('Via (rfc3261#section-20.42, RFC 3581)', () => {
  it('reads sent-protocol, sent-by and parameters', () => {
    expect(parseVia('SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1;ttl=16;maddr=224.2.0.1')).toEqual({
      protocol: 'SIP',
      version: '2.0',
      transport: 'UDP',
      host: 'pc33.atlanta.com',
      port: 5066,
      params: new Map([['branch', 'z9hG4bK776asdhds'], ['rport', null], ['received', '192.0.2.1'], ['ttl', '16'], ['maddr', '224.2.0.1']]),
    });
    expect(parseVia('SIP / 2.0 / WSS df7jal23ls0d.invalid : 443 ; rport=5060 ; branch=z9hG4bKx')).toMatchObject({ transport: 'WSS', port: 443, params: new Map([['rport', '5060'], ['branch', 'z9hG4bKx']]) });
  });

  it.each([
    'SIP/2.0/UDP',
    'SIP/2.0/UDP192.0.2.1',
    'SIP/2.0 192.0.2.1',
    'SIP/2.0/UDP 192.0.2.1:99999',
    'SIP/2.0/UDP 192.0.2.1;branch',
    'SIP/2.0/UDP 192.0.2.1;branch="quoted"',
    'SIP/2.0/UDP 192.0.2.1;received=example.com',
    'SIP/2.0/UDP 192.0.2.1;rport=x',
    'SIP/2.0/UDP 192.0.2.1;ttl=256',
    'SIP/2.0/UDP 192.0.2.1;maddr=a..b',
    'SIP/2.0/UDP 192.0.2.1, SIP/2.0/UDP 192.0.2.2',
    'SIP/2.0/UDP 192.0.2.15;;,;,,',
  ])('refuses %s', (text) => expect(sipError(() => parseVia(text)).reason).toBe('Bad Via'));

  it('formats and round-trips', () => {
    const via = { protocol: 'SIP', version: '2.0', transport: 'TCP', host: '2001:db8::1', port: 5060, params: new Map<string, string | null>([['branch', 'z9hG4bK1'], ['rport', null]]) };
    expect(formatVia(via)).toBe('SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bK1;rport');
    expect(parseVia(formatVia(via))).toEqual({ ...via, host: '[2001:db8::1]' });
    expect(invalidArgument(() => formatVia({ ...via, host: 'bad host' }))).toBe(true);
    expect(invalidArgument(() => formatVia({ ...via, transport: 'U/DP' }))).toBe(true);
  });
});

describe('CSeq, Expires', () => {
  it('reads and writes CSeq', () => {
    expect(parseCSeq('4711 INVITE')).toEqual({ seq: 4711, method: 'INVITE' });
    expect(parseCSeq(' 0009 \t INVITE ')).toEqual({ seq: 9, method: 'INVITE' });
    expect(parseCSeq('4294967295 ACK')).toEqual({ seq: 4294967295, method: 'ACK' });
    for (const bad of ['4294967296 ACK', 'INVITE', '1', '1INVITE', '-1 INVITE', '1 INVITE x', '1 INV"ITE']) expect(sipError(() => parseCSeq(bad)).reason).toBe('Bad CSeq');
    expect(formatCSeq({ seq: 2, method: 'BYE' })).toBe('2 BYE');
    expect(invalidArgument(() => formatCSeq({ seq: -1, method: 'BYE' }))).toBe(true);
  });

  it('reads delta-seconds', () => {
    expect(parseExpires(' 3600 ')).toBe(3600);
    for (const bad of ['', 'x', '1.5', '-1', '4294967296', 'Thu, 01 Dec 1994 16:00:00 GMT']) expect(sipError(() => parseExpires(bad)).reason).toBe('Bad Expires');
  });
});

describe('auth params (rfc3261#section-25.1, RFC 2617)', () => {
  it('reads a challenge and credentials', () => {
    expect(parseAuthParams('Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5')).toEqual({
      scheme: 'Digest',
      params: new Map([['realm', 'atlanta.com'], ['domain', 'sip:ss1.carrier.com'], ['qop', 'auth,auth-int'], ['nonce', 'f84f1cec41e6cbe5aea9c8e88d359'], ['opaque', ''], ['stale', 'FALSE'], ['algorithm', 'MD5']]),
    });
    const credentials = parseAuthParams('Digest username="bob",realm="biloxi.com",nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",uri="sip:bob@biloxi.com",qop=auth,nc=00000001,cnonce="0a4f113b",response="6629fae49393a05397450978507c4ef1",opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(credentials.params.get('uri')).toBe('sip:bob@biloxi.com');
    expect(credentials.params.get('nc')).toBe('00000001');
    expect(parseAuthParams('Digest realm="a \\"b\\""').params.get('realm')).toBe('a "b"');
    expect(parseAuthParams('nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="x"', { scheme: false }).params.get('nextnonce')).toBe('47364c23432d2e131a5fb210812c');
  });

  it.each(['', 'Digest realm', 'Digest realm="x" nonce="y"', 'Digest realm="unterminated', 'Digest realm="a", realm="b"', 'Digest =x', 'Digest, realm="a"'])('refuses %s', (text) => {
    expect(sipError(() => parseAuthParams(text)).status).toBe(400);
  });

  it('formats with RFC 2617 quoting and round-trips', () => {
    const challenge = { scheme: 'Digest', params: new Map([['realm', 'example.com'], ['qop', 'auth'], ['nonce', 'n"1'], ['algorithm', 'MD5'], ['stale', 'TRUE'], ['ext', 'tok'], ['ext2', 'two words']]) };
    const text = formatAuthParams(challenge, 'challenge');
    expect(text).toBe('Digest realm="example.com", qop="auth", nonce="n\\"1", algorithm=MD5, stale=TRUE, ext=tok, ext2="two words"');
    expect(parseAuthParams(text)).toEqual(challenge);
    expect(formatAuthParams({ scheme: 'Digest', params: new Map([['username', 'alice'], ['qop', 'auth'], ['nc', '00000001']]) }, 'credentials')).toBe('Digest username="alice", qop=auth, nc=00000001');
    expect(invalidArgument(() => formatAuthParams({ scheme: 'Digest', params: new Map([['realm', 'a\nb']]) }, 'challenge'))).toBe(true);
  });
});

describe('Event and Subscription-State (RFC 6665)', () => {
  it('reads and writes Event', () => {
    expect(parseEvent('certificate')).toEqual({ package: 'certificate', templates: [], params: new Map() });
    expect(parseEvent('presence.winfo ; id=1234;x')).toEqual({ package: 'presence', templates: ['winfo'], id: '1234', params: new Map([['id', '1234'], ['x', null]]) });
    for (const bad of ['', 'a..b', 'a;id', 'a;id="x"', 'a b']) expect(sipError(() => parseEvent(bad)).reason).toBe('Bad Event');
    expect(formatEvent({ package: 'credential', templates: [], id: '7', params: new Map() })).toBe('credential;id=7');
    expect(eventsMatch(parseEvent('foo;id=1234'), parseEvent('foo; param=abcd; id=1234'))).toBe(true);
    expect(eventsMatch(parseEvent('foo;id=1234'), parseEvent('Foo;id=1234'))).toBe(false);
    expect(eventsMatch(parseEvent('foo;id=1234'), parseEvent('foo'))).toBe(false);
  });

  it('reads and writes Subscription-State', () => {
    expect(parseSubscriptionState('active;expires=3600')).toEqual({ state: 'active', expires: 3600, params: new Map([['expires', '3600']]) });
    expect(parseSubscriptionState('Terminated;reason=DEACTIVATED;retry-after=10')).toMatchObject({ state: 'terminated', reason: 'deactivated', retryAfter: 10 });
    for (const bad of ['', 'active;expires=x', 'active;expires', 'terminated;reason="x"', 'active;retry-after=-1']) {
      expect(sipError(() => parseSubscriptionState(bad)).reason).toBe('Bad Subscription-State');
    }
    expect(formatSubscriptionState({ state: 'terminated', reason: 'deactivated', params: new Map() })).toBe('terminated;reason=deactivated');
    expect(formatSubscriptionState({ state: 'active', expires: 60, params: new Map([['expires', '1'], ['x', 'y']]) })).toBe('active;expires=60;x=y');
    expect(invalidArgument(() => formatSubscriptionState({ state: 'active', expires: -1, params: new Map() }))).toBe(true);
  });
});

describe('generic parameters and quoting', () => {
  it('reads and writes parameters', () => {
    expect(parseParams(';a=1 ; B = "x y";c')).toEqual(new Map([['a', '1'], ['b', '"x y"'], ['c', null]]));
    expect(parseParams('a=1;b')).toEqual(new Map([['a', '1'], ['b', null]]));
    expect(parseParams('  ')).toEqual(new Map());
    for (const bad of [';', ';a=', ';a;a', ';"a"=1', ';a=1 b']) expect(sipError(() => parseParams(bad)).status).toBe(400);
    expect(formatParams(new Map([['a', '1'], ['b', null], ['c', 'x y'], ['d', '"kept"'], ['e', '"broken']]))).toBe(';a=1;b;c="x y";d="kept";e="\\"broken"');
    expect(invalidArgument(() => formatParams([['bad name', '1']]))).toBe(true);
  });

  it('quotes and unquotes', () => {
    expect(quoteString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(unquote('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(unquote('plain')).toBe('plain');
    expect(unquote('"unterminated')).toBe('"unterminated');
    expect(unquote('"\\"')).toBe('"\\"');
  });
});
