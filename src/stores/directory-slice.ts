/** Contacts and call history of the signed-in account (kept on this device by the Directory service). */
import type { StateCreator } from 'zustand/vanilla';
import type { CallRecord, Contact } from '../services/directory.ts';
import { afterThisTask } from './after-this-task.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { displayAor, domainOf, normalizeAor } from './sip-address.ts';

export interface DirectorySlice {
  directory: { owner: string | null; contacts: Contact[]; calls: CallRecord[]; selectedPeer: string | null; target: string };
  /** What is typed in "Call or message"; selects that conversation when it is an address. */
  setTarget: (text: string) => void;
  loadDirectory: (owner: string) => Promise<void>;
  /** Adds or moves a contact to the top of the list. */
  touchContact: (aor: string) => void;
  recordCall: (record: CallRecord) => void;
  /** Deletes the call history of `owner` from this device (the person asked at sign-out). */
  deleteCallHistory: (owner: string) => Promise<void>;
  /** Names a contact on this device; an empty name goes back to its address. */
  renameContact: (aor: string, name: string) => void;
  /** Removes a contact from the list (a mistyped one); its call history and messages stay. */
  deleteContact: (aor: string) => void;
  openConversation: (peer: string | null) => void;
}

export const createDirectorySlice =
  (deps: AppDeps): StateCreator<AppState, [], [], DirectorySlice> =>
  (set, get) => {
    const persist = (what: string, p: Promise<void>) => p.catch((error: unknown) => console.warn(`directory: cannot save ${what}`, error));
    return {
      directory: { owner: null, contacts: [], calls: [], selectedPeer: null, target: '' },
      setTarget: (text) => {
        const key = normalizeAor(text, domainOf(get().directory.owner ?? ''));
        const unread = { ...get().messages.unread };
        if (key) delete unread[key];
        set({ directory: { ...get().directory, target: text, selectedPeer: key }, messages: { ...get().messages, unread } });
      },
      loadDirectory: async (owner) => {
        set({ directory: { owner, contacts: [], calls: [], selectedPeer: null, target: '' } });
        try {
          const snapshot = await deps.directory.load(owner);
          if (get().directory.owner !== owner) return;
          const known = new Set(snapshot.contacts.map((c) => c.aor));
          // Keep contacts touched while loading.
          const fresh = get().directory.contacts.filter((c) => !known.has(c.aor));
          set({ directory: { ...get().directory, contacts: [...fresh, ...snapshot.contacts], calls: [...get().directory.calls, ...snapshot.calls] } });
        } catch (error) {
          console.warn('directory: cannot load', error);
        }
      },
      touchContact: (aor) => {
        const { owner, contacts } = get().directory;
        const existing = contacts.find((c) => c.aor === aor);
        const contact: Contact = { ...existing, aor, lastActivityAt: deps.now() };
        set({ directory: { ...get().directory, contacts: [contact, ...contacts.filter((c) => c.aor !== aor)] } });
        // Saved after this task: a message shown or sent in it does not wait for the IndexedDB transaction.
        if (owner) void afterThisTask().then(() => persist('a contact', deps.directory.saveContact(owner, contact)));
      },
      recordCall: (record) => {
        const { owner, calls } = get().directory;
        set({ directory: { ...get().directory, calls: [record, ...calls.filter((c) => c.id !== record.id)] } });
        get().touchContact(record.peer);
        if (owner) void persist('a call', deps.directory.addCall(owner, record));
      },
      deleteCallHistory: async (owner) => {
        if (get().directory.owner === owner) set({ directory: { ...get().directory, calls: [] } });
        await deps.directory.clearCalls(owner);
      },
      renameContact: (aor, name) => {
        const { owner, contacts } = get().directory;
        const existing = contacts.find((c) => c.aor === aor);
        if (!existing) return;
        const { displayName: _old, ...rest } = existing;
        const contact: Contact = name.trim() ? { ...rest, displayName: name.trim() } : rest;
        set({ directory: { ...get().directory, contacts: contacts.map((c) => (c.aor === aor ? contact : c)) } });
        if (owner) void persist('a contact', deps.directory.saveContact(owner, contact));
      },
      deleteContact: (aor) => {
        const { owner, contacts, selectedPeer } = get().directory;
        const closing = selectedPeer === aor;
        set({ directory: { ...get().directory, contacts: contacts.filter((c) => c.aor !== aor), ...(closing ? { selectedPeer: null, target: '' } : {}) } });
        if (owner) void persist('a deletion', deps.directory.deleteContact(owner, aor));
      },
      openConversation: (peer) => {
        const key = peer ? normalizeAor(peer) : null;
        const unread = { ...get().messages.unread };
        if (key) delete unread[key];
        set({ directory: { ...get().directory, selectedPeer: key, target: key ? displayAor(key) : '' }, messages: { ...get().messages, unread } });
      },
    };
  };

export const directorySelectors = {
  contacts: (s: AppState) => s.directory.contacts,
  calls: (s: AppState) => s.directory.calls,
  selectedPeer: (s: AppState) => s.directory.selectedPeer,
  target: (s: AppState) => s.directory.target,
};
