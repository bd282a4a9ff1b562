/**
 * Issue 15 defects 7 and 8 (foreign Identity): a party without an account learns nothing about which users exist
 * (the same 480 for an offline user and for no user, RFC 3261 section 16.5), while an authenticated user still gets
 * 404 for no such user; and Identity/Identity-Info the server did not add never leave it.
 */
import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../src/core/sip/index.ts';
import { baseHeaders, id, rawRequest, TEST_DOMAIN, useProxyServer } from './harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;

describe('a party without an account', () => {
  for (const method of ['MESSAGE', 'OPTIONS', 'INVITE']) {
    it(`gets the same answer to a ${method} for an offline user (carol) and for no user`, async () => {
      const attacker = await fixture.attacker('udp');
      const statuses: Record<string, number> = {};
      for (const target of ['carol', 'nobody', 'no-such-user-at-all']) {
        const headers = baseHeaders(attacker, method, `<sip:m@evil.test>;tag=${id()}`, `<sip:${target}@${D}>`);
        attacker.sendText(rawRequest(method, `sip:${target}@${D}`, headers));
        const r = await attacker.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === headers['Call-ID']);
        statuses[target] = r.kind === 'response' ? r.status : 0;
      }
      expect(statuses).toEqual({ carol: 480, nobody: 480, 'no-such-user-at-all': 480 });
    });
  }
});

describe('an authenticated user', () => {
  it('still tells an offline user (480) from no such user (404)', async () => {
    const alice = await fixture.user('alice');
    const statuses: Record<string, number> = {};
    for (const target of ['carol', 'nobody']) {
      const r = await alice.send({ method: 'MESSAGE', uri: `sip:${target}@${D}`, to: `<sip:${target}@${D}>` });
      statuses[target] = r.status;
    }
    expect(statuses).toEqual({ carol: 480, nobody: 404 });
  });
});

describe('Identity headers the server did not add', () => {
  it('are removed from a request with a foreign From before it is forwarded', async () => {
    const bob = await fixture.user('bob');
    const attacker = await fixture.attacker('udp');
    const headers: Record<string, string> = {
      ...baseHeaders(attacker, 'MESSAGE', `<sip:mallory@evil.test>;tag=${id()}`, `<sip:bob@${D}>`),
      'Content-Type': 'text/plain',
      Identity: '"Zm9yZ2VkIHNpZ25hdHVyZQ=="',
      'Identity-Info': '<http://evil.test/as.cer>;alg=rsa-sha256',
      y: '"c2Vjb25kIGZvcmdlcnk="',
    };
    attacker.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, 'hello'));
    const got = (await bob.client.waitFor((m) => m.kind === 'request' && m.headers.get('Call-ID') === headers['Call-ID'])) as SipRequest;
    bob.client.respond(got, 200);
    expect({ identity: got.headers.getAll('Identity'), info: got.headers.getAll('Identity-Info') }).toEqual({ identity: [], info: [] });
  });

  it('are replaced by the server\'s own on a request from our user', async () => {
    const bob = await fixture.user('bob');
    const alice = await fixture.user('alice');
    const headers: Record<string, string> = {
      ...baseHeaders(alice.client, 'MESSAGE', `<sip:alice@${D}>;tag=${id()}`, `<sip:bob@${D}>`),
      'Content-Type': 'text/plain',
      Identity: '"Zm9yZ2VkIHNpZ25hdHVyZQ=="',
      'Identity-Info': '<http://evil.test/as.cer>;alg=rsa-sha256',
    };
    alice.client.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, 'hello'));
    const got = (await bob.client.waitFor((m) => m.kind === 'request' && m.headers.get('Call-ID') === headers['Call-ID'])) as SipRequest;
    bob.client.respond(got, 200);
    expect(got.headers.getAll('Identity').length).toBe(1);
    expect(got.headers.getAll('Identity')[0]).not.toContain('Zm9yZ2Vk');
    expect(got.headers.getAll('Identity-Info')).toEqual([expect.stringMatching(/^<http:\/\/127\.0\.0\.1:\d+\/identity\/as\.cer>;alg=rsa-sha256$/)]);
  });
});
