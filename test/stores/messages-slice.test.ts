import { describe, expect, it } from 'vitest';
import { messageSelectors, messageStateText } from '../../src/stores/messages-slice.ts';
import { directorySelectors } from '../../src/stores/directory-slice.ts';
import { createAppStore } from '../../src/stores/app-store.ts';
import { createMemoryDirectory } from '../../src/services/directory.ts';
import { signedIn, testDeps } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';

describe('messages slice', () => {
  it('keeps sent messages per contact and moves them to delivered', async () => {
    const { store, sip } = await signedIn();
    await store.getState().sendMessage('bob', 'hello');
    const [sent] = messageSelectors.forPeer(BOB)(store.getState());
    expect(sent).toMatchObject({ text: 'hello', state: 'sending' });
    sip.emit('message', { ...sent!, state: 'delivered' });
    expect(messageSelectors.forPeer(BOB)(store.getState()).map(messageStateText)).toEqual(['Delivered']);
    expect(directorySelectors.contacts(store.getState()).map((c) => c.aor)).toEqual([BOB]);
  });

  it('starts the MESSAGE within the click, and changes the store (so the page) only after that task', async () => {
    const { store, sip } = await signedIn();
    const contacts = directorySelectors.contacts(store.getState());
    const sending = store.getState().sendMessage('bob', 'first things first');
    // Synchronously: the request (and with a key, its encryption) is under way, nothing re-renders yet.
    expect(sip.log.at(-1)).toBe(`message ${BOB} first things first`);
    expect(messageSelectors.forPeer(BOB)(store.getState())).toEqual([]);
    expect(directorySelectors.contacts(store.getState())).toBe(contacts);
    await sending;
    expect(messageSelectors.forPeer(BOB)(store.getState()).map((m) => m.state)).toEqual(['sending']);
    expect(directorySelectors.contacts(store.getState()).map((c) => c.aor)).toEqual([BOB]);
  });

  it('a message being written is prepared for encryption, as Send would send it (trimmed), only when this device has its key ready', async () => {
    const { store, sip } = await signedIn();
    store.getState().draftMessage('bob', 'h');
    expect(sip.background.filter((b) => b.startsWith('prepare'))).toEqual([]);
    store.setState({ ownKey: { ...store.getState().ownKey, status: 'ready' } });
    for (const text of ['h', 'hi ', ' hi there', '']) store.getState().draftMessage('bob', text);
    expect(sip.background.filter((b) => b.startsWith('prepare'))).toEqual([`prepare ${BOB} h`, `prepare ${BOB} hi`, `prepare ${BOB} hi there`, `prepare ${BOB}`]);
  });

  it('does not downgrade a delivered message when the send result comes late', async () => {
    const { store, sip } = await signedIn();
    const msg = { id: 'm1', direction: 'outgoing' as const, peer: BOB, contentType: 'text/plain', text: 'x', at: 1 };
    sip.emit('message', { ...msg, state: 'delivered' });
    store.getState().receiveMessage({ ...msg, state: 'sending' });
    expect(messageSelectors.forPeer(BOB)(store.getState())[0]?.state).toBe('delivered');
  });

  // 480 waits for the person instead (test/stores/message-outbox.test.ts); 410 Gone is final.
  it('shows a clear failure for a message to a user that is gone', async () => {
    const { store, sip } = await signedIn();
    await store.getState().sendMessage('bob', 'are you there?');
    const [sent] = messageSelectors.forPeer(BOB)(store.getState());
    sip.emit('message', { ...sent!, state: 'failed', failure: { kind: 'unavailable', status: 410, detail: 'Gone' } });
    expect(messageStateText(messageSelectors.forPeer(BOB)(store.getState())[0]!)).toBe('Not delivered: bob@sealphone.test is offline: the message was not delivered.');
  });

  it('keeps a message that could not even be sent, as failed', async () => {
    const { store, sip } = await signedIn();
    sip.messageFailure = { kind: 'other', detail: 'not signed in' };
    await store.getState().sendMessage('bob', 'hi');
    expect(messageSelectors.forPeer(BOB)(store.getState())[0]).toMatchObject({ state: 'failed', text: 'hi' });
  });

  it('counts unread incoming messages outside the open conversation', async () => {
    const { store, sip } = await signedIn();
    const incoming = (id: string) => ({ id, direction: 'incoming' as const, peer: '"Bob" <sip:bob@sealphone.test>', contentType: 'text/plain', text: id, at: 1, state: 'received' as const });
    store.getState().openConversation('carol@sealphone.test');
    sip.emit('message', incoming('a'));
    expect(messageSelectors.unread(BOB)(store.getState())).toBe(1);
    store.getState().openConversation('bob@sealphone.test');
    expect(messageSelectors.unread(BOB)(store.getState())).toBe(0);
    sip.emit('message', incoming('b'));
    expect(messageSelectors.unread(BOB)(store.getState())).toBe(0);
    expect(messageSelectors.forPeer(BOB)(store.getState()).map((m) => m.text)).toEqual(['a', 'b']);
  });
});

it('opens the conversation of the first incoming message when none is open', async () => {
  const { store, sip } = await signedIn();
  sip.emit('message', { id: 'x', direction: 'incoming', peer: 'sip:bob@sealphone.test', contentType: 'text/plain', text: 'hi', at: 1, state: 'received' });
  expect(directorySelectors.selectedPeer(store.getState())).toBe(BOB);
  expect(directorySelectors.target(store.getState())).toBe('bob@sealphone.test');
});

describe('directory slice', () => {
  it('loads contacts and history of the signed-in account on sign-in', async () => {
    const directory = createMemoryDirectory();
    await directory.saveContact('sip:alice@sealphone.test', { aor: 'sip:carol@sealphone.test', lastActivityAt: 1 });
    await directory.saveContact('sip:zed@sealphone.test', { aor: 'sip:bob@sealphone.test', lastActivityAt: 1 });
    const deps = testDeps({ directory });
    const store = createAppStore(deps);
    await store.getState().signIn({ serverUrl: deps.defaultServerUrl, aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
    expect(directorySelectors.contacts(store.getState()).map((c) => c.aor)).toEqual(['sip:carol@sealphone.test']);
  });
});
