/**
 * Loop detection (issue 18 item 1; rfc3261#section-16.3 step 4 and #section-16.6 step 8), over real sockets: what we
 * forward carries the loop key of the request as received in its branch; a request that comes back with one of our
 * Vias holding its key is answered 482, while one whose Request-URI changed on the way (a spiral) goes on.
 */
import { describe, expect, it } from 'vitest';
import { parseVia, type SipRequest } from '../../../src/core/sip/index.ts';
import { loopKey } from '../../../server/sip/proxy/loop-detection.ts';
import { baseHeaders, id, rawRequest, TEST_DOMAIN, useProxyServer } from './harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;

/** A MESSAGE from a stranger over UDP to bob (no account needed to reach our users), optionally with `extraVia` below its own. */
async function strangerMessage(uri: string, extraVia?: (request: Record<string, string>) => string) {
  const stranger = await fixture.attacker('udp');
  const headers: Record<string, string> = { ...baseHeaders(stranger, 'MESSAGE', `<sip:dan@elsewhere.test>;tag=${id()}`, `<sip:bob@${D}>`), 'Content-Type': 'text/plain' };
  if (extraVia) headers.Via = `${headers.Via}, ${extraVia(headers)}`;
  return { stranger, text: rawRequest('MESSAGE', uri, headers, 'loop?'), headers };
}

describe('loops', () => {
  it('the branch of a forwarded request ends in the loop key of the request we received', async () => {
    const bob = await fixture.user('bob');
    const { stranger, text } = await strangerMessage(`sip:bob@${D}`);
    stranger.sendText(text);
    const got = (await bob.client.request('MESSAGE')) as SipRequest;
    const ours = parseVia(got.headers.values('Via')[0]!).params.get('branch')!;
    const received = { ...got, uri: `sip:bob@${D}` }; // the Request-URI before we retargeted it to bob's contact
    expect(ours.endsWith(`.${loopKey(received)}`)).toBe(true);
    bob.client.respond(got, 200);
    expect((await stranger.response(undefined, 'MESSAGE')).status).toBe(200);
    bob.close();
  });

  it('a request that comes back in the same form is answered 482 Loop Detected', async () => {
    const bob = await fixture.user('bob');
    const uri = `sip:bob@${D}`;
    const { stranger, text } = await strangerMessage(uri, (h) => {
      const asReceived = { kind: 'request', method: 'MESSAGE', uri, headers: headersOf(h) } as unknown as SipRequest;
      return `SIP/2.0/UDP 127.0.0.1:${fixture.server.sipPort};branch=z9hG4bK${id()}.${loopKey(asReceived)}`;
    });
    stranger.sendText(text);
    expect((await stranger.response(undefined, 'MESSAGE')).status).toBe(482);
    expect(bob.client.received.filter((m) => m.kind === 'request' && m.method === 'MESSAGE')).toEqual([]);
    bob.close();
  });

  it('a spiral (the Request-URI changed since it was here) goes on', async () => {
    const bob = await fixture.user('bob');
    const { stranger, text } = await strangerMessage(`sip:bob@${D}`, (h) => {
      const before = { kind: 'request', method: 'MESSAGE', uri: `sip:robert@${D}`, headers: headersOf(h) } as unknown as SipRequest;
      return `SIP/2.0/UDP 127.0.0.1:${fixture.server.sipPort};branch=z9hG4bK${id()}.${loopKey(before)}`;
    });
    stranger.sendText(text);
    const got = (await bob.client.request('MESSAGE')) as SipRequest;
    bob.client.respond(got, 200);
    expect((await stranger.response(undefined, 'MESSAGE')).status).toBe(200);
    bob.close();
  });
});

/** Just enough of SipHeaders for loopKey over a header record. */
function headersOf(h: Record<string, string>) {
  const find = (name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return { get: find, getAll: (name: string) => (find(name) === undefined ? [] : [find(name)!]) };
}
