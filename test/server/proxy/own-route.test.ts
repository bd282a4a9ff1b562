/**
 * Issue 18 item 1: a Route naming this server is its own and removed (rfc3261#section-16.4), whatever its user part
 * and however it names us (address and port of any listener, our domain); nothing else is. Phones with an outbound
 * proxy (linphone, baresip) write `Route: <sip:SERVER:PORT;transport=udp;lr>`: before, the server did not recognise it,
 * forwarded the MESSAGE to its own address, and it never reached bob. And a `sealphone@` entry naming another host,
 * which the server used to remove as its own, is now left for the next hop.
 */
import { describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../src/core/sip/index.ts';
import { baseHeaders, id, rawRequest, TEST_DOMAIN, useProxyServer } from './harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;

describe('Route entries naming us', () => {
  const routes: Record<string, () => string> = {
    'the UDP/TCP address and port, no user (an outbound proxy)': () => `<sip:127.0.0.1:${fixture.server.sipPort};transport=udp;lr>`,
    'the WebSocket port': () => `<sip:127.0.0.1:${fixture.server.httpPort};transport=ws;lr>`,
    'our domain, no port': () => `<sip:${D};lr>`,
    'our Record-Route form': () => `<sip:sealphone@127.0.0.1:${fixture.server.sipPort};transport=tcp;lr>`,
  };
  for (const [name, route] of Object.entries(routes)) {
    it(`are removed: ${name}, and the MESSAGE reaches bob`, async () => {
      const alice = await fixture.user('alice');
      const bob = await fixture.user('bob');
      const headers: Record<string, string> = { ...baseHeaders(alice.client, 'MESSAGE', `<sip:alice@${D}>;tag=${id()}`, `<sip:bob@${D}>`), Route: route(), 'Content-Type': 'text/plain' };
      alice.client.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, name));
      const got = (await bob.client.request('MESSAGE')) as SipRequest;
      expect(got.headers.getAll('Route')).toEqual([]);
      bob.client.respond(got, 200);
      expect((await alice.client.response(undefined, 'MESSAGE')).status).toBe(200);
      alice.close();
      bob.close();
    });
  }

  it('a sealphone@ entry naming another host is not ours: it stays, and is where the request goes (refused here: no such peer)', async () => {
    const alice = await fixture.user('alice');
    const bob = await fixture.user('bob');
    const headers: Record<string, string> = { ...baseHeaders(alice.client, 'MESSAGE', `<sip:alice@${D}>;tag=${id()}`, `<sip:bob@${D}>`), Route: `<sip:sealphone@192.0.2.7:5060;transport=udp;lr>`, 'Content-Type': 'text/plain' };
    alice.client.sendText(rawRequest('MESSAGE', `sip:bob@${D}`, headers, 'elsewhere'));
    const answer = await alice.client.response(undefined, 'MESSAGE');
    expect(answer.status).toBeGreaterThanOrEqual(400); // never delivered to bob as if the Route were ours
    expect(bob.client.received.filter((m) => m.kind === 'request' && m.method === 'MESSAGE')).toEqual([]);
    alice.close();
    bob.close();
  });
});
