/**
 * Issue 15 defect 1 (and the trailing-dot part of defect 8): a From that names one of our users is that user, however
 * it is spelled (RFC 3261 section 19.1.4: host case, escapes, a trailing dot, any display name), so a request without
 * that user's credentials is challenged, another user's refused, and that user's signed. An unreadable From or To is
 * a 400. Over real sockets: UDP and WebSocket attackers, bob registered on a WebSocket.
 */
import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../src/core/sip/index.ts';
import type { RawTransport } from '../../helpers/raw-sip-client.ts';
import { baseHeaders, delay, id, rawRequest, TEST_DOMAIN, useProxyServer } from './harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;

/** Spellings of alice's AOR in a From (each with a tag), as a receiving UA reads them: all name alice. */
const ALICE_FROMS: { name: string; from: string }[] = [
  { name: 'a quoted display name holding "<sip:...>"', from: `"<sip:x@evil.test>" <sip:alice@${D}>;tag=${id()}` },
  { name: 'a display name holding "<" and ">" twice', from: `"a <sip:m@evil.test> b <sip:n@evil.test>" <sip:alice@${D}>;tag=${id()}` },
  { name: 'an escaped user part', from: `<sip:%61lice@${D}>;tag=${id()}` },
  { name: 'the host in upper case', from: `<sip:alice@${D.toUpperCase()}>;tag=${id()}` },
  { name: 'a trailing dot on the host', from: `<sip:alice@${D}.>;tag=${id()}` },
  { name: 'a display name with a trailing-dot host', from: `"<sip:x@evil.test>" <sip:alice@${D}.>;tag=${id()}` },
  { name: 'sips', from: `"Alice" <sips:alice@${D}>;tag=${id()}` },
  { name: 'the addr-spec form', from: `sip:alice@${D};tag=${id()}` },
  { name: 'a port and URI parameters', from: `<sip:alice@${D}:5060;transport=udp>;tag=${id()}` },
];

describe('a From naming one of our users, without credentials', () => {
  for (const transport of ['udp', 'ws'] as RawTransport[]) {
    for (const method of ['MESSAGE', 'INVITE']) {
      it(`is challenged (407) and never reaches bob: ${method} over ${transport}`, async () => {
        const bob = await fixture.user('bob');
        const attacker = await fixture.attacker(transport);
        const statuses: Record<string, number> = {};
        for (const v of ALICE_FROMS) {
          const headers: Record<string, string> = { ...baseHeaders(attacker, method, v.from, `<sip:bob@${D}>`), 'Content-Type': 'text/plain', Contact: `<sip:m@127.0.0.1:${attacker.localPort}>` };
          attacker.sendText(rawRequest(method, `sip:bob@${D}`, headers, `spoof ${v.name}`));
          const r = await attacker.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === headers['Call-ID'], 3000).catch(() => null);
          statuses[v.name] = r?.kind === 'response' ? r.status : 0;
        }
        await delay(200);
        const delivered = bob.client.received.filter((m): m is SipRequest => m.kind === 'request' && m.method === method).map((m) => new TextDecoder().decode(m.body));
        expect(delivered).toEqual([]);
        expect(statuses).toEqual(Object.fromEntries(ALICE_FROMS.map((v) => [v.name, 407])));
      });
    }
  }
});

describe('a From naming one of our users, from an authenticated user', () => {
  it('is refused (403) when the user is someone else, whatever the spelling', async () => {
    const bob = await fixture.user('bob');
    const carol = await fixture.user('carol');
    for (const v of ALICE_FROMS) {
      const headers: Record<string, string> = { ...baseHeaders(carol.client, 'MESSAGE', v.from, `<sip:bob@${D}>`), 'Content-Type': 'text/plain' };
      carol.client.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, 'from carol as alice'));
      const r = await carol.client.response(undefined, 'MESSAGE');
      expect({ name: v.name, status: r.status }).toEqual({ name: v.name, status: 403 });
    }
    await delay(100);
    expect(bob.client.received.filter((m) => m.kind === 'request' && m.method === 'MESSAGE')).toEqual([]);
  });

  it('is signed (Identity) when it is that user, whatever the spelling', async () => {
    const bob = await fixture.user('bob');
    const alice = await fixture.user('alice');
    for (const v of ALICE_FROMS) {
      const headers: Record<string, string> = { ...baseHeaders(alice.client, 'MESSAGE', v.from, `<sip:bob@${D}>`), 'Content-Type': 'text/plain' };
      alice.client.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, v.name));
      const got = await bob.client.waitFor((m) => m.kind === 'request' && m.headers.get('Call-ID') === headers['Call-ID']);
      expect({ name: v.name, identity: got.headers.has('Identity') }).toEqual({ name: v.name, identity: true });
      bob.client.respond(got as SipRequest, 200);
      expect((await alice.client.response(200, 'MESSAGE')).status).toBe(200);
    }
  });
});

describe('an unreadable From or To', () => {
  const VECTORS: { name: string; from: string; to: string }[] = [
    { name: 'From: unterminated quote', from: `"<sip:x@evil.test> <sip:alice@${D}>;tag=1`, to: `<sip:bob@${D}>` },
    { name: 'From: no ">"', from: `<sip:alice@${D};tag=1`, to: `<sip:bob@${D}>` },
    { name: 'From: not a URI', from: `<alice>;tag=1`, to: `<sip:bob@${D}>` },
    { name: 'To: no ">"', from: `<sip:m@evil.test>;tag=1`, to: `<sip:bob@${D}` },
    { name: 'To: display name then garbage', from: `<sip:m@evil.test>;tag=1`, to: `"Bob" sip:bob@${D}` },
  ];
  it('gets 400 and is not forwarded', async () => {
    const bob = await fixture.user('bob');
    const attacker = await fixture.attacker('udp');
    for (const v of VECTORS) {
      const headers = baseHeaders(attacker, 'MESSAGE', v.from, v.to);
      attacker.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, v.name));
      const r = await attacker.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === headers['Call-ID'], 3000).catch(() => null);
      expect({ name: v.name, status: r?.kind === 'response' ? r.status : 0 }).toEqual({ name: v.name, status: 400 });
    }
    await delay(100);
    expect(bob.client.received.filter((m) => m.kind === 'request' && m.method === 'MESSAGE')).toEqual([]);
  });
});
