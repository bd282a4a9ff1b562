/**
 * What the softphone shows of a MESSAGE (issue 18 item 5), through the real server: text in CPIM is text, a
 * delivery notification (linphone's IMDN, bare or compressed in CPIM) is no chat bubble, and an image is shown as the
 * sentence saying what it is, never as its bytes. Before, every body was shown as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCpim, formatImdn } from '../../src/core/im/index.ts';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { SipUser } from '../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, type ClientUnderTest } from './sip-client-harness.ts';

let server: TestServer;
let release: () => void;
let alice: ClientUnderTest;
let bob: SipUser;

beforeAll(async () => {
  release = installWebRtcStandIns();
  server = await startTestServer();
  alice = makeClient('alice');
  await signIn(alice, server);
  bob = await SipUser.connect('ws', server.httpPort, 'bob', TEST_USERS.bob!, TEST_DOMAIN);
  expect((await bob.register()).status).toBe(200);
});

afterAll(async () => {
  bob.close();
  await alice.client.signOut();
  await server.stop();
  removeDir(server.dir);
  release();
});

async function bobSends(contentType: string, body: string | Uint8Array, extra: Record<string, string> = {}): Promise<number> {
  const r = await bob.send({ method: 'MESSAGE', uri: alice.aor, to: `<${alice.aor}>`, headers: { 'Content-Type': contentType, ...extra }, body });
  return r.status;
}

describe('incoming MESSAGE bodies', () => {
  it('CPIM around text is shown as its text; an IMDN, bare or compressed, is not shown; an image is said, not shown', async () => {
    const imdn = formatImdn({ messageId: 'm1', kind: 'delivery', status: 'delivered' });
    expect(await bobSends('message/imdn+xml', imdn)).toBe(200);
    const compressed = formatCpim([['From', `<sip:bob@${TEST_DOMAIN}>`]], 'message/imdn+xml', 'x\x9c\xcb\x48\xcd\xc9\xc9\x07\x00').replace('Content-Type: message/imdn+xml', 'Content-Type: message/imdn+xml\r\nContent-Transfer-Encoding: deflate');
    expect(await bobSends('message/cpim', compressed)).toBe(200);
    expect(await bobSends('image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2]))).toBe(200);
    expect(await bobSends('message/cpim', formatCpim([['From', `<sip:bob@${TEST_DOMAIN}>`], ['NS', 'imdn <urn:ietf:params:imdn>'], ['imdn.Message-ID', 'x1']], 'text/plain; charset=utf-8', 'hello in CPIM'))).toBe(200);
    const shown = await alice.waitFor('the CPIM text', () => (alice.messages.some((m) => m.text === 'hello in CPIM') ? alice.messages : undefined));
    expect(shown.map((m) => [m.text, m.attachment ?? false])).toEqual([
      ['An attachment of type image/png that SealPhone cannot show', true],
      ['hello in CPIM', false],
    ]);
  });
});
