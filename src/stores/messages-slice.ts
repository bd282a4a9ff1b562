/** Page-mode messages per contact, with sending/delivered/failed state; unread counts for other conversations. */
import type { StateCreator } from 'zustand/vanilla';
import type { MessageInfo } from '../sip/sip-client.ts';
import { afterThisTask } from './after-this-task.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { describeFailure, failureOf } from './describe-failure.ts';
import { displayAor, domainOf, normalizeAor, peerKey } from './sip-address.ts';

export interface MessagesSlice {
  messages: { byPeer: Record<string, MessageInfo[]>; unread: Record<string, number> };
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
  resetMessages: () => void;
}

const ORDER: Record<MessageInfo['state'], number> = { sending: 0, delivered: 1, failed: 1, received: 1 };

export const createMessagesSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], MessagesSlice> =>
  (set, get) => {
    let localIds = 0;
    /** `peer` as typed (a user name alone means our own domain), or null when it is not an address. */
    const peerAor = (peer: string) => normalizeAor(peer, domainOf(normalizeAor(get().session.aor) ?? ''));
    const upsert = (message: MessageInfo) => {
      const key = peerKey(message.peer);
      const list = get().messages.byPeer[key] ?? [];
      const index = list.findIndex((m) => m.id === message.id);
      const existing = index >= 0 ? list[index] : undefined;
      // A late `sendMessage` result must not turn a delivered/failed message back into "sending".
      if (existing && ORDER[existing.state] > ORDER[message.state]) return;
      const next = existing ? list.map((m, i) => (i === index ? message : m)) : [...list, message];
      const unread = { ...get().messages.unread };
      if (!existing && message.direction === 'incoming' && get().directory.selectedPeer !== key) unread[key] = (unread[key] ?? 0) + 1;
      set({ messages: { byPeer: { ...get().messages.byPeer, [key]: next }, unread } });
    };
    /** Takes a failed outgoing message off the conversation (it is being sent again). */
    const forget = (peer: string, id: string) => {
      const key = peerKey(peer);
      const list = get().messages.byPeer[key] ?? [];
      if (!list.some((m) => m.id === id && m.state === 'failed')) return;
      set({ messages: { ...get().messages, byPeer: { ...get().messages.byPeer, [key]: list.filter((m) => m.id !== id) } } });
    };
    return {
      messages: { byPeer: {}, unread: {} },
      sendMessage: async (peer, text, options = {}) => {
        const body = text.trim();
        const aor = peerAor(peer);
        if (!body || !aor) return;
        if (options.replaces) forget(aor, options.replaces);
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
          upsert({ id: `local-${++localIds}`, direction: 'outgoing', peer: aor, contentType: 'text/plain', text: body, at: deps.now(), state: 'failed', failure: failureOf(error) });
        }
      },
      draftMessage: (peer, text) => {
        const aor = peerAor(peer);
        if (aor && get().ownKey.status === 'ready') deps.sip.prepareMessage(aor, text.trim());
      },
      receiveMessage: (message) => {
        upsert(message);
        if (message.direction !== 'incoming') return;
        get().touchContact(peerKey(message.peer));
        // With no conversation open, the first incoming message opens its own.
        if (get().directory.selectedPeer === null) get().openConversation(peerKey(message.peer));
      },
      resetMessages: () => set({ messages: { byPeer: {}, unread: {} } }),
    };
  };

const NONE: MessageInfo[] = [];

export const messageSelectors = {
  forPeer: (peer: string | null) => (s: AppState) => (peer ? (s.messages.byPeer[peer] ?? NONE) : NONE),
  unread: (peer: string) => (s: AppState) => s.messages.unread[peer] ?? 0,
  totalUnread: (s: AppState) => Object.values(s.messages.unread).reduce((a, b) => a + b, 0),
};

export function messageStateText(message: MessageInfo): string {
  switch (message.state) {
    case 'sending':
      return 'Sending…';
    case 'delivered':
      return 'Delivered';
    case 'received':
      return 'Received';
    case 'failed':
      if (message.failure?.kind === 'not-encrypted') return describeFailure(message.failure, 'message', displayAor(message.peer));
      return `Not delivered: ${message.failure ? describeFailure(message.failure, 'message', displayAor(message.peer)) : 'unknown reason'}`;
  }
}
