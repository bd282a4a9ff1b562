/** The protection settings: the encrypted-only choice and the peers reached encrypted, loaded once and saved on change. */
import { describe, expect, it } from 'vitest';
import { createProtectionSettings } from '../../src/services/protection-settings.ts';
import { createMemoryKeyValueStorage, createSettingsStorage } from '../../src/services/settings-storage.ts';

const PAIR = 'sip:alice@example.test sip:bob@example.test';

describe('protection settings', () => {
  it('off and empty on a new device', () => {
    const settings = createProtectionSettings(createSettingsStorage());
    expect(settings.secureOnly()).toBe(false);
    expect(settings.encryptedBefore(PAIR)).toBe(false);
  });

  it('keeps both across restarts, each change saved at once', () => {
    const storage = createMemoryKeyValueStorage();
    const first = createProtectionSettings(createSettingsStorage(storage));
    first.setSecureOnly(true);
    first.rememberEncrypted(PAIR);
    first.rememberEncrypted(PAIR);
    const again = createProtectionSettings(createSettingsStorage(storage));
    expect(again.secureOnly()).toBe(true);
    expect(again.encryptedBefore(PAIR)).toBe(true);
    expect(createSettingsStorage(storage).loadSecurity()).toEqual({ secureOnly: true, encryptedPeers: [PAIR] });
  });

  it('saves nothing when a pair is already known', () => {
    const saved: unknown[] = [];
    const settings = createProtectionSettings({ loadSecurity: () => ({ secureOnly: false, encryptedPeers: [PAIR] }), saveSecurity: (s) => saved.push(s) });
    settings.rememberEncrypted(PAIR);
    expect(saved).toEqual([]);
  });
});
