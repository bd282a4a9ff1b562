/**
 * Conversations kept on this device, encrypted at rest: each record is AES-256-GCM ciphertext of the JSON of one
 * message, under a random 96-bit IV of its own, with the account and record id as additional data (so a record
 * cannot be moved to another account or id). The key is made here with WebCrypto as non-extractable and is kept only
 * as a CryptoKey in this browser (history-records.ts); it never leaves it. Deleting the history deletes the key too.
 */
import type { HistoryRecords, SealedRecord } from './history-records.ts';

export interface MessageHistory<T> {
  /** Every stored value of `owner` that opens; a record that does not (altered, or under a lost key) is left out. */
  load(owner: string): Promise<T[]>;
  save(owner: string, id: string, value: T): Promise<void>;
  remove(owner: string, id: string): Promise<void>;
  /** The records and the key of `owner`. */
  clear(owner: string): Promise<void>;
}

const IV_BYTES = 12;
const utf8 = new TextEncoder();

/** Binds a record to its place: the account and the id (AES-GCM additional authenticated data). */
const additionalData = (owner: string, id: string) => utf8.encode(JSON.stringify([owner, id]));

export function createMessageHistory<T>(records: HistoryRecords, crypto: Crypto, onError: (what: string, error: unknown) => void = () => undefined): MessageHistory<T> {
  const keys = new Map<string, Promise<CryptoKey>>();
  /** The account's key, made on the first save: AES-GCM 256, `extractable: false`. */
  const keyFor = (owner: string): Promise<CryptoKey> => {
    let key = keys.get(owner);
    if (!key) {
      key = (async () => {
        const stored = await records.key(owner);
        if (stored) return stored;
        const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        await records.putKey(owner, made);
        return made;
      })();
      keys.set(owner, key);
      key.catch(() => keys.delete(owner));
    }
    return key;
  };
  const open = async (key: CryptoKey, record: SealedRecord): Promise<T | undefined> => {
    try {
      const clear = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: additionalData(record.owner, record.id) }, key, record.data);
      return JSON.parse(new TextDecoder().decode(clear)) as T;
    } catch (error) {
      onError('cannot open a stored message', error);
      return undefined;
    }
  };
  return {
    async load(owner) {
      const key = await records.key(owner);
      if (!key) return [];
      const opened = await Promise.all((await records.list(owner)).map((record) => open(key, record)));
      return opened.filter((value): value is Awaited<T> => value !== undefined) as T[];
    },
    async save(owner, id, value) {
      const key = await keyFor(owner);
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(owner, id) }, key, utf8.encode(JSON.stringify(value)));
      await records.put({ owner, id, iv, data });
    },
    remove: (owner, id) => records.delete(owner, id),
    async clear(owner) {
      keys.delete(owner);
      await records.clear(owner);
    },
  };
}
