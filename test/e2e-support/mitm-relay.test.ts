/**
 * The e2e man-in-the-middle relay (e2e/support/mitm-relay.ts) between JsSIP clients and the real server: it logs
 * every message both ways, and its rules change or drop chosen ones.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../src/core/bytes.ts';
import { startMitmRelay, relayedText, rewrite, type MitmRelay } from '../../e2e/support/mitm-relay.ts';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer, TEST_USERS, type TestServer } from '../helpers/test-server.ts';
import { makeClient, wsUrl, type ClientUnderTest } from '../sip/sip-client-harness.ts';

let server: TestServer;
let relay: MitmRelay;
let releaseStandIns: () => void;
const clients: ClientUnderTest[] = [];

async function signedIn(user: string, through: 'relay' | 'direct'): Promise<ClientUnderTest> {
  const c = makeClient(user);
  clients.push(c);
  await c.client.signIn({ serverUrl: through === 'relay' ? relay.url : wsUrl(server), aor: c.aor, password: TEST_USERS[user] ?? '' });
  return c;
}

beforeAll(async () => {
  releaseStandIns = installWebRtcStandIns();
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.client.signOut()));
  await relay.close();
});

afterAll(async () => {
  await server.stop();
  removeDir(server.dir);
  releaseStandIns();
});

describe('the MITM relay', () => {
  it('relays and logs both directions', async () => {
    relay = await startMitmRelay({ upstream: wsUrl(server) });
    const alice = await signedIn('alice', 'relay');
    const bob = await signedIn('bob', 'direct');
    await alice.client.sendMessage('bob', 'seen by the relay');
    await bob.waitFor('the message', () => bob.messages.find((m) => m.text === 'seen by the relay'));
    const message = await relay.waitFor((m) => m.direction === 'to-server' && m.startLine.startsWith('MESSAGE '));
    expect(relayedText(message)).toContain('seen by the relay');
    await relay.waitFor((m) => m.direction === 'to-client' && /^SIP\/2\.0 2\d\d /.test(m.startLine) && /\r\nCSeq: \d+ MESSAGE\r\n/i.test(relayedText(m)));
    expect(relay.log.some((m) => m.direction === 'to-client' && m.startLine.startsWith('SIP/2.0 401'))).toBe(true);
  });

  it('a rule changes a message in flight (Content-Length follows)', async () => {
    relay = await startMitmRelay({ upstream: wsUrl(server) });
    relay.alter((m) =>
      m.direction === 'to-server' && m.startLine.startsWith('MESSAGE ')
        ? rewrite(m.bytes, (msg) => {
            msg.body = utf8(fromUtf8(msg.body).replace('pay alice', 'pay mallory, who is much richer'));
          })
        : undefined,
    );
    const alice = await signedIn('alice', 'relay');
    const bob = await signedIn('bob', 'direct');
    await alice.client.sendMessage('bob', 'please pay alice');
    const received = await bob.waitFor('the message', () => bob.messages.find((m) => m.state === 'received'));
    expect(received.text).toBe('please pay mallory, who is much richer');
    const logged = relay.log.find((m) => m.startLine.startsWith('MESSAGE '));
    expect(logged?.altered).toBe('changed');
    expect(relayedText(logged!)).toContain('please pay alice');
  });

  it("a rule drops a message: the 200 to alice's MESSAGE never reaches her", async () => {
    relay = await startMitmRelay({ upstream: wsUrl(server) });
    relay.alter((m) => (m.direction === 'to-client' && /\r\nCSeq: \d+ MESSAGE\r\n/.test(m.text) ? null : undefined));
    const alice = await signedIn('alice', 'relay');
    await signedIn('bob', 'direct');
    const sent = await alice.client.sendMessage('bob', 'will you answer?');
    await relay.waitFor((m) => m.altered === 'dropped');
    expect(alice.messages.find((m) => m.id === sent.id && m.state === 'delivered')).toBeUndefined();
  });
});
