import { describe, expect, it } from 'vitest';
import { checkNetworkSettings, iceConfigurationOf, NO_NETWORK_SETTINGS, type NetworkSettingsInput } from '../../src/services/ice-servers.ts';
import { createMemoryKeyValueStorage, createSettingsStorage, DEFAULT_PREFERENCES } from '../../src/services/settings-storage.ts';

const form = (change: Partial<NetworkSettingsInput>): NetworkSettingsInput => ({ stun: '', turn: '', turnUsername: '', turnCredential: '', relayOnly: false, ...change });

describe('STUN and TURN settings (RFC 7064, RFC 7065)', () => {
  it.each([
    { name: 'stun with port', input: form({ stun: 'stun:stun.example.com:3478' }) },
    { name: 'stun without port, IPv4 and IPv6, separated by commas and spaces', input: form({ stun: 'stun:stun.example.com, stun:127.0.0.1:9\nstun:[::1]:3478' }) },
    { name: 'turn and turns with transport', input: form({ turn: 'turn:turn.example.com:3478?transport=udp turns:turn.example.com:5349?transport=tcp', turnUsername: 'u', turnCredential: 'p' }) },
    { name: 'relay only with a TURN server', input: form({ turn: 'turn:127.0.0.1:3478', turnUsername: 'u', turnCredential: 'p', relayOnly: true }) },
    { name: 'nothing at all', input: form({}) },
  ])('accepts $name', ({ input }) => {
    expect(checkNetworkSettings(input).ok).toBe(true);
  });

  it.each([
    { name: 'an http URL', input: form({ stun: 'http://stun.example.com' }), field: 'stun', says: 'is not a STUN server address: write stun:host or stun:host:port' },
    { name: 'a bare host', input: form({ stun: 'stun.example.com' }), field: 'stun', says: 'not a STUN server address' },
    { name: 'a port out of range', input: form({ stun: 'stun:example.com:70000' }), field: 'stun', says: 'not a STUN server address' },
    { name: 'a TURN URL among STUN servers', input: form({ stun: 'turn:example.com' }), field: 'stun', says: 'is a TURN server: put it under TURN servers' },
    { name: 'a STUN URL among TURN servers', input: form({ turn: 'stun:example.com', turnUsername: 'u', turnCredential: 'p' }), field: 'turn', says: 'is a STUN server: put it under STUN servers' },
    { name: 'a TURN URL with a bad transport', input: form({ turn: 'turn:example.com?transport=sctp', turnUsername: 'u', turnCredential: 'p' }), field: 'turn', says: 'not a TURN server address' },
    { name: 'TURN without a username', input: form({ turn: 'turn:example.com', turnCredential: 'p' }), field: 'turnUsername', says: 'A TURN server needs a username.' },
    { name: 'TURN without a password', input: form({ turn: 'turn:example.com', turnUsername: 'u' }), field: 'turnCredential', says: 'A TURN server needs a password.' },
    { name: 'relay only without TURN', input: form({ relayOnly: true }), field: 'relayOnly', says: 'Relaying every call needs a TURN server.' },
  ])('refuses $name, saying why', ({ input, field, says }) => {
    const check = checkNetworkSettings(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors[field as keyof typeof check.errors]).toContain(says);
  });

  it('gives every call one STUN entry and one TURN entry with its credential', () => {
    const check = checkNetworkSettings(form({ stun: 'stun:a.example stun:a.example', turn: 'turn:b.example:3478', turnUsername: ' u ', turnCredential: 'p', relayOnly: true }));
    expect(check.ok && iceConfigurationOf(check.settings)).toEqual({
      servers: [{ urls: ['stun:a.example'] }, { urls: ['turn:b.example:3478'], username: 'u', credential: 'p' }],
      relayOnly: true,
    });
    expect(iceConfigurationOf(NO_NETWORK_SETTINGS)).toEqual({ servers: [], relayOnly: false });
  });
});

describe('preferences kept on this device', () => {
  it('come back as saved', () => {
    const storage = createMemoryKeyValueStorage();
    const check = checkNetworkSettings(form({ stun: 'stun:127.0.0.1:9', turn: 'turn:127.0.0.1:3478', turnUsername: 'u', turnCredential: 'p' }));
    if (!check.ok) throw new Error('settings refused');
    const preferences = { network: check.settings, ringtoneVolume: 0.25, doNotDisturb: true };
    createSettingsStorage(storage).savePreferences(preferences);
    expect(createSettingsStorage(storage).loadPreferences()).toEqual(preferences);
  });

  it('fall back to the defaults when what was stored is malformed', () => {
    const storage = createMemoryKeyValueStorage();
    storage.setItem('sealphone.preferences.v1', JSON.stringify({ network: { stunUrls: ['http://x'] }, ringtoneVolume: 'loud', doNotDisturb: 'yes' }));
    expect(createSettingsStorage(storage).loadPreferences()).toEqual(DEFAULT_PREFERENCES);
    storage.setItem('sealphone.preferences.v1', '{');
    expect(createSettingsStorage(storage).loadPreferences()).toEqual(DEFAULT_PREFERENCES);
  });
});
