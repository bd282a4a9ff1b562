import { describe, expect, it } from 'vitest';
import { createMemoryKeyValueStorage, createSettingsStorage } from '../../src/services/settings-storage.ts';

describe('settings storage: device choice', () => {
  it('round-trips the choice per kind', () => {
    const storage = createMemoryKeyValueStorage();
    const choice = { audioinput: { id: 'mic-2', label: 'Headset' }, audiooutput: { id: 'out-1', label: 'Speakers' } };
    createSettingsStorage(storage).saveDevices(choice);
    expect(createSettingsStorage(storage).loadDevices()).toEqual(choice);
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', '{'],
    ['not an object', '"mic"'],
  ])('loads no choice from %s', (_name, raw) => {
    const storage = createMemoryKeyValueStorage();
    if (raw !== null) storage.setItem('sealphone.devices.v1', raw);
    expect(createSettingsStorage(storage).loadDevices()).toEqual({});
  });

  it('keeps only well-formed entries of known kinds', () => {
    const storage = createMemoryKeyValueStorage();
    storage.setItem('sealphone.devices.v1', JSON.stringify({ audioinput: { id: '', label: 'x' }, videoinput: { id: 'cam', label: 'Camera' }, printer: { id: 'p', label: 'P' }, audiooutput: 'out' }));
    expect(createSettingsStorage(storage).loadDevices()).toEqual({ videoinput: { id: 'cam', label: 'Camera' } });
  });

  it('does not disturb the remembered session', () => {
    const storage = createMemoryKeyValueStorage();
    const settings = createSettingsStorage(storage);
    settings.saveSession({ serverUrl: 'ws://h/sip', aor: 'alice@h', rememberPassword: false });
    settings.saveDevices({ audioinput: { id: 'm', label: 'M' } });
    settings.clearSession();
    expect(settings.loadDevices()).toEqual({ audioinput: { id: 'm', label: 'M' } });
  });
});
