/**
 * The JsSIP SipClient against the real SealPhone server over WebSocket, in Node (signalling only: WebRTC stand-ins
 * from jssip-node.ts, no media flows; media is the Playwright suite's job).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SipClientError } from '../../src/sip/sip-client.ts';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, startServerAt, type ClientUnderTest } from './sip-client-harness.ts';

let server: TestServer;
let releaseStandIns: () => void;
const clients: ClientUnderTest[] = [];

function client(user: string, options?: Parameters<typeof makeClient>[1]): ClientUnderTest {
  const c = makeClient(user, options);
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

describe('sign in', () => {
  it('connects and registers', async () => {
    const alice = client('alice');
    await signIn(alice, server);
    expect(alice.client.connectionState).toBe('connected');
    expect(alice.client.registrationState).toBe('registered');
    expect(alice.connections).toEqual(['connecting', 'connected']);
    expect(alice.registrations.map((r) => r.state)).toEqual(['registering', 'registered']);
    const register = alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('REGISTER '));
    expect(register[0]?.text).toMatch(/^Expires: 600\r$/m);
  });

  it('a wrong password: registration failed with kind authentication', async () => {
    const alice = client('alice');
    const error = await alice.client.signIn({ serverUrl: `ws://127.0.0.1:${server.httpPort}/sip`, aor: alice.aor, password: 'wrong' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipClientError);
    expect((error as SipClientError).failure.kind).toBe('authentication');
    expect(alice.registrations.at(-1)?.state).toBe('failed');
    expect(alice.registrations.at(-1)?.failure?.kind).toBe('authentication');
    expect(alice.client.connectionState).toBe('disconnected');
  });

  it('a server that is not there: rejects with kind network', async () => {
    const alice = client('alice');
    const error = await alice.client.signIn({ serverUrl: 'ws://127.0.0.1:9/sip', aor: alice.aor, password: 'x' }).catch((e: unknown) => e);
    expect((error as SipClientError).failure.kind).toBe('network');
    expect(alice.client.connectionState).toBe('disconnected');
  });
});

describe('messages', () => {
  it('alice -> bob: delivered at alice, received at bob', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    const sent = await alice.client.sendMessage('bob', 'hello bob ☎');
    expect(sent).toMatchObject({ direction: 'outgoing', peer: bob.aor, state: 'sending', text: 'hello bob ☎' });
    const received = await bob.waitFor('the message', () => bob.messages.find((m) => m.state === 'received'));
    expect(received).toMatchObject({ direction: 'incoming', peer: alice.aor, text: 'hello bob ☎', contentType: 'text/plain' });
    const delivered = await alice.waitFor('delivered', () => alice.messages.find((m) => m.id === sent.id && m.state === 'delivered'));
    expect(delivered.failure).toBeUndefined();
  });

  it('to carol, who is offline: failed with kind unavailable', async () => {
    const alice = client('alice');
    await signIn(alice, server);
    const sent = await alice.client.sendMessage(`sip:carol@sealphone.test`, 'anyone?');
    const failed = await alice.waitFor('failed', () => alice.messages.find((m) => m.id === sent.id && m.state === 'failed'));
    expect(failed.failure).toMatchObject({ kind: 'unavailable', status: 480 });
  });
});

describe('calls', () => {
  it('a browser that cannot even ask for the microphone (getUserMedia throws at once): the call ends with a media failure', async () => {
    const alice = client('alice', {
      getUserMedia: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'getUserMedia')");
      },
    });
    await signIn(alice, server);
    const id = await alice.client.call('bob', { video: false });
    const ended = await alice.waitFor('the call ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(ended.failure).toMatchObject({ kind: 'media' });
  });

  it('alice calls bob: ringing -> connected -> ended on both sides', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    const id = await alice.client.call('bob', { video: false });
    const incoming = await bob.waitFor('an incoming call', () => bob.calls.find((c) => c.direction === 'incoming' && c.state === 'ringing'));
    expect(incoming).toMatchObject({ peer: alice.aor, video: false, muted: false, onHold: false });
    await alice.waitFor('ringing', () => alice.calls.find((c) => c.id === id && c.state === 'ringing'));
    await bob.client.answer(incoming.id, { video: false });
    await alice.waitFor('connected', () => alice.calls.find((c) => c.id === id && c.state === 'connected'));
    await bob.waitFor('connected', () => bob.calls.find((c) => c.id === incoming.id && c.state === 'connected'));

    alice.client.setMuted(id, true);
    expect(alice.calls.at(-1)).toMatchObject({ id, muted: true });

    await alice.client.setHold(id, true);
    expect(alice.calls.at(-1)).toMatchObject({ id, onHold: true });
    await bob.waitFor('remote hold', () => bob.calls.find((c) => c.id === incoming.id && c.remoteHold));
    await alice.client.setHold(id, false);
    await bob.waitFor('remote unhold', () => (bob.calls.at(-1)?.remoteHold === false ? true : undefined));

    alice.client.hangUp(id);
    const aliceEnd = await alice.waitFor('ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    const bobEnd = await bob.waitFor('ended', () => bob.calls.find((c) => c.id === incoming.id && c.state === 'ended'));
    expect(aliceEnd.failure).toBeUndefined();
    // alice's BYE: bob's screen says who ended it (issue 17), no fault of anyone's.
    expect(bobEnd.failure).toEqual({ kind: 'hung-up', detail: 'BYE' });
    expect(alice.calls.filter((c) => c.id === id).map((c) => c.state)).toEqual(expect.arrayContaining(['connecting', 'ringing', 'connected', 'ended']));
  });

  it('bob declines: alice sees busy (486)', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    const id = await alice.client.call('bob', { video: false });
    const incoming = await bob.waitFor('an incoming call', () => bob.calls.find((c) => c.state === 'ringing'));
    bob.client.hangUp(incoming.id, { decline: true });
    const ended = await alice.waitFor('ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(ended.failure).toMatchObject({ kind: 'busy', status: 486 });
    const bobEnd = await bob.waitFor('ended', () => bob.calls.find((c) => c.id === incoming.id && c.state === 'ended'));
    expect(bobEnd.failure).toBeUndefined();
  });

  it('alice cancels while ringing: bob sees the call end', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server), signIn(bob, server)]);
    const id = await alice.client.call('bob', { video: false });
    const incoming = await bob.waitFor('an incoming call', () => bob.calls.find((c) => c.state === 'ringing'));
    await alice.waitFor('ringing', () => alice.calls.find((c) => c.id === id && c.state === 'ringing'));
    alice.client.hangUp(id);
    const bobEnd = await bob.waitFor('ended', () => bob.calls.find((c) => c.id === incoming.id && c.state === 'ended'));
    expect(bobEnd.failure?.kind).toBe('canceled');
    expect(alice.calls.at(-1)).toMatchObject({ id, state: 'ended' });
  });

  it('calling carol, who is offline: unavailable', async () => {
    const alice = client('alice');
    await signIn(alice, server);
    const id = await alice.client.call('carol', { video: false });
    const ended = await alice.waitFor('ended', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(ended.failure).toMatchObject({ kind: 'unavailable', status: 480 });
  });
});

describe('server restart', () => {
  it('reconnects with backoff and registers again by itself', async () => {
    // startTestServer makes the users in a fresh dir; our own instance on that dir lets us keep the port.
    const seed = await startTestServer();
    await seed.stop();
    let current = await startServerAt(seed.dir, 0);
    try {
      const alice = client('alice');
      await signIn(alice, current);
      const port = current.httpPort;
      await current.stop();
      await alice.waitFor('reconnecting', () => (alice.connections.includes('reconnecting') ? true : undefined));
      expect(alice.client.connectionState).toBe('reconnecting');
      await alice.waitFor('unregistered', () => (alice.client.registrationState === 'unregistered' ? true : undefined));
      current = await startServerAt(current.dir, port);
      await alice.waitFor('connected again', () => (alice.client.connectionState === 'connected' ? true : undefined), 10_000);
      await alice.waitFor('registered again', () => (alice.client.registrationState === 'registered' ? true : undefined), 10_000);
      expect(alice.connections.slice(-2)).toEqual(['reconnecting', 'connected']);
      expect(alice.registrations.map((r) => r.state).slice(-3)).toEqual(['unregistered', 'registering', 'registered']);
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.client.signOut()));
      await current.stop();
      removeDir(current.dir);
    }
  }, 20_000);
});
