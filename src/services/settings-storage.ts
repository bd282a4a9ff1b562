/**
 * What this device remembers about the last sign-in (server URL, SIP address, and the password only when the user
 * opted in). Backed by localStorage in the browser; an in-memory map in tests or when storage is unavailable.
 */
export interface RememberedSession {
  serverUrl: string;
  aor: string;
  /** Present only when `rememberPassword` is true. */
  password?: string;
  rememberPassword: boolean;
}

export interface SettingsStorage {
  loadSession(): RememberedSession | null;
  saveSession(session: RememberedSession): void;
  clearSession(): void;
}

const KEY = 'sealphone.session.v1';

/** The minimal Storage surface we use (localStorage satisfies it). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createMemoryKeyValueStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

function isRemembered(value: unknown): value is RememberedSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.serverUrl === 'string' && typeof v.aor === 'string' && typeof v.rememberPassword === 'boolean';
}

export function createSettingsStorage(storage: KeyValueStorage = createMemoryKeyValueStorage()): SettingsStorage {
  return {
    loadSession() {
      try {
        const raw = storage.getItem(KEY);
        if (!raw) return null;
        const parsed: unknown = JSON.parse(raw);
        if (!isRemembered(parsed)) return null;
        const { serverUrl, aor, rememberPassword } = parsed;
        return rememberPassword && typeof parsed.password === 'string' ? { serverUrl, aor, rememberPassword, password: parsed.password } : { serverUrl, aor, rememberPassword: false };
      } catch {
        return null;
      }
    },
    saveSession(session) {
      const { serverUrl, aor, rememberPassword, password } = session;
      const stored: RememberedSession = rememberPassword && password !== undefined ? { serverUrl, aor, rememberPassword, password } : { serverUrl, aor, rememberPassword: false };
      try {
        storage.setItem(KEY, JSON.stringify(stored));
      } catch (error) {
        console.warn('settings: cannot save the session', error);
      }
    },
    clearSession() {
      try {
        storage.removeItem(KEY);
      } catch {
        /* storage unavailable: nothing to clear */
      }
    },
  };
}

/** localStorage when the browser allows it (private modes may throw), otherwise memory. */
export function createBrowserSettingsStorage(): SettingsStorage {
  try {
    const storage = globalThis.localStorage;
    if (storage) return createSettingsStorage(storage);
  } catch {
    /* fall through */
  }
  return createSettingsStorage();
}
