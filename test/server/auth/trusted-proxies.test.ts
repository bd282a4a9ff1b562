/** TrustedProxies (RFC 3325 trust domain by address): which connections count, and which assertions name a user. */
import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../../server/sip/auth/trusted-proxies.ts';
import { DOMAIN, FakeConnection, FakeIncoming, parseRequest } from './fakes.ts';

const trusted = new TrustedProxies({ addresses: ['10.0.0.5', '2001:db8::7'], domain: DOMAIN, userExists: (user) => user === 'alice' || user === 'a b' });

function from(address: string, transport: 'TCP' | 'UDP' | 'WS', assertions: string[]): FakeIncoming {
  const connection = new FakeConnection(transport);
  Object.assign(connection, { remoteAddress: address });
  const lines = ['MESSAGE sip:bob@' + DOMAIN + ' SIP/2.0', 'Via: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bKx', `From: <sip:alice@${DOMAIN}>;tag=1`, `To: <sip:bob@${DOMAIN}>`, 'Call-ID: c', 'CSeq: 1 MESSAGE'];
  return new FakeIncoming(parseRequest([...lines, ...assertions.map((a) => `P-Asserted-Identity: ${a}`)]), connection);
}

describe('TrustedProxies', () => {
  it('believes a trusted address over a connection, IPv4-mapped and other IPv6 spellings included, never over UDP', () => {
    const alice = { username: 'alice', domain: DOMAIN, aor: `sip:alice@${DOMAIN}` };
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', [`<sip:alice@${DOMAIN}>`]))).toEqual(alice);
    expect(trusted.assertedUser(from('::ffff:10.0.0.5', 'WS', [`<sip:alice@${DOMAIN.toUpperCase()}.>`]))).toEqual(alice);
    expect(trusted.assertedUser(from('2001:db8::7', 'TCP', [`<sip:alice@${DOMAIN}>`, '<tel:+15551234567>']))).toEqual(alice);
    expect(trusted.assertedUser(from('10.0.0.5', 'UDP', [`<sip:alice@${DOMAIN}>`]))).toBeNull();
    expect(trusted.assertedUser(from('10.0.0.6', 'TCP', [`<sip:alice@${DOMAIN}>`]))).toBeNull();
    expect(trusted.assertedUser(from('2001:0db8:0:0::7', 'TCP', [`<sip:alice@${DOMAIN}>`]))).toEqual(alice);
    // The address itself, not its /64.
    expect(trusted.assertedUser(from('2001:db8::8', 'TCP', [`<sip:alice@${DOMAIN}>`]))).toBeNull();
  });

  it('names nobody for another domain, an unknown user, two sip identities or an unreadable value; unescapes the user', () => {
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', ['<sip:alice@elsewhere.test>']))).toBeNull();
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', [`<sip:mallory@${DOMAIN}>`]))).toBeNull();
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', [`<sip:alice@${DOMAIN}>`, `<sips:alice@${DOMAIN}>`]))).toBeNull();
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', ['<sip:alice@']))).toBeNull();
    expect(trusted.assertedUser(from('10.0.0.5', 'TCP', [`<sip:a%20b@${DOMAIN}>`]))?.username).toBe('a b');
  });

  it('strips the header from untrusted connections only, and never takes the request', () => {
    const stranger = from('10.0.0.9', 'TCP', [`<sip:alice@${DOMAIN}>`]);
    expect(trusted.stripUntrusted.handle(stranger)).toBe(false);
    expect(stranger.request.headers.has('P-Asserted-Identity')).toBe(false);
    const edge = from('10.0.0.5', 'TCP', [`<sip:alice@${DOMAIN}>`]);
    expect(trusted.stripUntrusted.handle(edge)).toBe(false);
    expect(edge.request.headers.has('P-Asserted-Identity')).toBe(true);
  });
});
