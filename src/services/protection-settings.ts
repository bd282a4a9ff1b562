/**
 * The user's protection choices on this device (docs/design.md "Secure calls"), loaded once and saved on each change
 * through the settings storage: "Only end-to-end encrypted calls and messages", which the secure layer reads for
 * every call and message, and the peers a call with went end-to-end encrypted (for the downgrade warning).
 */
import type { SettingsStorage } from './settings-storage.ts';

export interface ProtectionSettings {
  /** "Only end-to-end encrypted calls and messages". */
  secureOnly(): boolean;
  setSecureOnly(on: boolean): void;
  /** Whether a call with this pair (`<own AOR> <peer AOR>`) was end-to-end encrypted on this device before. */
  encryptedBefore(pair: string): boolean;
  /** Remembers an end-to-end encrypted call with this pair. */
  rememberEncrypted(pair: string): void;
}

export function createProtectionSettings(settings: Pick<SettingsStorage, 'loadSecurity' | 'saveSecurity'>): ProtectionSettings {
  const stored = settings.loadSecurity();
  let secureOnly = stored.secureOnly;
  const encryptedPeers = new Set(stored.encryptedPeers);
  const save = () => settings.saveSecurity({ secureOnly, encryptedPeers: [...encryptedPeers] });
  return {
    secureOnly: () => secureOnly,
    setSecureOnly: (on) => {
      secureOnly = on;
      save();
    },
    encryptedBefore: (pair) => encryptedPeers.has(pair),
    rememberEncrypted: (pair) => {
      if (encryptedPeers.has(pair)) return;
      encryptedPeers.add(pair);
      save();
    },
  };
}
