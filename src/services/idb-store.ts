/**
 * One IndexedDB object store as a small async map (its own database, so stores never need a shared version bump),
 * and the same surface in memory for tests and for browsers without IndexedDB. Values must be structured-cloneable;
 * CryptoKeys are, and stay non-extractable when stored (WebCrypto section 13, "structured clone").
 */
export interface KeyedStore<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createMemoryKeyedStore<T>(): KeyedStore<T> {
  const map = new Map<string, T>();
  return {
    get: async (key) => map.get(key),
    put: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function createIndexedDbKeyedStore<T>(factory: IDBFactory, database: string, store = 'items'): KeyedStore<T> {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(database, 1);
      req.onupgradeneeded = () => void req.result.createObjectStore(store);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(`cannot open IndexedDB ${database}`));
    }));
  const objectStore = async (mode: IDBTransactionMode) => (await db()).transaction(store, mode).objectStore(store);
  return {
    get: async (key) => (await request((await objectStore('readonly')).get(key))) as T | undefined,
    put: async (key, value) => void (await request((await objectStore('readwrite')).put(value, key))),
    delete: async (key) => void (await request((await objectStore('readwrite')).delete(key))),
  };
}

/** IndexedDB when the browser has it, memory otherwise. */
export function createBrowserKeyedStore<T>(database: string): KeyedStore<T> {
  return globalThis.indexedDB ? createIndexedDbKeyedStore<T>(globalThis.indexedDB, database) : createMemoryKeyedStore<T>();
}
