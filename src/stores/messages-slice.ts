/**
 * Page-mode messages per contact, with sending/waiting/delivered/failed state; unread counts for other conversations.
 * The conversations are kept on the device, encrypted (services/message-history.ts), loaded at sign-in; a message
 * refused because the person is offline waits in the outbox (outbox.ts) and is sent again, each time as a new MESSAGE
 * (signed and encrypted anew, with a fresh Date and Call-ID, so that the receiver's replay protection takes it).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { MessageInfo } from '../sip/sip-client.ts';
import { afterThisTask } from './after-this-task.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { bounded, isRetryable, mergeHistory, restore, type ConversationMessage } from './conversation-history.ts';
import { describeFailure, failureOf } from './describe-failure.ts';
import { createOutbox } from './outbox.ts';
import { displayAor, domainOf, normalizeAor, peerKey } from './sip-address.ts';

export type { ConversationMessage } from './conversation-history.ts';

export interface MessagesSlice {
  messages: { byPeer: Record<string, ConversationMessage[]>; unread: Record<string, number> };
  /**
   * Sends `text` to `peer`. `allowClear`: the user chose to send it without end-to-end encryption although only
   * encrypted messages are wanted (never implied); `replaces` is the failed message it is sent again for.
   */
  sendMessage: (peer: string, text: string, options?: { allowClear?: boolean; replaces?: string }) => Promise<void>;
  /**
   * The person is writing `text` to `peer`: an encrypted message is prepared meanwhile, its keys from the first
   * character and the text itself as it stands (SipClient.prepareMessage), as Send would send it (trimmed).
   */
  draftMessage: (peer: string, text: string) => void;
  receiveMessage: (message: MessageInfo) => void;
  /** Takes a waiting message out of the outbox and the conversation: it is not sent. */
  cancelMessage: (peer: string, id: string) => void;
  /** The conversations kept on this device for `owner`, shown again; waiting messages go back into the outbox. */
  loadMessages: (owner: string) => Promise<void>;
  /** Registered or not: coming online sends the waiting messages again at once. */
  messagesOnline: (online: boolean) => void;
  /** Forgets the conversations on screen (sign-out); `deleteStored` also deletes them, and their key, from the device. */
  resetMessages: (options?: { deleteStored?: string }) => Promise<void>;
}

const ORDER: Record<ConversationMessage['state'], number> = { sending: 0, waiting: 1, delivered: 1, failed: 1, received: 1 };

