import { describe, expect, it, vi } from 'vitest';
import { notificationsFor, preview, toneFor } from '../../src/stores/alerts.ts';
import type { NotificationEnvironment } from '../../src/services/notifications.ts';
import type { CallInfo, MessageInfo } from '../../src/sip/sip-client.ts';
import { signedIn } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';
const CAROL = 'sip:carol@sealphone.test';

type CallSketch = Partial<CallInfo> & Pick<CallInfo, 'id' | 'direction' | 'state'>;

async function withCalls(calls: CallSketch[]) {
  const { store, sip } = await signedIn();
  for (const c of calls) sip.emit('call', sip.callInfo({ peer: BOB, ...c }));
  return store.getState();
}

describe('toneFor', () => {
  it.each<[string, CallSketch[], ReturnType<typeof toneFor>]>([
    ['no call', [], null],
    ['an outgoing call before the other end rings', [{ id: 'a', direction: 'outgoing', state: 'connecting' }], null],
    ['an outgoing call ringing at the other end', [{ id: 'a', direction: 'outgoing', state: 'ringing' }], 'ringback'],
    ['an incoming call ringing', [{ id: 'a', direction: 'incoming', state: 'ringing' }], 'ringtone'],
    ['an incoming call being answered', [{ id: 'a', direction: 'incoming', state: 'connecting' }], null],
    ['a connected call', [{ id: 'a', direction: 'outgoing', state: 'connected' }], null],
    ['an ended call', [{ id: 'a', direction: 'incoming', state: 'ended' }], null],
    [
      'a second incoming call while connected',
      [
        { id: 'a', direction: 'outgoing', state: 'connected' },
        { id: 'b', direction: 'incoming', state: 'ringing', peer: CAROL },
      ],
      'call-waiting',
    ],
    [
      'a second incoming call while the first is on hold',
      [
        { id: 'a', direction: 'outgoing', state: 'connected', onHold: true },
        { id: 'b', direction: 'incoming', state: 'ringing', peer: CAROL },
      ],
      'call-waiting',
    ],
    [
      'a second call of ours ringing while the first is on hold',
      [
        { id: 'a', direction: 'incoming', state: 'connected', onHold: true },
        { id: 'b', direction: 'outgoing', state: 'ringing', peer: CAROL },
      ],
      'ringback',
    ],
  ])('%s', async (_name, calls, want) => {
    expect(toneFor(await withCalls(calls))).toBe(want);
  });

  it('goes quiet when the ringing call is answered or ends', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'incoming', peer: BOB }));
    expect(toneFor(store.getState())).toBe('ringtone');
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'incoming', peer: BOB, state: 'connected', connectedAt: 2000 }));
    expect(toneFor(store.getState())).toBeNull();
    sip.emit('call', sip.callInfo({ id: 'b', direction: 'incoming', peer: CAROL }));
    expect(toneFor(store.getState())).toBe('call-waiting');
    sip.emit('call', sip.callInfo({ id: 'b', direction: 'incoming', peer: CAROL, state: 'ended' }));
    expect(toneFor(store.getState())).toBeNull();
  });
});

const hidden: NotificationEnvironment = { visible: false, permission: 'granted' };
const message = (id: string, text: string, peer = BOB): MessageInfo => ({ id, direction: 'incoming', peer, contentType: 'text/plain', text, at: 1, state: 'received' });

