/**
 * Reconnection after the server went away, with the JsSIP SipClient in Node against a real server restarted on the
 * same port (issue 17): the first try comes after 0.5-1 s and the tries stay at most 3 s apart (our policy, not
 * JsSIP's whole-second backoff that grew to 16 s and more), and the first thing said on the new WebSocket is the
 * REGISTER, at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, startServerAt } from './sip-client-harness.ts';

let release: () => void;
beforeAll(() => {
  release = installWebRtcStandIns();
});
afterAll(() => release());

it('tries again after 0.5-1 s, then at most 3 s apart, and registers on the new connection at once', async () => {
  const seed = await startTestServer();
  await seed.stop();
  let current = await startServerAt(seed.dir, 0);
  let running = true;
  const attempts: number[] = [];
  const alice = makeClient('alice', { onConnectAttempt: (at) => attempts.push(at) });
  try {
    await signIn(alice, current);
    const port = current.httpPort;
    await current.stop();
    running = false;
    const lostAt = Date.now();
    await alice.waitFor('reconnecting', () => (alice.connections.includes('reconnecting') ? true : undefined));
    const before = attempts.length;
    // Down long enough for four tries: JsSIP's backoff would be waiting up to 16 s by now.
    await alice.waitFor('four tries while the server is down', () => (attempts.length >= before + 4 ? true : undefined), 15_000);
    const tries = attempts.slice(before);
    const gaps = tries.map((t, i) => t - (i === 0 ? lostAt : tries[i - 1]!));
    expect(gaps[0], `first try ${gaps[0]} ms after the loss`).toBeLessThanOrEqual(1_000 + 100);
    expect(Math.max(...gaps), `gaps ${gaps.join(', ')} ms`).toBeLessThanOrEqual(3_000 + 100);

    current = await startServerAt(current.dir, port);
    running = true;
    const ready = Date.now();
    const sentBefore = alice.trace.entries.length;
    await alice.waitFor('registered again', () => (alice.client.registrationState === 'registered' ? true : undefined), 5_000);
    console.log(`registered again ${Date.now() - ready} ms after the server was ready; tries ${gaps.join(', ')} ms apart`);
    const firstOut = alice.trace.find((e) => e.direction === 'out', sentBefore)[0];
    expect(firstOut?.text.split('\r\n')[0]).toMatch(/^REGISTER /);
  } finally {
    await alice.client.signOut();
    if (running) await current.stop();
    removeDir(current.dir);
  }
}, 40_000);
