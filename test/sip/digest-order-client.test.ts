/**
 * The softphone signs in whatever order a server offers its digest algorithms (issue 18 item 2): a server told
 * `--digest-algorithms MD5,SHA-256` for desk phones puts SHA-256 last, the line JsSIP would answer and refuse;
 * src/sip/challenge-order.ts moves the MD5 line last. JsSIP client in Node against the real server over WebSocket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, type ClientUnderTest } from './sip-client-harness.ts';

let server: TestServer;
let releaseStandIns: () => void;
const clients: ClientUnderTest[] = [];

beforeAll(async () => {
  releaseStandIns = installWebRtcStandIns();
  server = await startTestServer({ digestAlgorithms: ['MD5', 'SHA-256'] });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.client.signOut()));
});

afterAll(async () => {
  await server.stop();
  removeDir(server.dir);
  releaseStandIns();
});

describe('a server offering MD5 first', () => {
  it('still registers the softphone, answering the MD5 challenge', async () => {
    const alice = makeClient('alice');
    clients.push(alice);
    await signIn(alice, server);
    expect(alice.client.registrationState).toBe('registered');
    const challenge = alice.trace.find((e) => e.direction === 'in' && e.text.startsWith('SIP/2.0 401'))[0]!.text;
    expect(challenge.indexOf('algorithm=MD5')).toBeLessThan(challenge.indexOf('algorithm=SHA-256')); // the server's order, on the wire
    const answered = alice.trace.find((e) => e.direction === 'out' && /^Authorization:/m.test(e.text))[0]!.text;
    expect(answered).toMatch(/^Authorization: Digest .*algorithm=MD5/m);
  });
});
