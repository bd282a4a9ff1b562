/**
 * Issue 18 item 2: a phone over UDP that authenticated its INVITE is not challenged again in that dialog, so its BYE
 * goes through (sipp's scenarios and some desk phones do not answer a challenge on a BYE; before, the BYE got 407 for
 * ever). The dialog is known by Call-ID and tags, from the address that set it up: the same BYE from another address,
 * or in a dialog that was never authenticated, is still challenged. Raw UDP client for alice, WebSocket for bob.
 */
import { describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../../src/core/sip/index.ts';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { digestAuthorization } from '../../helpers/sip-digest.ts';
import { TEST_USERS } from '../../helpers/test-server.ts';
import { id, rawRequest, TEST_DOMAIN, useProxyServer } from '../proxy/harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;

interface Dialog {
  alice: RawSipClient;
  callId: string;
  fromTag: string;
  toTag: string;
  route: string;
}

function headers(client: RawSipClient, method: string, d: { callId: string; fromTag: string; toTag?: string }, cseq: number): Record<string, string> {
  return {
    Via: `SIP/2.0/UDP 127.0.0.1:${client.localPort};branch=z9hG4bK${id()};rport`,
    'Max-Forwards': '70',
    From: `<sip:alice@${D}>;tag=${d.fromTag}`,
    To: `<sip:bob@${D}>${d.toTag ? `;tag=${d.toTag}` : ''}`,
    'Call-ID': d.callId,
    CSeq: `${cseq} ${method}`,
    Contact: `<sip:alice@127.0.0.1:${client.localPort}>`,
  };
}

/** alice (UDP, digest on the INVITE) calls bob (WebSocket), who answers 200: the dialog as alice knows it. */
async function authenticatedCall(): Promise<Dialog & { bob: Awaited<ReturnType<typeof fixture.user>> }> {
  const bob = await fixture.user('bob');
  const alice = await fixture.attacker('udp');
  const d = { callId: id(), fromTag: id() };
  const uri = `sip:bob@${D}`;
  alice.sendText(rawRequest('INVITE', uri, headers(alice, 'INVITE', d, 1)));
  const challenge = await alice.response(407, 'INVITE');
  alice.sendText(rawRequest('ACK', uri, { ...headers(alice, 'ACK', d, 1), To: challenge.headers.get('To')! }));
  const auth = digestAuthorization(challenge, { username: 'alice', password: TEST_USERS.alice!, method: 'INVITE', uri });
  alice.sendText(rawRequest('INVITE', uri, { ...headers(alice, 'INVITE', d, 2), [auth.header]: auth.value }));
  const invite = (await bob.client.request('INVITE')) as SipRequest;
  bob.client.respond(invite, 200);
  const ok: SipResponse = await alice.response(200, 'INVITE');
  const toTag = /;tag=([^;>\s]+)/.exec(ok.headers.get('To')!)![1]!;
  const route = ok.headers.values('Record-Route').reverse().join(', ');
  return { alice, bob, ...d, toTag, route };
}

function bye(client: RawSipClient, d: Dialog): void {
  client.sendText(rawRequest('BYE', `sip:bob@${D}`, { ...headers(client, 'BYE', d, 3), Route: d.route }));
}

describe('an authenticated dialog over UDP', () => {
  it("alice's BYE reaches bob without a new challenge", async () => {
    const d = await authenticatedCall();
    bye(d.alice, d);
    const got = (await d.bob.client.request('BYE')) as SipRequest;
    d.bob.client.respond(got, 200);
    expect((await d.alice.response(undefined, 'BYE')).status).toBe(200);
  });

  it('the same BYE from another address is challenged', async () => {
    const d = await authenticatedCall();
    const other = await RawSipClient.connect('udp', '127.0.0.1', fixture.server.sipPort, { localAddress: '127.0.0.2' });
    try {
      bye(other, d);
      expect((await other.response(undefined, 'BYE')).status).toBe(407);
      expect(d.bob.client.received.filter((m) => m.kind === 'request' && m.method === 'BYE')).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('a BYE in a dialog that was never set up through us is challenged', async () => {
    const alice = await fixture.attacker('udp');
    bye(alice, { alice, callId: id(), fromTag: id(), toTag: id(), route: `<sip:127.0.0.1:${fixture.server.sipPort};lr>` });
    expect((await alice.response(undefined, 'BYE')).status).toBe(407);
  });
});
