/**
 * Do not disturb over real signalling (JsSIP in Node against the SealPhone server): bob's user agent answers 486 Busy
 * Here with `Reason: SIP;cause=486;text="Do not disturb"` (RFC 3326 section 2) before any 180, and alice's call ends
 * saying so, not "busy".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, type ClientUnderTest } from './sip-client-harness.ts';

let server: TestServer;
let releaseStandIns: () => void;
const clients: ClientUnderTest[] = [];

function client(user: string): ClientUnderTest {
  const c = makeClient(user);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  releaseStandIns = installWebRtcStandIns();
  server = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.client.signOut()));
});

afterAll(async () => {
  await server.stop();
  removeDir(server.dir);
  releaseStandIns();
});

describe('do not disturb', () => {
  it('bob refuses with 486 and a Reason header, never rings; alice is told he does not take calls', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    bob.client.setDoNotDisturb(true);

    const id = await alice.client.call('bob', { video: false });
    const ended = await alice.waitFor('ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(ended.failure).toMatchObject({ kind: 'do-not-disturb', status: 486 });

    const refusal = await bob.trace.waitFor((e) => e.direction === 'out' && e.text.startsWith('SIP/2.0 486'), { what: 'the 486' });
    expect(refusal.text).toMatch(/^Reason: SIP;cause=486;text="Do not disturb"\r$/m);
    expect(bob.trace.find((e) => e.direction === 'out' && e.text.startsWith('SIP/2.0 180'))).toEqual([]);

    const bobCalls = bob.calls.filter((c) => c.direction === 'incoming');
    expect(bobCalls.map((c) => c.state)).toEqual(['ended']);
    expect(bobCalls[0]).toMatchObject({ peer: alice.aor, failure: { kind: 'do-not-disturb', status: 486 } });
  });

  it('once turned off, calls ring again', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    bob.client.setDoNotDisturb(true);
    bob.client.setDoNotDisturb(false);
    await alice.client.call('bob', { video: false });
    await bob.waitFor('a ringing call', () => bob.calls.find((c) => c.direction === 'incoming' && c.state === 'ringing'));
  });

  it('a plain 486 (a declined call) is still busy', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    const id = await alice.client.call('bob', { video: false });
    const incoming = await bob.waitFor('an incoming call', () => bob.calls.find((c) => c.state === 'ringing'));
    bob.client.hangUp(incoming.id, { decline: true });
    const ended = await alice.waitFor('ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(ended.failure?.kind).toBe('busy');
  });
});
