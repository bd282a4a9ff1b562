/** createAppStore tells the services what the pure decisions say: the ringer only on a change, notifications, devices. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { afterThisTask } from '../../src/stores/after-this-task.ts';
import type { CallInfo } from '../../src/sip/sip-client.ts';
import { signedIn, testDeps } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';

describe('app store alerts', () => {
  it('tells the ringer only when the tone changes, after the task that changed it', async () => {
    const { store, sip, deps } = await signedIn();
    await store.getState().startCall('bob', { video: false });
    const out = sip.callInfo({ id: 'c1', direction: 'outgoing', peer: BOB, state: 'ringing' });
    // Each SIP event comes in a task of its own.
    const event = async (call: CallInfo) => {
      sip.emit('call', call);
      await afterThisTask();
    };
    sip.emit('call', out);
    expect(deps.ringer.played).toEqual([]); // not within the task that brought the ringing: the screen comes first
    await afterThisTask();
    expect(deps.ringer.played).toEqual(['ringback']);
    await event({ ...out, peerDisplayName: 'Bob' });
    await event({ ...out, state: 'connected', connectedAt: 2000 });
    await event(sip.callInfo({ id: 'in', direction: 'incoming', peer: 'sip:carol@sealphone.test' }));
    store.getState().decline('in');
    await event(sip.callInfo({ id: 'in', direction: 'incoming', peer: 'sip:carol@sealphone.test', state: 'ended' }));
    await event({ ...out, state: 'ended', endedAt: 3000 });
    await event(sip.callInfo({ id: 'in2', direction: 'incoming', peer: BOB }));
    expect(deps.ringer.played).toEqual(['ringback', null, 'call-waiting', null, 'ringtone']);
    store.dispose();
    expect(deps.ringer.played.at(-1)).toBeNull(); // at once
  });

  it('tones changed and changed back within one task do not reach the ringer', async () => {
    const { sip, deps } = await signedIn();
    const ringing = sip.callInfo({ id: 'in', direction: 'incoming', peer: BOB });
    sip.emit('call', ringing);
    sip.emit('call', { ...ringing, state: 'ended', endedAt: 1 });
    await afterThisTask();
    expect(deps.ringer.played).toEqual([]);
  });

  it('stops ringing on sign-out', async () => {
    const { store, sip, deps } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: BOB }));
    await afterThisTask();
    await store.getState().signOut();
    await afterThisTask();
    expect(deps.ringer.played).toEqual(['ringtone', null]);
  });

  it('asks for the notification permission once, when Sign in is pressed', async () => {
    const deps = testDeps();
    const store = createAppStore(deps);
    const signingIn = store.getState().signIn({ serverUrl: deps.defaultServerUrl, aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
    // Synchronously, still inside the click.
    expect(deps.notifications.permissionRequests).toBe(1);
    await signingIn;
    expect(deps.notifications.permissionRequests).toBe(1);
  });

  it('shows a call and a message while hidden and closes the call once answered', async () => {
    const { store, sip, deps } = await signedIn();
    deps.notifications.env = { visible: false, permission: 'granted' };
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: BOB }));
    sip.emit('message', { id: 'm1', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'Pick up!', at: 1, state: 'received' });
    await store.getState().answer('in');
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: BOB, state: 'connecting' }));
    expect(deps.notifications.shown.map((n) => n.title)).toEqual(['Incoming call from bob@sealphone.test', 'Message from bob@sealphone.test']);
    expect(deps.notifications.closed).toEqual(['call:in']);
  });

  it('shows nothing while visible', async () => {
    const { sip, deps } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: BOB }));
    sip.emit('message', { id: 'm1', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'hi', at: 1, state: 'received' });
    expect(deps.notifications.shown).toEqual([]);
  });

  it('lists devices on sign-in and on devicechange', async () => {
    const { deps } = await signedIn();
    expect(deps.mediaDevices.lists).toBe(1);
    deps.mediaDevices.change(deps.mediaDevices.devices.slice(0, 2));
    expect(deps.mediaDevices.lists).toBe(2);
  });
});
