/** The in-memory SipClient the store and UI tests use. */
import { describe, expect, it } from 'vitest';
import type { FakeSipClient } from '../../src/sip/fake-sip-client.ts';
import { FakeSipNetwork } from '../../src/sip/fake-sip-network.ts';
import { SipClientError, type CallInfo, type MessageInfo } from '../../src/sip/sip-client.ts';

const URL = 'wss://example.com/sip';

async function signedIn(network: FakeSipNetwork, user: string) {
  const client = network.createClient();
  const calls: CallInfo[] = [];
  const messages: MessageInfo[] = [];
  client.on('call', (c) => calls.push(c));
  client.on('message', (m) => messages.push(m));
  await client.signIn({ serverUrl: URL, aor: `sip:${user}@example.com`, password: `${user}-pw` });
  return { client, calls, messages, last: (id: string) => calls.filter((c) => c.id === id).at(-1) };
}

const network = (): FakeSipNetwork =>
  new FakeSipNetwork({ passwords: { 'sip:alice@example.com': 'alice-pw', 'sip:bob@example.com': 'bob-pw', 'sip:carol@example.com': 'carol-pw' }, serverUrls: [URL] });

describe('FakeSipNetwork', () => {
  it('signs in; a wrong password fails with kind authentication, a wrong URL with kind network', async () => {
    const net = network();
    const { client } = await signedIn(net, 'alice');
    expect([client.connectionState, client.registrationState]).toEqual(['connected', 'registered']);
    const eve = net.createClient();
    const states: string[] = [];
    eve.on('registration', (s) => states.push(s));
    await expect(eve.signIn({ serverUrl: URL, aor: 'sip:bob@example.com', password: 'nope' })).rejects.toMatchObject({ failure: { kind: 'authentication' } });
    expect(states).toEqual(['registering', 'failed']);
    const lost = net.createClient();
    const error = await lost.signIn({ serverUrl: 'wss://elsewhere/sip', aor: 'sip:bob@example.com', password: 'bob-pw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipClientError);
    expect((error as SipClientError).failure.kind).toBe('network');
  });

  it('alice calls bob: ringing, answered, connected; mute, hold, DTMF; hang up ends both', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    const bob = await signedIn(net, 'bob');
    const id = await alice.client.call('bob', { video: true });
    await net.settle();
    expect(alice.last(id)?.state).toBe('ringing');
    const incoming = bob.calls.at(-1)!;
    expect(incoming).toMatchObject({ direction: 'incoming', peer: 'sip:alice@example.com', state: 'ringing', video: true });
    await bob.client.answer(incoming.id, { video: true });
    await net.settle();
    expect(alice.last(id)?.state).toBe('connected');
    expect(bob.last(incoming.id)?.state).toBe('connected');
    alice.client.setMuted(id, true);
    expect(alice.last(id)?.muted).toBe(true);
    await alice.client.setHold(id, true);
    expect(alice.last(id)?.onHold).toBe(true);
    expect(bob.last(incoming.id)?.remoteHold).toBe(true);
    alice.client.sendDtmf(id, '12#');
    expect(net.dtmf.get(id)).toBe('12#');
    alice.client.hangUp(id);
    await net.settle();
    expect(alice.last(id)).toMatchObject({ state: 'ended' });
    expect(bob.last(incoming.id)).toMatchObject({ state: 'ended' });
    expect(bob.last(incoming.id)?.failure).toBeUndefined();
  });

  it('decline -> busy at the caller; cancel -> canceled at the callee; offline -> unavailable', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    const bob = await signedIn(net, 'bob');
    const first = await alice.client.call('bob', { video: false });
    await net.settle();
    bob.client.hangUp(bob.calls.at(-1)!.id, { decline: true });
    await net.settle();
    expect(alice.last(first)?.failure?.kind).toBe('busy');

    const second = await alice.client.call('bob', { video: false });
    await net.settle();
    const leg = bob.calls.at(-1)!;
    alice.client.hangUp(second);
    await net.settle();
    expect(bob.last(leg.id)?.failure?.kind).toBe('canceled');

    const third = await alice.client.call('carol', { video: false });
    await net.settle();
    expect(alice.last(third)?.failure).toMatchObject({ kind: 'unavailable', status: 480 });
  });

  it('configured failures: the next call to bob fails busy', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    await signedIn(net, 'bob');
    net.callFailures.set('sip:bob@example.com', { kind: 'busy', status: 486, detail: '486 Busy Here' });
    const id = await alice.client.call('bob', { video: false });
    await net.settle();
    expect(alice.last(id)?.failure?.kind).toBe('busy');
  });

  it('blind transfer: bob transfers alice to carol; alice calls carol', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    const bob = await signedIn(net, 'bob');
    const carol = await signedIn(net, 'carol');
    await alice.client.call('bob', { video: false });
    await net.settle();
    const leg = bob.calls.at(-1)!;
    await bob.client.answer(leg.id, { video: false });
    await net.settle();
    await bob.client.transfer(leg.id, 'carol');
    await net.settle();
    expect(bob.last(leg.id)?.state).toBe('ended');
    expect(carol.calls.at(-1)).toMatchObject({ direction: 'incoming', peer: 'sip:alice@example.com', state: 'ringing' });
  });

  it('messages: delivered and received; to an offline user failed unavailable', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    const bob = await signedIn(net, 'bob');
    const sent = await alice.client.sendMessage('bob', 'hi');
    expect(sent.state).toBe('sending');
    await net.settle();
    // The sending state is the promise's; events report what became of it.
    expect(alice.messages.filter((m) => m.id === sent.id).map((m) => m.state)).toEqual(['delivered']);
    expect(bob.messages.at(-1)).toMatchObject({ direction: 'incoming', peer: 'sip:alice@example.com', text: 'hi', state: 'received' });
    const lost = await alice.client.sendMessage('carol', 'hello?');
    await net.settle();
    expect(alice.messages.at(-1)).toMatchObject({ id: lost.id, state: 'failed', failure: { kind: 'unavailable' } });
  });

  it('server loss: reconnecting and unregistered, then connected and registered again', async () => {
    const net = network();
    const alice = await signedIn(net, 'alice');
    const states: string[] = [];
    alice.client.on('connection', (s) => states.push(s));
    alice.client.on('registration', (s) => states.push(s));
    net.setDown(true);
    net.setDown(false);
    await net.settle();
    expect(states).toEqual(['reconnecting', 'unregistered', 'connected', 'registering', 'registered']);
  });

  it('a listener that throws does not break the client or other listeners', async () => {
    const net = network();
    const client: FakeSipClient = net.createClient();
    const seen: string[] = [];
    client.on('connection', () => {
      throw new Error('boom');
    });
    client.on('connection', (s) => seen.push(s));
    await client.signIn({ serverUrl: URL, aor: 'sip:alice@example.com', password: 'alice-pw' });
    expect(seen).toEqual(['connecting', 'connected']);
  });
});
