import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { defaultServerUrl, sessionSelectors } from '../../src/stores/session-slice.ts';
import { connectionSelectors } from '../../src/stores/connection-slice.ts';
import { createMemoryKeyValueStorage } from '../../src/services/settings-storage.ts';
import { testDeps } from './test-deps.ts';

const form = { serverUrl: 'ws://127.0.0.1:18080/sip', aor: 'alice@sealphone.test', password: 'secret', rememberPassword: false };

describe('session slice', () => {
  it.each([
    ['http://127.0.0.1:18080', 'ws://127.0.0.1:18080/sip'],
    ['https://phone.example.com', 'wss://phone.example.com/sip'],
    ['https://phone.example.com:8443/', 'wss://phone.example.com:8443/sip'],
  ])('derives the default server URL from the origin %s', (origin, want) => {
    expect(defaultServerUrl(origin)).toBe(want);
  });

  it('starts with the default server URL', () => {
    const store = createAppStore(testDeps());
    expect(store.getState().session.serverUrl).toBe('ws://127.0.0.1:18080/sip');
    expect(sessionSelectors.status(store.getState())).toBe('signed-out');
  });

  it('signs in with a normalized AOR and reports registration', async () => {
    const deps = testDeps();
    const store = createAppStore(deps);
    await store.getState().signIn(form);
    expect(deps.sip.log).toEqual(['signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip']);
    expect(sessionSelectors.status(store.getState())).toBe('signed-in');
    expect(sessionSelectors.aor(store.getState())).toBe('sip:alice@sealphone.test');
    expect(connectionSelectors.text(store.getState())).toBe('Registered');
  });

  it('remembers server and address but not the password by default', async () => {
    const storage = createMemoryKeyValueStorage();
    await createAppStore(testDeps({ storage })).getState().signIn(form);
    const next = createAppStore(testDeps({ storage })).getState().session;
    expect(next).toMatchObject({ serverUrl: form.serverUrl, aor: form.aor, password: '', rememberPassword: false });
    expect(storage.getItem('sealphone.session.v1')).not.toContain('secret');
  });

  it('remembers the password when the user opts in', async () => {
    const storage = createMemoryKeyValueStorage();
    await createAppStore(testDeps({ storage })).getState().signIn({ ...form, rememberPassword: true });
    expect(createAppStore(testDeps({ storage })).getState().session).toMatchObject({ password: 'secret', rememberPassword: true });
  });

  it.each([
    [{ kind: 'authentication' as const, status: 401, detail: 'Unauthorized' }, 'Wrong SIP address or password.'],
    [{ kind: 'network' as const, detail: 'WebSocket closed' }, 'Cannot reach the server. Check the server address and your connection.'],
  ])('explains a failed sign-in (%o)', async (failure, text) => {
    const deps = testDeps();
    deps.sip.signInFailure = failure;
    const store = createAppStore(deps);
    await store.getState().signIn(form);
    expect(sessionSelectors.status(store.getState())).toBe('signed-out');
    expect(sessionSelectors.errorText(store.getState())).toBe(text);
    expect(connectionSelectors.text(store.getState())).toContain('Not registered');
  });

  it('refuses an address that is not one', async () => {
    const deps = testDeps();
    const store = createAppStore(deps);
    await store.getState().signIn({ ...form, aor: 'not an address' });
    expect(deps.sip.log).toEqual([]);
    expect(sessionSelectors.errorText(store.getState())).toMatch(/SIP address/);
  });
  it('a bare user name takes the SIP domain the server says it serves (issue 17: "alice" was refused)', async () => {
    const asked: string[] = [];
    const deps = { ...testDeps(), sipDomainOf: async (url: string) => (asked.push(url), 'sealphone.test') };
    const store = createAppStore(deps);
    await store.getState().signIn({ ...form, aor: 'alice', serverUrl: 'http://127.0.0.1:18080' });
    expect(asked).toEqual(['ws://127.0.0.1:18080/sip']);
    expect(deps.sip.log).toEqual(['signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip']);
    expect(store.getState().session.aor).toBe('alice@sealphone.test');
  });
  it('a full address is not looked up', async () => {
    const asked: string[] = [];
    const deps = { ...testDeps(), sipDomainOf: async (url: string) => (asked.push(url), 'other.test') };
    await createAppStore(deps).getState().signIn({ ...form, aor: 'alice@sealphone.test', serverUrl: 'http://127.0.0.1:18080' });
    expect(asked).toEqual([]);
    expect(deps.sip.log).toEqual(['signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip']);
  });
  it.each([
    { name: 'a bare user name takes the host of the server', aor: 'alice', serverUrl: 'https://phone.example.com/', want: 'signIn sip:alice@phone.example.com wss://phone.example.com/sip', saved: 'alice@phone.example.com' },
    { name: 'a pasted http:// address is its ws:// /sip', aor: 'alice@sealphone.test', serverUrl: 'http://127.0.0.1:18080', want: 'signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip', saved: 'alice@sealphone.test' },
  ])('cleans the entry (issue 17): $name', async ({ aor, serverUrl, want, saved }) => {
    const deps = testDeps();
    const store = createAppStore(deps);
    await store.getState().signIn({ ...form, aor, serverUrl });
    expect(deps.sip.log).toEqual([want]);
    expect(store.getState().session.aor).toBe(saved);
  });

  it.each([
    { aor: 'alice smith', serverUrl: form.serverUrl, want: '“alice smith” is not a SIP address. Enter one like alice@example.com.' },
    { aor: 'alice', serverUrl: 'a server', want: '“a server” is not a server address. Enter one like wss://example.com/sip.' },
  ])('refuses $aor at $serverUrl with a sentence naming it', async ({ aor, serverUrl, want }) => {
    const deps = testDeps();
    const store = createAppStore(deps);
    await store.getState().signIn({ ...form, aor, serverUrl });
    expect(deps.sip.log).toEqual([]);
    expect(sessionSelectors.errorText(store.getState())).toBe(want);
  });
});