export const createMessagesSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], MessagesSlice> =>
  (set, get) => {
    let localIds = 0;
    /** The account whose conversations are shown and kept (set at sign-in, null after sign-out). */
    let owner: string | null = null;
    /** Each attempt to send a waiting message again is a MESSAGE of its own: its id -> the waiting message's id. */
    const attempts = new Map<string, string>();
    /** Attempts under way whose MESSAGE id is not known yet (its outcome may come before sendMessage returns). */
    const unmatched: { id: string; peer: string; text: string }[] = [];
    const outbox = createOutbox({ attempt: (id) => void sendAgain(id) });
    const warn = (what: string) => (error: unknown) => console.warn(`messages: cannot ${what}`, error);
    /** `peer` as typed (a user name alone means our own domain), or null when it is not an address. */
    const peerAor = (peer: string) => normalizeAor(peer, domainOf(normalizeAor(get().session.aor) ?? ''));
    const find = (id: string): ConversationMessage | undefined => {
      for (const list of Object.values(get().messages.byPeer)) {
        const found = list.find((m) => m.id === id);
        if (found) return found;
      }
      return undefined;
    };
    /**
     * Changes to the device's copy, one at a time and in order (docs/style.md, mediasoup-client: a queue), so that a
     * message's later state is never overwritten by an earlier one; each after this task, so that a message shown or
     * sent in it does not wait for IndexedDB.
     */
    let stored: Promise<void> = Promise.resolve();
    const store = (what: string, change: () => Promise<void>) => {
      stored = stored.then(afterThisTask).then(change).catch(warn(what));
      return stored;
    };
    /** Whose device copy a change goes to: the loaded account, or the one signing in (a message before the load). */
    const currentAccount = () => owner ?? (get().session.status === 'signed-out' ? null : normalizeAor(get().session.aor));
    const persist = (message: ConversationMessage) => {
      const account = currentAccount();
      if (!account) return;
      const { restored: _restored, ...value } = message;
      void store('keep a message', () => deps.messageHistory.save(account, value.id, value));
    };
    const unpersist = (messages: ConversationMessage[]) => {
      const account = currentAccount();
      if (account) for (const m of messages) void store('delete a message', () => deps.messageHistory.remove(account, m.id));
    };
    const upsert = (message: ConversationMessage) => {
      const key = peerKey(message.peer);
      const list = get().messages.byPeer[key] ?? [];
      const index = list.findIndex((m) => m.id === message.id);
      const existing = index >= 0 ? list[index] : undefined;
      // A late `sendMessage` result must not turn a delivered/failed message back into "sending".
      if (existing && ORDER[existing.state] > ORDER[message.state]) return;
      const { kept, over } = bounded(existing ? list.map((m, i) => (i === index ? message : m)) : [...list, message]);
      const unread = { ...get().messages.unread };
      if (!existing && message.direction === 'incoming' && get().directory.selectedPeer !== key) unread[key] = (unread[key] ?? 0) + 1;
      set({ messages: { byPeer: { ...get().messages.byPeer, [key]: kept }, unread } });
      persist(message);
      over.forEach((m) => outbox.settled(m.id));
      unpersist(over);
    };
    /** Takes an outgoing message off the conversation (and the device) when it is in one of `states`. */
    const forget = (peer: string, id: string, states: ConversationMessage['state'][]) => {
      const key = peerKey(peer);
      const list = get().messages.byPeer[key] ?? [];
      const gone = list.filter((m) => m.id === id && states.includes(m.state));
      if (gone.length === 0) return;
      set({ messages: { ...get().messages, byPeer: { ...get().messages.byPeer, [key]: list.filter((m) => m.id !== id) } } });
      unpersist(gone);
    };
    /**
     * The outcome of an outgoing MESSAGE, first or later attempt: refused because someone is offline, it waits (and
     * keeps its place and time in the conversation); anything else is final.
     */
    const settle = (message: MessageInfo) => {
      const pending = unmatched.findIndex((u) => u.peer === message.peer && u.text === message.text);
      if (!attempts.has(message.id) && pending >= 0 && !find(message.id)) attempts.set(message.id, unmatched.splice(pending, 1)[0]!.id);
      const id = attempts.get(message.id) ?? message.id;
      attempts.delete(message.id);
      const original = id === message.id ? undefined : find(id);
      if (id !== message.id && original?.state !== 'waiting') return; // cancelled meanwhile
      const shown: ConversationMessage = { ...message, id, at: original?.at ?? message.at };
      if (message.state === 'failed' && isRetryable(message.failure)) {
        upsert({ ...shown, state: 'waiting' });
        outbox.wait(id);
        return;
      }
      outbox.settled(id);
      upsert(shown);
      if (message.state === 'delivered') peerIsOnline(message.peer);
    };
    /**
     * The person was seen online (a message of theirs came in, or one of ours was delivered): what waits for them is
     * tried at once. The server tells no presence; this is what we observe ourselves.
     */
    const peerIsOnline = (peer: string) => {
      for (const m of get().messages.byPeer[peerKey(peer)] ?? []) if (m.state === 'waiting' && outbox.has(m.id)) outbox.tryNow(m.id);
    };
    /** A waiting message, sent again as a new MESSAGE (sealed anew: fresh signature, Date and Call-ID). */
    const sendAgain = async (id: string) => {
      const message = find(id);
      if (message?.state !== 'waiting') return outbox.settled(id);
      const attempt = { id, peer: message.peer, text: message.text };
      unmatched.push(attempt);
      try {
        const sent = await deps.sip.sendMessage(message.peer, message.text);
        if (unmatched.includes(attempt)) {
          unmatched.splice(unmatched.indexOf(attempt), 1);
          attempts.set(sent.id, id);
        }
      } catch (error) {
        if (unmatched.includes(attempt)) unmatched.splice(unmatched.indexOf(attempt), 1);
        settle({ ...message, state: 'failed', failure: failureOf(error) } as MessageInfo);
      }
    };
    return {
      messages: { byPeer: {}, unread: {} },
      sendMessage: async (peer, text, options = {}) => {
        const body = text.trim();
        const aor = peerAor(peer);
        if (!body || !aor) return;
        if (options.replaces) forget(aor, options.replaces, ['failed']);
        // Started in this click: with the peer's certificate at hand, the MESSAGE (and its encryption) leaves in it; the
        // SipClient waits for a certificate not at hand itself.
        const sending = deps.sip.sendMessage(aor, body, options.allowClear ? { allowClear: true } : {});
        sending.catch(() => undefined); // a failure is shown below, after this task
        // The store changes, and so the re-render, wait for the end of this task: the MESSAGE leaves first.
        await afterThisTask();
        get().touchContact(aor);
        try {
          upsert(await sending);
        } catch (error) {
          settle({ id: `local-${++localIds}-${deps.now()}`, direction: 'outgoing', peer: aor, contentType: 'text/plain', text: body, at: deps.now(), state: 'failed', failure: failureOf(error) });
        }
      },
      draftMessage: (peer, text) => {
        const aor = peerAor(peer);
        if (aor && get().ownKey.status === 'ready') deps.sip.prepareMessage(aor, text.trim());
      },
      receiveMessage: (message) => {
        if (message.direction === 'outgoing' && message.state !== 'sending') return settle(message);
        upsert(message);
        if (message.direction !== 'incoming') return;
        peerIsOnline(message.peer);
        get().touchContact(peerKey(message.peer));
        // With no conversation open, the first incoming message opens its own.
        if (get().directory.selectedPeer === null) get().openConversation(peerKey(message.peer));
      },
      cancelMessage: (peer, id) => {
        outbox.settled(id);
        forget(peer, id, ['waiting']);
      },
      loadMessages: async (account) => {
        owner = account;
        let kept: ConversationMessage[];
        try {
          kept = restore(await deps.messageHistory.load(account));
        } catch (error) {
          warn('load the conversations')(error);
          return;
        }
        if (owner !== account) return;
        const { byPeer, dropped } = mergeHistory(get().messages.byPeer, kept);
        set({ messages: { ...get().messages, byPeer } });
        unpersist(dropped);
        for (const m of kept) if (m.state === 'waiting' && !dropped.includes(m)) outbox.tryNow(m.id);
      },
      messagesOnline: (online) => outbox.setOnline(online),
      resetMessages: async (options = {}) => {
        owner = null;
        outbox.clear();
        attempts.clear();
        unmatched.length = 0;
        set({ messages: { byPeer: {}, unread: {} } });
        const account = options.deleteStored;
        if (account) await store('delete the conversations', () => deps.messageHistory.clear(account));
        else await stored;
      },
    };
  };

const NONE: ConversationMessage[] = [];

export const messageSelectors = {
  forPeer: (peer: string | null) => (s: AppState) => (peer ? (s.messages.byPeer[peer] ?? NONE) : NONE),
  unread: (peer: string) => (s: AppState) => s.messages.unread[peer] ?? 0,
  totalUnread: (s: AppState) => Object.values(s.messages.unread).reduce((a, b) => a + b, 0),
};

export function messageStateText(message: ConversationMessage): string {
  switch (message.state) {
    case 'sending':
      return 'Sending…';
    case 'waiting':
      return `Waiting for ${displayAor(message.peer)}`;
    case 'delivered':
      return 'Delivered';
    case 'received':
      return 'Received';
    case 'failed':
      if (message.failure?.kind === 'not-encrypted') return describeFailure(message.failure, 'message', displayAor(message.peer));
      return `Not delivered: ${message.failure ? describeFailure(message.failure, 'message', displayAor(message.peer)) : 'unknown reason'}`;
  }
}
