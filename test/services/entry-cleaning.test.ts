/** What a person types, cleaned (issue 17): addresses, phone numbers and server addresses, as tables. */
import { describe, expect, it } from 'vitest';
import { normalizeAor, notAnAddressText, phoneDigits } from '../../src/services/sip-address.ts';
import { cleanServerUrl, serverDomain } from '../../src/services/server-address.ts';

describe('normalizeAor', () => {
  it.each([
    { name: 'bare user name takes the default domain', input: 'alice', domain: 'sealphone.test', want: 'sip:alice@sealphone.test' },
    { name: 'user@domain', input: 'bob@Example.COM', domain: 'sealphone.test', want: 'sip:bob@example.com' },
    { name: 'sip URI with parameters', input: 'sip:bob@example.com;transport=ws', domain: undefined, want: 'sip:bob@example.com' },
    { name: 'name-addr', input: '"Bob" <sips:bob@example.com>', domain: undefined, want: 'sip:bob@example.com' },
    { name: 'phone number with spaces, brackets and dashes', input: '+1 (555) 010-2030', domain: 'sealphone.test', want: 'sip:+15550102030@sealphone.test' },
    { name: 'phone number with dots', input: '030.1234.567', domain: 'sealphone.test', want: 'sip:0301234567@sealphone.test' },
    { name: 'phone number at a domain', input: '+44 20 7946 0000@example.com', domain: undefined, want: 'sip:+442079460000@example.com' },
    { name: 'tel: URI (RFC 3966)', input: 'tel:+1-555-010-2030', domain: 'sealphone.test', want: 'sip:+15550102030@sealphone.test' },
    { name: 'surrounding spaces', input: '  bob  ', domain: 'sealphone.test', want: 'sip:bob@sealphone.test' },
    { name: 'bare user name without a known domain', input: 'alice', domain: undefined, want: null },
    { name: 'two words', input: 'bob smith', domain: 'sealphone.test', want: null },
    { name: 'too few digits for a number', input: '1 2', domain: 'sealphone.test', want: null },
    { name: 'empty', input: '   ', domain: 'sealphone.test', want: null },
    { name: 'bad domain', input: 'bob@exa mple.com', domain: undefined, want: null },
  ])('$name: $input -> $want', ({ input, domain, want }) => {
    expect(normalizeAor(input, domain)).toBe(want);
  });

  it.each([
    ['+1 (555) 010-2030', '+15550102030'],
    ['555 0100', '5550100'],
    ['bob', null],
    ['+', null],
  ])('phoneDigits(%s) = %s', (input, want) => {
    expect(phoneDigits(input)).toBe(want);
  });

  it('names what was typed in a sentence', () => {
    expect(notAnAddressText(' bob smith ')).toBe('“bob smith” is not a SIP address or phone number. Type a name like bob, bob@example.com or a number like +1 555 010 2030.');
  });
});

describe('cleanServerUrl', () => {
  it.each([
    { name: 'http:// pasted from the address bar', input: 'http://127.0.0.1:18080/', want: 'ws://127.0.0.1:18080/sip' },
    { name: 'https:// with a path', input: 'https://phone.example.com/app/?x=1', want: 'wss://phone.example.com/sip' },
    { name: 'https:// with a port', input: ' https://phone.example.com:8443 ', want: 'wss://phone.example.com:8443/sip' },
    { name: 'wss:// without a path gets our server\'s /sip', input: 'wss://phone.example.com', want: 'wss://phone.example.com/sip' },
    { name: 'ws:// with a trailing slash gets /sip', input: 'ws://127.0.0.1:18080/', want: 'ws://127.0.0.1:18080/sip' },
    { name: 'wss:// with another server\'s path is kept', input: 'wss://pbx.example.com:8089/ws', want: 'wss://pbx.example.com:8089/ws' },
    { name: 'our own URL is kept', input: 'wss://phone.example.com/sip', want: 'wss://phone.example.com/sip' },
    { name: 'a bare host means wss', input: 'phone.example.com', want: 'wss://phone.example.com/sip' },
    { name: 'a bare loopback host means ws', input: '127.0.0.1:18080', want: 'ws://127.0.0.1:18080/sip' },
    { name: 'localhost', input: 'localhost:5173', want: 'ws://localhost:5173/sip' },
    { name: 'no URL at all is left for the refusal', input: 'not a server', want: 'not a server' },
    { name: 'empty', input: '', want: '' },
  ])('$name: $input -> $want', ({ input, want }) => {
    expect(cleanServerUrl(input)).toBe(want);
  });

  it.each([
    ['wss://phone.example.com:8443/sip', undefined, 'phone.example.com'],
    ['not a url', 'page.example.com', 'page.example.com'],
    ['not a url', undefined, undefined],
  ])('serverDomain(%s, %s) = %s', (url, page, want) => {
    expect(serverDomain(url, page)).toBe(want);
  });
});