describe('notificationsFor', () => {
  async function change(act: (sip: Awaited<ReturnType<typeof signedIn>>['sip']) => void) {
    const { store, sip } = await signedIn();
    const prev = store.getState();
    act(sip);
    return { prev, next: store.getState() };
  }

  it('notifies a new incoming call while hidden, with a tag of its own and kept until closed', async () => {
    const { prev, next } = await change((sip) => sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB })));
    expect(notificationsFor(prev, next, () => hidden)).toEqual({
      show: [{ tag: 'call:in1', title: 'Incoming call from bob@sealphone.test', body: 'Audio call', requireInteraction: true }],
      close: [],
    });
  });

  it('asks the browser about visibility and permission only when there is something to show', async () => {
    const environment = vi.fn(() => hidden);
    const { prev, next } = await change((sip) => sip.emit('message', { ...message('m1', 'sent by us'), direction: 'outgoing', state: 'delivered' }));
    expect(notificationsFor(prev, next, environment)).toEqual({ show: [], close: [] });
    expect(environment).not.toHaveBeenCalled();
    const incoming = await change((sip) => sip.emit('message', message('m2', 'hello')));
    expect(notificationsFor(incoming.prev, incoming.next, environment).show).toHaveLength(1);
    expect(environment).toHaveBeenCalledTimes(1);
  });

  it('names a caller by display name and says so when another call is connected', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'outgoing', peer: CAROL, state: 'connected' }));
    const prev = store.getState();
    sip.emit('call', sip.callInfo({ id: 'b', direction: 'incoming', peer: BOB, peerDisplayName: 'Bob', video: true }));
    const [n] = notificationsFor(prev, store.getState(), () => hidden).show;
    expect(n).toMatchObject({ title: 'Incoming call from Bob', body: 'Video call · bob@sealphone.test · you are in another call' });
  });

  it('notifies each new incoming message while hidden, tagged per peer, the text shortened', async () => {
    const long = 'word '.repeat(60);
    const { prev, next } = await change((sip) => sip.emit('message', message('m1', long)));
    const { show } = notificationsFor(prev, next, () => hidden);
    expect(show).toHaveLength(1);
    expect(show[0]).toMatchObject({ tag: 'message:sip:bob@sealphone.test', title: 'Message from bob@sealphone.test' });
    expect(show[0]!.body.length).toBeLessThanOrEqual(120);
    expect(show[0]!.body).toMatch(/^word word .*…$/);
  });

  it('a second message from the same person has the same tag; another person, another tag', async () => {
    const { store, sip } = await signedIn();
    sip.emit('message', message('m1', 'one'));
    const prev = store.getState();
    sip.emit('message', message('m2', 'two'));
    sip.emit('message', message('m3', 'hi', CAROL));
    const { show } = notificationsFor(prev, store.getState(), () => hidden);
    expect(show.map((n) => [n.tag, n.body])).toEqual([
      ['message:sip:bob@sealphone.test', 'two'],
      ['message:sip:carol@sealphone.test', 'hi'],
    ]);
  });

  it('ignores our own messages and updates of known ones', async () => {
    const { store, sip } = await signedIn();
    sip.emit('message', message('m1', 'one'));
    await store.getState().sendMessage('bob', 'mine');
    const prev = store.getState();
    sip.emit('message', { ...message('m1', 'one') });
    expect(notificationsFor(prev, store.getState(), () => hidden).show).toEqual([]);
  });

  it.each<[string, NotificationEnvironment]>([
    ['the page is visible', { visible: true, permission: 'granted' }],
    ['notifications are denied', { visible: false, permission: 'denied' }],
    ['the permission was never given', { visible: false, permission: 'default' }],
    ['the browser has no notifications', { visible: false, permission: 'unsupported' }],
  ])('shows nothing when %s', async (_name, env) => {
    const { prev, next } = await change((sip) => {
      sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB }));
      sip.emit('message', message('m1', 'hello'));
    });
    expect(notificationsFor(prev, next, () => env).show).toEqual([]);
  });

  it('does not notify the same ringing call twice', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB }));
    const prev = store.getState();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB, peerDisplayName: 'Bob' }));
    expect(notificationsFor(prev, store.getState(), () => hidden)).toEqual({ show: [], close: [] });
  });

  it('closes the notification of a call that stops ringing, visible or not', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB }));
    const prev = store.getState();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: BOB, state: 'ended' }));
    expect(notificationsFor(prev, store.getState(), () => ({ visible: true, permission: 'denied' }))).toEqual({ show: [], close: ['call:in1'] });
  });
});

describe('preview', () => {
  it.each([
    ['short', 'short'],
    ['  spaced\n\nout  text ', 'spaced out text'],
    ['x'.repeat(200), `${'x'.repeat(119)}…`],
  ])('%j -> %j', (text, want) => {
    expect(preview(text)).toBe(want);
  });
});
