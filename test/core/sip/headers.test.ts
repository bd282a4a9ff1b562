import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import { canonicalHeaderName, isListHeader, SipHeaders, splitHeaderList } from '../../../src/core/sip/index.ts';

describe('SipHeaders', () => {
  it('looks names up without case and through compact forms, and stores canonical spellings', () => {
    const headers = new SipHeaders([['v', 'SIP/2.0/UDP a'], ['call-id', 'x'], ['X-Custom', '1']]);
    expect(headers.get('VIA')).toBe('SIP/2.0/UDP a');
    expect(headers.get('i')).toBe('x');
    expect(headers.get('x-custom')).toBe('1');
    expect([...headers]).toEqual([['Via', 'SIP/2.0/UDP a'], ['Call-ID', 'x'], ['X-Custom', '1']]);
    expect(headers.has('Call-Id')).toBe(true);
    expect(headers.get('To')).toBeUndefined();
    expect(headers.size).toBe(3);
  });

  it('splits list headers at commas outside quotes and <>, and leaves other headers whole', () => {
    const headers = new SipHeaders([
      ['Contact', '"Doe, John" <sip:a@b;x=1,2>;q=0.5 , <sip:c@d?subject=a,b>'],
      ['m', '<sip:e@f>'],
      ['Allow', 'INVITE, ACK,,BYE'],
      ['WWW-Authenticate', 'Digest realm="a, b", nonce="x", qop="auth,auth-int"'],
      ['Date', 'Sat, 13 Nov 2010 23:29:00 GMT'],
      ['Identity', '"abc,def"'],
    ]);
    expect(headers.values('Contact')).toEqual(['"Doe, John" <sip:a@b;x=1,2>;q=0.5', '<sip:c@d?subject=a,b>', '<sip:e@f>']);
    expect(headers.values('Allow')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(headers.values('WWW-Authenticate')).toHaveLength(1);
    expect(headers.values('Date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(headers.values('Identity')).toEqual(['"abc,def"']);
    expect(headers.getAll('Contact')).toHaveLength(2);
    expect(headers.firstValue('Contact')).toBe('"Doe, John" <sip:a@b;x=1,2>;q=0.5');
    expect(headers.firstValue('Date')).toBe('Sat, 13 Nov 2010 23:29:00 GMT');
    expect(headers.firstValue('Route')).toBeUndefined();
  });

  it('removes the first value even when it shares its line', () => {
    const headers = new SipHeaders([
      ['Via', ' , SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2'],
      ['To', '<sip:x@y>'],
      ['Via', 'SIP/2.0/UDP c;branch=z9hG4bK3'],
    ]);
    expect(headers.removeFirstValue('v')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1');
    expect(headers.getAll('Via')).toEqual(['SIP/2.0/UDP b;branch=z9hG4bK2', 'SIP/2.0/UDP c;branch=z9hG4bK3']);
    expect(headers.removeFirstValue('Via')).toBe('SIP/2.0/UDP b;branch=z9hG4bK2');
    expect([...headers].map(([n]) => n)).toEqual(['To', 'Via']);
    expect(headers.removeFirstValue('Via')).toBe('SIP/2.0/UDP c;branch=z9hG4bK3');
    expect(headers.removeFirstValue('Via')).toBeUndefined();
    expect(headers.removeFirstValue('To')).toBe('<sip:x@y>');
    expect(headers.size).toBe(0);
  });

  it('drops lines that hold no value while looking for the first one', () => {
    const headers = new SipHeaders([['Route', ', ,'], ['Route', '<sip:p1;lr>, ,']]);
    expect(headers.removeFirstValue('Route')).toBe('<sip:p1;lr>');
    expect(headers.size).toBe(0);
  });

  it('prepends above the first line of the same name, or at the top', () => {
    const headers = new SipHeaders([['To', 't'], ['Via', 'SIP/2.0/UDP b'], ['From', 'f']]);
    headers.prepend('Via', 'SIP/2.0/UDP a');
    headers.prepend('Record-Route', '<sip:p;lr>');
    expect([...headers]).toEqual([['Record-Route', '<sip:p;lr>'], ['To', 't'], ['Via', 'SIP/2.0/UDP a'], ['Via', 'SIP/2.0/UDP b'], ['From', 'f']]);
  });

  it('sets in place, deletes, appends, clones independently', () => {
    const headers = new SipHeaders([['X-A', '1'], ['Contact', '<sip:a@b>'], ['X-B', '2'], ['m', '<sip:c@d>']]);
    headers.set('contact', '*');
    expect([...headers]).toEqual([['X-A', '1'], ['Contact', '*'], ['X-B', '2']]);
    headers.set('Expires', '0');
    const copy = headers.clone();
    headers.delete('x-a').append('X-C', '3');
    expect([...headers].map(([n]) => n)).toEqual(['Contact', 'X-B', 'Expires', 'X-C']);
    expect([...copy].map(([n]) => n)).toEqual(['X-A', 'Contact', 'X-B', 'Expires']);
    copy.removeFirstValue('Contact');
    expect(headers.get('Contact')).toBe('*');
  });

  it('refuses values that would split the line and names that are not tokens', () => {
    const headers = new SipHeaders();
    for (const attempt of [
      () => headers.set('X', 'a\r\nVia: evil'),
      () => headers.append('X', 'a\nb'),
      () => headers.prepend('Bad Name', 'x'),
      () => headers.append('', 'x'),
      () => headers.append('X:Y', 'x'),
    ]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(isCoreError(thrown, 'invalid-argument')).toBe(true);
    }
    expect(headers.size).toBe(0);
  });
});

describe('header names and lists', () => {
  it('canonicalizes known names and keeps unknown ones', () => {
    expect(['cseq', 'CALL-ID', 'www-authenticate', 'sip-etag', 'l', 'O', 'y', 'X-Foo'].map(canonicalHeaderName)).toEqual([
      'CSeq', 'Call-ID', 'WWW-Authenticate', 'SIP-ETag', 'Content-Length', 'Event', 'Identity', 'X-Foo',
    ]);
  });

  it('knows which headers are lists', () => {
    expect(['Via', 'v', 'Route', 'Record-Route', 'Contact', 'Allow', 'Supported', 'Require'].every(isListHeader)).toBe(true);
    expect(['WWW-Authenticate', 'Authorization', 'Proxy-Authenticate', 'Date', 'Identity', 'From', 'To', 'X-Foo'].some(isListHeader)).toBe(false);
  });

  it('splits with escaped quotes and unterminated quotes', () => {
    expect(splitHeaderList('"a\\", b" <sip:x>, c')).toEqual(['"a\\", b" <sip:x>', 'c']);
    expect(splitHeaderList('"unterminated, x, y')).toEqual(['"unterminated, x, y']);
    expect(splitHeaderList('<sip:a, b')).toEqual(['<sip:a, b']);
    expect(splitHeaderList(' , ,, ')).toEqual([]);
  });
});
