/** The messages slice with the outbox and the encrypted history: waiting for someone offline, and kept over a reload. */
import { webcrypto } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistoryRecords } from '../../src/services/history-records.ts';
import { createMessageHistory } from '../../src/services/message-history.ts';
import type { MessageInfo } from '../../src/sip/sip-client.ts';
import { createAppStore } from '../../src/stores/app-store.ts';
import { messageSelectors, messageStateText, type ConversationMessage } from '../../src/stores/messages-slice.ts';
import { signedIn, testDeps } from './test-deps.ts';

const ALICE = 'sip:alice@sealphone.test';
const BOB = 'sip:bob@sealphone.test';
const OFFLINE = { kind: 'unavailable', status: 480, detail: '480 Temporarily Unavailable' } as const;
const conversation = (store: Awaited<ReturnType<typeof signedIn>>['store']) => messageSelectors.forPeer(BOB)(store.getState());
const messagesSent = (log: string[]) => log.filter((l) => l.startsWith('message '));

describe('a message to someone offline', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  /** Bob offline: the first MESSAGE is refused with 480. */
  async function refusedOnce() {
    const setup = await signedIn();
    await setup.store.getState().sendMessage('bob', 'are you there?');
    const [sent] = conversation(setup.store);
    setup.sip.emit('message', { ...(sent as MessageInfo), state: 'failed', failure: OFFLINE });
    return { ...setup, sent: sent! };
  }

  it('waits for the person (not a failure), and each attempt is a new MESSAGE, sealed anew', async () => {
    const { store, sip, sent } = await refusedOnce();
    expect(conversation(store)).toMatchObject([{ id: sent.id, state: 'waiting', at: sent.at }]);
    expect(messageStateText(conversation(store)[0]!)).toBe('Waiting for bob@sealphone.test');

    vi.advanceTimersByTime(5_000);
    expect(messagesSent(sip.log)).toEqual([`message ${BOB} are you there?`, `message ${BOB} are you there?`]);
    await Promise.resolve();
    // The second attempt (a MessageInfo of its own) is refused too: 10 s until the next.
    sip.emit('message', { ...(sent as MessageInfo), id: 'm2', state: 'failed', failure: { kind: 'timeout', status: 408, detail: '408 Request Timeout' } });
    expect(conversation(store)).toMatchObject([{ id: sent.id, state: 'waiting' }]);
    vi.advanceTimersByTime(9_999);
    expect(messagesSent(sip.log)).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(messagesSent(sip.log)).toHaveLength(3);
    await Promise.resolve();
    sip.emit('message', { ...(sent as MessageInfo), id: 'm3', state: 'delivered' });
    expect(conversation(store)).toMatchObject([{ id: sent.id, state: 'delivered', at: sent.at }]);
    vi.advanceTimersByTime(600_000);
    expect(messagesSent(sip.log)).toHaveLength(3);
  });

  it('is sent again at once when we register again', async () => {
    const { store, sip } = await refusedOnce();
    sip.emit('registration', 'unregistered');
    vi.advanceTimersByTime(60_000);
    expect(messagesSent(sip.log)).toHaveLength(1);
    sip.emit('registration', 'registered');
    expect(messagesSent(sip.log)).toHaveLength(2);
    expect(conversation(store)[0]!.state).toBe('waiting');
  });

  it('is sent again at once when the person is seen online: a message of theirs comes in', async () => {
    const { sip } = await refusedOnce();
    sip.emit('message', { id: 'in1', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'back!', at: 2, state: 'received' });
    expect(messagesSent(sip.log)).toHaveLength(2);
    vi.advanceTimersByTime(4_999);
    expect(messagesSent(sip.log)).toHaveLength(2);
  });

  it('a refusal for want of encryption is final, never tried again', async () => {
    const { store, sip, sent } = await refusedOnce();
    vi.advanceTimersByTime(5_000);
    await Promise.resolve();
    sip.emit('message', { ...(sent as MessageInfo), id: 'm2', state: 'failed', failure: { kind: 'encryption-required', status: 488, detail: '488 Not Acceptable Here' } });
    expect(conversation(store)).toMatchObject([{ id: sent.id, state: 'failed', failure: { kind: 'encryption-required' } }]);
    vi.advanceTimersByTime(600_000);
    expect(messagesSent(sip.log)).toHaveLength(2);
  });

  it('a lost connection while sending also waits; a refusal that is not about being offline does not', async () => {
    const { store, sip } = await signedIn();
    sip.messageFailure = { kind: 'network', detail: 'Connection Error' };
    await store.getState().sendMessage('bob', 'one');
    sip.messageFailure = { kind: 'not-found', status: 404, detail: '404 Not Found' };
    await store.getState().sendMessage('bob', 'two');
    expect(conversation(store).map((m) => [m.text, m.state])).toEqual([
      ['one', 'waiting'],
      ['two', 'failed'],
    ]);
  });

  it('can be cancelled: taken out of the conversation and never sent', async () => {
    const { store, sip, sent } = await refusedOnce();
    store.getState().cancelMessage(BOB, sent.id);
    expect(conversation(store)).toEqual([]);
    vi.advanceTimersByTime(600_000);
    expect(messagesSent(sip.log)).toHaveLength(1);
  });
});

