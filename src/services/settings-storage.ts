/**
 * What this device remembers: the last sign-in (server URL, SIP address, and the password only when the user opted
 * in), the chosen microphone, camera and speaker, and the Settings page (STUN and TURN servers, ringtone volume,
 * do not disturb). Backed by localStorage in the browser; an in-memory map in tests
 * or when storage is unavailable.
 */
import { networkSettingsOf, type NetworkSettings } from './ice-servers.ts';

export interface RememberedSession {
  serverUrl: string;
  aor: string;
  /** Present only when `rememberPassword` is true. */
  password?: string;
  rememberPassword: boolean;
  /**
   * Sign in by itself when the app loads (with the remembered password only): set by a sign in, cleared by Sign out
   * and by a remembered password the server refused. A record from before this field resumes when it has a password.
   */
  resume?: boolean;
}

/** A device the person chose; the label is kept so that a device that went away can still be named. */
export interface ChosenDevice {
  id: string;
  label: string;
}

/** The chosen device per kind; a kind left out means the system default. */
export type DeviceChoice = Partial<Record<MediaDeviceKind, ChosenDevice>>;

export interface SettingsStorage {
  loadSession(): RememberedSession | null;
  saveSession(session: RememberedSession): void;
  clearSession(): void;
  loadDevices(): DeviceChoice;
  saveDevices(choice: DeviceChoice): void;
  loadSecurity(): SecuritySettings;
  saveSecurity(settings: SecuritySettings): void;
  loadPreferences(): Preferences;
  savePreferences(preferences: Preferences): void;
}

/** The Settings page. */
export interface Preferences {
  network: NetworkSettings;
  /** Ringtone volume, 0 (silent) to 1 (the tone's full level). */
  ringtoneVolume: number;
  /** Incoming calls are refused with 486 and a Reason saying so (RFC 3326), and noted in Recent. */
  doNotDisturb: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { network: networkSettingsOf(null), ringtoneVolume: 1, doNotDisturb: false };

/** Stored preferences read back; anything malformed falls back to the default of its own field. */
export function preferencesOf(value: unknown): Preferences {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const volume = typeof v.ringtoneVolume === 'number' && Number.isFinite(v.ringtoneVolume) ? Math.min(1, Math.max(0, v.ringtoneVolume)) : DEFAULT_PREFERENCES.ringtoneVolume;
  return { network: networkSettingsOf(v.network), ringtoneVolume: volume, doNotDisturb: v.doNotDisturb === true };
}

/** The user's protection choices and what this device remembers about peers (for downgrade warnings). */
export interface SecuritySettings {
  /** "Only end-to-end encrypted calls and messages". */
  secureOnly: boolean;
  /** `<own AOR> <peer AOR>` of every peer a call with was end-to-end encrypted on this device. */
  encryptedPeers: string[];
}

const SECURITY_KEY = 'sealphone.security.v1';
const PREFERENCES_KEY = 'sealphone.preferences.v1';

const KEY = 'sealphone.session.v1';
const DEVICES_KEY = 'sealphone.devices.v1';
const DEVICE_KINDS: readonly MediaDeviceKind[] = ['audioinput', 'videoinput', 'audiooutput'];

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

function isChosen(value: unknown): value is ChosenDevice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && v.id !== '' && typeof v.label === 'string';
}

function deviceChoiceOf(value: unknown): DeviceChoice {
  const choice: DeviceChoice = {};
  if (typeof value !== 'object' || value === null) return choice;
  for (const kind of DEVICE_KINDS) {
    const entry = (value as Record<string, unknown>)[kind];
    if (isChosen(entry)) choice[kind] = { id: entry.id, label: entry.label };
  }
  return choice;
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
        if (!rememberPassword || typeof parsed.password !== 'string') return { serverUrl, aor, rememberPassword: false };
        return { serverUrl, aor, rememberPassword, password: parsed.password, resume: parsed.resume !== false };
      } catch {
        return null;
      }
    },
    saveSession(session) {
      const { serverUrl, aor, rememberPassword, password } = session;
      const stored: RememberedSession = rememberPassword && password !== undefined ? { serverUrl, aor, rememberPassword, password, resume: session.resume !== false } : { serverUrl, aor, rememberPassword: false };
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
    loadDevices() {
      try {
        const raw = storage.getItem(DEVICES_KEY);
        return raw ? deviceChoiceOf(JSON.parse(raw)) : {};
      } catch {
        return {};
      }
    },
    loadSecurity() {
      try {
        const raw = storage.getItem(SECURITY_KEY);
        const parsed: unknown = raw ? JSON.parse(raw) : {};
        const v = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
        const peers = Array.isArray(v.encryptedPeers) ? v.encryptedPeers.filter((p): p is string => typeof p === 'string') : [];
        return { secureOnly: v.secureOnly === true, encryptedPeers: peers };
      } catch {
        return { secureOnly: false, encryptedPeers: [] };
      }
    },
    saveSecurity(settings) {
      try {
        storage.setItem(SECURITY_KEY, JSON.stringify({ secureOnly: settings.secureOnly, encryptedPeers: settings.encryptedPeers }));
      } catch (error) {
        console.warn('settings: cannot save the security settings', error);
      }
    },
    loadPreferences() {
      try {
        const raw = storage.getItem(PREFERENCES_KEY);
        return preferencesOf(raw ? JSON.parse(raw) : null);
      } catch {
        return DEFAULT_PREFERENCES;
      }
    },
    savePreferences(preferences) {
      try {
        storage.setItem(PREFERENCES_KEY, JSON.stringify(preferencesOf(preferences)));
      } catch (error) {
        console.warn('settings: cannot save the settings', error);
      }
    },
    saveDevices(choice) {
      try {
        storage.setItem(DEVICES_KEY, JSON.stringify(deviceChoiceOf(choice)));
      } catch (error) {
        console.warn('settings: cannot save the device choice', error);
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
