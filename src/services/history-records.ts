/**
 * Where the encrypted history lies (message-history.ts seals and opens it): sealed records and one AES-GCM key per
 * signed-in account. IndexedDB in the browser (a database of its own, `sealphone-history`), memory in tests. The key
 * is stored as a CryptoKey object: structured clone keeps it non-extractable (WebCrypto, "structured clone"), so no
 * script, ours included, can read its bytes out.
 */

/** One message as stored: only the account and a random id are clear; `data` is AES-GCM ciphertext under `iv`. */
export interface SealedRecord {
  owner: string;
  id: string;
  /** 96 random bits, never reused under one key (NIST SP 800-38D section 8.2.2). */
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export interface HistoryRecords {
  key(owner: string): Promise<CryptoKey | undefined>;
  putKey(owner: string, key: CryptoKey): Promise<void>;
  list(owner: string): Promise<SealedRecord[]>;
  put(record: SealedRecord): Promise<void>;
  delete(owner: string, id: string): Promise<void>;
  /** Every record of `owner`, and its key. */
  clear(owner: string): Promise<void>;
}

export function createMemoryHistoryRecords(): HistoryRecords & { readonly records: Map<string, SealedRecord>; readonly keys: Map<string, CryptoKey> } {
  const records = new Map<string, SealedRecord>();
  const keys = new Map<string, CryptoKey>();
  const at = (owner: string, id: string) => JSON.stringify([owner, id]);
  return {
    records,
    keys,
    key: async (owner) => keys.get(owner),
    putKey: async (owner, key) => void keys.set(owner, key),
    list: async (owner) => [...records.values()].filter((r) => r.owner === owner),
    put: async (record) => void records.set(at(record.owner, record.id), record),
    delete: async (owner, id) => void records.delete(at(owner, id)),
    clear: async (owner) => {
      for (const [k, r] of records) if (r.owner === owner) records.delete(k);
      keys.delete(owner);
    },
  };
}

export const HISTORY_DATABASE = 'sealphone-history';
const MESSAGES = 'messages';
const KEYS = 'keys';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

export function createIndexedDbHistoryRecords(factory: IDBFactory): HistoryRecords {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(HISTORY_DATABASE, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(MESSAGES, { keyPath: ['owner', 'id'] }).createIndex('owner', 'owner');
        req.result.createObjectStore(KEYS, { keyPath: 'owner' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(`cannot open IndexedDB ${HISTORY_DATABASE}`));
    }));
  const store = async (name: string, mode: IDBTransactionMode) => (await db()).transaction(name, mode).objectStore(name);
  return {
    key: async (owner) => ((await request((await store(KEYS, 'readonly')).get(owner))) as { key: CryptoKey } | undefined)?.key,
    putKey: async (owner, key) => void (await request((await store(KEYS, 'readwrite')).put({ owner, key }))),
    list: async (owner) => (await request((await store(MESSAGES, 'readonly')).index('owner').getAll(owner))) as SealedRecord[],
    put: async (record) => void (await request((await store(MESSAGES, 'readwrite')).put(record))),
    delete: async (owner, id) => void (await request((await store(MESSAGES, 'readwrite')).delete([owner, id]))),
    clear: async (owner) => {
      const tx = (await db()).transaction([MESSAGES, KEYS], 'readwrite');
      const messages = tx.objectStore(MESSAGES);
      for (const key of await request(messages.index('owner').getAllKeys(owner))) messages.delete(key);
      tx.objectStore(KEYS).delete(owner);
      await done(tx);
    },
  };
}

/** IndexedDB when the browser has it, memory otherwise. */
export function createBrowserHistoryRecords(): HistoryRecords {
  return globalThis.indexedDB ? createIndexedDbHistoryRecords(globalThis.indexedDB) : createMemoryHistoryRecords();
}
