/**
 * Contacts and call history, per signed-in account, kept in IndexedDB on this device. An in-memory implementation
 * serves tests and browsers without IndexedDB.
 */
import type { RefusalReason } from '../core/secure-body/refusal-reason.ts';

export type { RefusalReason } from '../core/secure-body/refusal-reason.ts';

export interface Contact {
  /** `sip:bob@example.com` */
  aor: string;
  displayName?: string;
  lastActivityAt: number;
}

export interface CallRecord {
  id: string;
  peer: string;
  direction: 'outgoing' | 'incoming';
  video: boolean;
  startedAt: number;
  /** Seconds connected; 0 when never answered. */
  durationSeconds: number;
  /**
   * `answered-elsewhere`: an incoming call another device of ours answered. `refused`: an incoming call or message
   * this device refused for a security reason (`refusal` says which), before anyone could see it. `do-not-disturb`: an
   * incoming call refused while do not disturb was on.
   */
  outcome: 'answered' | 'missed' | 'declined' | 'canceled' | 'failed' | 'answered-elsewhere' | 'refused' | 'do-not-disturb';
  /** With `refused`: the request refused and why. */
  refusal?: CallRefusal;
}

/** What this device refused, and why (src/core/secure-body/refusal-reason.ts). */
export interface CallRefusal {
  what: 'call' | 'message';
  reason: RefusalReason;
}

export interface DirectorySnapshot {
  contacts: Contact[];
  calls: CallRecord[];
}

export interface Directory {
  load(owner: string): Promise<DirectorySnapshot>;
  /** Adds or replaces a contact (a rename is a save with a new displayName). */
  saveContact(owner: string, contact: Contact): Promise<void>;
  /** Removes a contact; the call history with that address stays. */
  deleteContact(owner: string, aor: string): Promise<void>;
  addCall(owner: string, record: CallRecord): Promise<void>;
  /** Deletes every call record of `owner`. */
  clearCalls(owner: string): Promise<void>;
}

const HISTORY_LIMIT = 200;

export function createMemoryDirectory(): Directory {
  const contacts = new Map<string, Map<string, Contact>>();
  const calls = new Map<string, CallRecord[]>();
  return {
    async load(owner) {
      return {
        contacts: [...(contacts.get(owner)?.values() ?? [])].sort((a, b) => b.lastActivityAt - a.lastActivityAt),
        calls: [...(calls.get(owner) ?? [])].sort((a, b) => b.startedAt - a.startedAt),
      };
    },
    async saveContact(owner, contact) {
      const map = contacts.get(owner) ?? new Map<string, Contact>();
      map.set(contact.aor, contact);
      contacts.set(owner, map);
    },
    async deleteContact(owner, aor) {
      contacts.get(owner)?.delete(aor);
    },
    async addCall(owner, record) {
      const list = (calls.get(owner) ?? []).filter((r) => r.id !== record.id);
      list.push(record);
      calls.set(owner, list.slice(-HISTORY_LIMIT));
    },
    async clearCalls(owner) {
      calls.delete(owner);
    },
  };
}

const DB_NAME = 'sealphone';
const DB_VERSION = 1;

interface StoredContact extends Contact {
  key: string;
  owner: string;
}
interface StoredCall extends CallRecord {
  key: string;
  owner: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function createIndexedDbDirectory(factory: IDBFactory): Directory {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore('contacts', { keyPath: 'key' }).createIndex('owner', 'owner');
        d.createObjectStore('calls', { keyPath: 'key' }).createIndex('owner', 'owner');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
    }));
  const strip = <T extends { key: string; owner: string }>({ key: _k, owner: _o, ...rest }: T) => rest;
  return {
    async load(owner) {
      const tx = (await db()).transaction(['contacts', 'calls'], 'readonly');
      const [contacts, calls] = await Promise.all([
        request(tx.objectStore('contacts').index('owner').getAll(owner) as IDBRequest<StoredContact[]>),
        request(tx.objectStore('calls').index('owner').getAll(owner) as IDBRequest<StoredCall[]>),
      ]);
      return {
        contacts: contacts.map(strip).sort((a, b) => b.lastActivityAt - a.lastActivityAt),
        calls: calls.map(strip).sort((a, b) => b.startedAt - a.startedAt).slice(0, HISTORY_LIMIT),
      };
    },
    async saveContact(owner, contact) {
      const tx = (await db()).transaction('contacts', 'readwrite');
      await request(tx.objectStore('contacts').put({ ...contact, owner, key: `${owner} ${contact.aor}` } satisfies StoredContact));
    },
    async deleteContact(owner, aor) {
      const tx = (await db()).transaction('contacts', 'readwrite');
      await request(tx.objectStore('contacts').delete(`${owner} ${aor}`));
    },
    async addCall(owner, record) {
      const tx = (await db()).transaction('calls', 'readwrite');
      const put = request(tx.objectStore('calls').put({ ...record, owner, key: `${owner} ${record.id}` } satisfies StoredCall));
      // Committed at once rather than when the task ends: a call recorded as the page goes (pagehide) is kept.
      tx.commit?.();
      await put;
    },
    async clearCalls(owner) {
      const calls = (await db()).transaction('calls', 'readwrite').objectStore('calls');
      const keys = await request(calls.index('owner').getAllKeys(owner));
      await Promise.all(keys.map((key) => request(calls.delete(key))));
    },
  };
}

/** IndexedDB when present, memory otherwise. */
export function createBrowserDirectory(): Directory {
  return globalThis.indexedDB ? createIndexedDbDirectory(globalThis.indexedDB) : createMemoryDirectory();
}
