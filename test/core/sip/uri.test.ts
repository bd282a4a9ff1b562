import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import { formatUri, parseUri, unescapeUri, urisEqual, type Uri } from '../../../src/core/sip/index.ts';
import { sipError } from './helpers.ts';

describe('parseUri (rfc3261#section-19.1, RFC 3966)', () => {
  it.each<[string, Uri]>([
    ['sip:alice@atlanta.com', { kind: 'sip', scheme: 'sip', user: 'alice', host: 'atlanta.com', params: new Map(), headers: [] }],
    [
      'SIPS:alice:secretword@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent',
      {
        kind: 'sip',
        scheme: 'sips',
        user: 'alice',
        password: 'secretword',
        host: 'atlanta.com',
        port: 5061,
        params: new Map([['transport', 'tcp'], ['lr', null]]),
        headers: [['subject', 'project%20x'], ['priority', 'urgent']],
      },
    ],
    ['sip:+1-212-555-1212:1234@gateway.com;user=phone', { kind: 'sip', scheme: 'sip', user: '+1-212-555-1212', password: '1234', host: 'gateway.com', params: new Map([['user', 'phone']]), headers: [] }],
    ['sip:192.0.2.4', { kind: 'sip', scheme: 'sip', host: '192.0.2.4', params: new Map(), headers: [] }],
    ['sip:[2001:db8::10]:5070;maddr=[2001:db8::1]', { kind: 'sip', scheme: 'sip', host: '[2001:db8::10]', port: 5070, params: new Map([['maddr', '[2001:db8::1]']]), headers: [] }],
    ['sip:[::ffff:192.0.2.1]', { kind: 'sip', scheme: 'sip', host: '[::ffff:192.0.2.1]', params: new Map(), headers: [] }],
    ['sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com', { kind: 'sip', scheme: 'sip', host: 'atlanta.com', params: new Map([['method', 'REGISTER']]), headers: [['to', 'alice%40atlanta.com']] }],
    ['sip:host_1.example.com.', { kind: 'sip', scheme: 'sip', host: 'host_1.example.com.', params: new Map(), headers: [] }],
    ['tel:+1-201-555-0123;ext=1234', { kind: 'tel', number: '+1-201-555-0123', params: new Map([['ext', '1234']]) }],
    ['tel:7042;phone-context=example.com', { kind: 'tel', number: '7042', params: new Map([['phone-context', 'example.com']]) }],
    ['urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', { kind: 'other', scheme: 'urn', opaque: 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6' }],
    ['mailto:alice@example.com', { kind: 'other', scheme: 'mailto', opaque: 'alice@example.com' }],
  ])('%s', (text, want) => expect(parseUri(text)).toEqual(want));

  it.each([
    ['sip:', 'no host'],
    ['sip:@example.com', 'empty user'],
    ['sip:alice@', 'no host'],
    ['sip:alice@example.com:', 'empty port'],
    ['sip:alice@example.com:65536', 'port out of range'],
    ['sip:alice@example.com:5060x', 'junk after the port'],
    ['sip:2001:db8::10', 'IPv6 without brackets (RFC 5118 4.10)'],
    ['sip:[2001:db8::10', 'unterminated bracket'],
    ['sip:[2001:db8:::10]', 'bad IPv6'],
    ['sip:[1:2:3:4:5:6:7:8:9]', 'too many groups'],
    ['sip:[12345::1]', 'a group of five digits'],
    ['sip:al ice@example.com', 'space in the user'],
    ['sip:al%zzice@example.com', 'bad escape'],
    ['sip:alice@exa mple.com', 'space in the host'],
    ['sip:alice@-example.com', 'label starting with "-"'],
    ['sip:alice@example..com', 'empty label'],
    ['sip:alice@example.com;;lr', 'empty parameter'],
    ['sip:alice@example.com;lr;LR', 'duplicate parameter'],
    ['sip:alice@example.com;a=', 'empty parameter value'],
    ['sip:alice@example.com?subject', 'header without "="'],
    ['sip:alice@example.com>', 'a ">"'],
    ['tel:7042', 'local number without phone-context'],
    ['tel:+', 'no digits'],
    ['tel:+1 212', 'space in the number'],
    ['alice@example.com', 'no scheme'],
    ['1sip:alice@example.com', 'scheme starting with a digit'],
    ['urn:', 'nothing after the scheme'],
    ['urn:a b', 'space in an opaque URI'],
  ])('refuses %s (%s)', (text) => {
    expect(sipError(() => parseUri(text))).toMatchObject({ status: 400, reason: 'Bad URI' });
  });

  it('decodes parameter names, keeps values and components as written', () => {
    const uri = parseUri('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
    expect(uri).toMatchObject({ user: 'cal%6Cer', params: new Map([['lr', null], ['name', 'v%61lue%25%34%31']]) });
    expect(unescapeUri('v%61lue%25%34%31')).toBe('value%41');
    expect(unescapeUri('caf%C3%A9%20%E2%98%83')).toBe('café ☃');
  });
});

describe('formatUri', () => {
  it.each([
    'sip:alice@atlanta.com',
    'sips:alice:secretword@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent',
    'sip:[2001:db8::10]:5070;maddr=[2001:db8::1]',
    'sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn\'t-it)@example.com',
    'tel:+1-201-555-0123;ext=1234',
    'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  ])('gives back %s', (text) => expect(formatUri(parseUri(text))).toBe(text));

  it('escapes what a component cannot hold raw, keeps existing escapes, brackets bare IPv6', () => {
    const text = formatUri({ kind: 'sip', scheme: 'sip', user: 'a b@c%41', host: '2001:db8::1', params: new Map([['x', 'é;'], ['lr', null]]), headers: [['Subject', 'a&b=c']] });
    expect(text).toBe('sip:a%20b%40c%41@[2001:db8::1];x=%C3%A9%3B;lr?Subject=a%26b%3Dc');
    expect(parseUri(text)).toMatchObject({ user: 'a%20b%40c%41', host: '[2001:db8::1]' });
  });

  it('refuses hosts, ports and schemes that cannot be written', () => {
    const bad: Uri[] = [
      { kind: 'sip', scheme: 'sip', host: 'exa mple.com', params: new Map(), headers: [] },
      { kind: 'sip', scheme: 'sip', host: 'a.com>', params: new Map(), headers: [] },
      { kind: 'sip', scheme: 'sip', host: 'a.com', port: 70000, params: new Map(), headers: [] },
      { kind: 'sip', scheme: 'sip', user: '', host: 'a.com', params: new Map(), headers: [] },
      { kind: 'other', scheme: 'x y', opaque: 'z' },
      { kind: 'other', scheme: 'urn', opaque: 'a b' },
      { kind: 'tel', number: '12 34', params: new Map() },
    ];
    for (const uri of bad) {
      let thrown: unknown;
      try {
        formatUri(uri);
      } catch (error) {
        thrown = error;
      }
      expect(isCoreError(thrown, 'invalid-argument'), JSON.stringify(uri)).toBe(true);
    }
  });
});

describe('urisEqual (rfc3261#section-19.1.4)', () => {
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
    ['sip:user@[2001:db8::10]', 'sip:user@[2001:DB8:0:0::10]'],
    ['sip:user@[::ffff:192.0.2.1]', 'sip:user@[::ffff:c000:201]'],
    ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
    ['tel:7042;phone-context=EXAMPLE.com', 'tel:7042;phone-context=example.com'],
    ['urn:x:y', 'URN:x:y'],
  ])('%s equals %s', (a, b) => {
    expect(urisEqual(a, b)).toBe(true);
    expect(urisEqual(b, a)).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;newparam=6'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com;maddr=239.255.255.1', 'sip:alice@atlanta.com'],
    ['sip:alice@atlanta.com;user=phone', 'sip:alice@atlanta.com'],
    ['sip:a%3Bb@atlanta.com', 'sip:a;b@atlanta.com'],
    ['sip:alice:pw@atlanta.com', 'sip:alice@atlanta.com'],
    ['tel:+1-201-555-0123', 'tel:+1-201-555-0123;ext=1'],
    ['tel:+1-201-555-0123', 'sip:+1-201-555-0123@example.com;user=phone'],
  ])('%s differs from %s', (a, b) => {
    expect(urisEqual(a, b)).toBe(false);
    expect(urisEqual(b, a)).toBe(false);
  });
});
