/**
 * The conversation history kept on the device (src/services/message-history.ts), seen from outside: the raw records
 * of its IndexedDB database read with `page.evaluate` (test-side only, no app hook), sign-out with or without deleting
 * them, and a reload followed by a new sign-in.
 */
import { expect, type Locator } from '@playwright/test';
import type { PhonePage } from './phone-page.ts';

/** The database the app keeps its encrypted history in. */
export const HISTORY_DATABASE = 'sealphone-history';

/** One stored value as the test sees it: bytes as latin1 text, a CryptoKey as its visible properties. */
export interface RawRecord {
  store: string;
  key: string;
  /** Every string and every byte of the value, for a plaintext search. */
  text: string;
  cryptoKeys: { extractable: boolean; algorithm: string; usages: string[] }[];
}

/** Every record of every object store of the history database (none when the app never made it). */
export function rawHistoryRecords(phone: PhonePage): Promise<RawRecord[]> {
  return phone.page.evaluate(async (name) => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === name)) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const records: RawRecord[] = [];
    for (const store of Array.from(db.objectStoreNames)) {
      const tx = db.transaction(store, 'readonly');
      const [keys, values] = await Promise.all(
        [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
          (req) =>
            new Promise<unknown[]>((resolve, reject) => {
              req.onsuccess = () => resolve(req.result as unknown[]);
              req.onerror = () => reject(req.error);
            }),
        ),
      );
      values!.forEach((value, i) => {
        const parts: string[] = [];
        const cryptoKeys: RawRecord['cryptoKeys'] = [];
        const walk = (v: unknown): void => {
          if (typeof v === 'string' || typeof v === 'number') parts.push(String(v));
          else if (v instanceof CryptoKey) cryptoKeys.push({ extractable: v.extractable, algorithm: v.algorithm.name, usages: [...v.usages] });
          else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
            const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
            parts.push(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
            parts.push(new TextDecoder('utf-16le', { fatal: false }).decode(bytes));
          } else if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (parts.push(k), walk(x)));
        };
        walk(value);
        records.push({ store, key: String(keys![i]), text: parts.join('\n'), cryptoKeys });
      });
    }
    db.close();
    return records;
  }, HISTORY_DATABASE);
}

/** The header's Sign out, then the choice to keep (default) or delete this device's messages and call history. */
export async function signOut(phone: PhonePage, { deleteHistory = false } = {}): Promise<void> {
  await phone.button('Sign out').click();
  const dialog = phone.page.getByRole('dialog', { name: 'Sign out', exact: true });
  const wipe = dialog.getByRole('checkbox', { name: 'Also delete my messages and call history from this device', exact: true });
  await expect(wipe).not.toBeChecked();
  if (deleteHistory) await wipe.check();
  await phone.button('Sign out now', dialog).click();
  await expect(phone.textbox('Password')).toBeVisible();
}

/** Reloads the app and signs in again, as a person coming back to the tab. */
export async function reloadAndSignIn(phone: PhonePage): Promise<void> {
  await phone.page.reload();
  await phone.signIn();
}

/** The "Recent" list of calls. */
export function recentCalls(phone: PhonePage): Locator {
  return phone.page.getByRole('region', { name: 'Recent', exact: true });
}