describe('conversations kept on the device', () => {
  it('come back at sign-in (a reload), marked as restored, a waiting one sent again at once', async () => {
    const messageHistory = createMessageHistory<ConversationMessage>(createMemoryHistoryRecords(), webcrypto as unknown as Crypto);
    const first = await signedIn({ messageHistory });
    first.sip.emit('message', { id: 'in1', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'hello', at: 1, state: 'received', protection: { encrypted: true, verifiedPeer: BOB } });
    await first.store.getState().sendMessage('bob', 'later?');
    const [, sent] = conversation(first.store);
    first.sip.emit('message', { ...(sent as MessageInfo), state: 'failed', failure: OFFLINE });
    await vi.waitFor(async () => expect((await messageHistory.load(ALICE)).map((m) => m.state)).toEqual(['received', 'waiting']));

    const deps = testDeps({ messageHistory });
    const store = createAppStore(deps);
    await store.getState().signIn({ serverUrl: deps.defaultServerUrl, aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
    expect(conversation(store)).toMatchObject([
      { id: 'in1', text: 'hello', state: 'received', restored: true, protection: { encrypted: true, verifiedPeer: BOB } },
      { id: sent!.id, text: 'later?', state: 'waiting', restored: true },
    ]);
    expect(messagesSent(deps.sip.log)).toEqual([`message ${BOB} later?`]);
    // Restored messages raise no notification: they were new once, not now.
    expect(deps.notifications.shown).toEqual([]);
  });

  it('are deleted, key and all, at sign-out when asked, and kept otherwise', async () => {
    const records = createMemoryHistoryRecords();
    const messageHistory = createMessageHistory<ConversationMessage>(records, webcrypto as unknown as Crypto);
    const { store, sip } = await signedIn({ messageHistory });
    sip.emit('message', { id: 'in1', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'hello', at: 1, state: 'received' });
    await store.getState().signOut();
    expect(records.records.size).toBe(1);
    expect(conversation(store)).toEqual([]);
    await store.getState().signIn({ serverUrl: 'ws://127.0.0.1:18080/sip', aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
    expect(conversation(store).map((m) => m.text)).toEqual(['hello']);
    await store.getState().signOut({ deleteHistory: true });
    expect(records.records.size).toBe(0);
    expect(records.keys.size).toBe(0);
  });

  it('keeps at most 500 messages per person', async () => {
    const records = createMemoryHistoryRecords();
    const messageHistory = createMessageHistory<ConversationMessage>(records, webcrypto as unknown as Crypto);
    const { store, sip } = await signedIn({ messageHistory });
    for (let i = 0; i < 502; i++) sip.emit('message', { id: `in${i}`, direction: 'incoming', peer: BOB, contentType: 'text/plain', text: `#${i}`, at: i, state: 'received' });
    expect(conversation(store)).toHaveLength(500);
    expect(conversation(store)[0]!.text).toBe('#2');
    await store.getState().signOut();
    expect(records.records.size).toBe(500);
    expect(records.records.has(JSON.stringify(['sip:alice@sealphone.test', 'in1']))).toBe(false);
  });
});
