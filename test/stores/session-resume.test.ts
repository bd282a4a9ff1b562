/**
 * The automatic sign-in of a load (issue 17): with the password remembered, a reload signs in by itself; without it,
 * the form waits with the address filled; Sign out stops it until the next sign in; no permission request without a
 * user gesture; a failure lands on the form with its reason.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { sessionSelectors } from '../../src/stores/session-slice.ts';
import { createMemoryKeyValueStorage, type KeyValueStorage } from '../../src/services/settings-storage.ts';
import type { SipFailure } from '../../src/sip/sip-client.ts';
import { testDeps, type TestDeps } from './test-deps.ts';

const form = { serverUrl: 'ws://127.0.0.1:18080/sip', aor: 'alice@sealphone.test', password: 'secret', rememberPassword: true };

/** A page load on a device whose storage is `storage`: a new store, and the composition root's resumeSession(). */
async function load(storage: KeyValueStorage, setUp: (deps: TestDeps) => void = () => {}) {
  const deps = testDeps({ storage });
  setUp(deps);
  const store = createAppStore(deps);
  const resumed = store.getState().resumeSession();
  const during = { status: store.getState().session.status, resuming: sessionSelectors.resuming(store.getState()) };
  await resumed;
  return { deps, store, during };
}

describe('resuming a remembered sign-in', () => {
  it('signs in by itself after a reload when the password is remembered, without asking for notifications', async () => {
    const storage = createMemoryKeyValueStorage();
    const first = await load(storage);
    await first.store.getState().signIn(form);
    expect(first.deps.notifications.permissionRequests).toBe(1); // the user's click

    const { deps, store, during } = await load(storage);
    expect(during).toEqual({ status: 'signing-in', resuming: true });
    expect(deps.sip.log).toEqual(['signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip']);
    expect(sessionSelectors.status(store.getState())).toBe('signed-in');
    expect(sessionSelectors.resuming(store.getState())).toBe(false);
    expect(deps.notifications.permissionRequests).toBe(0);
  });

  it('does not sign in by itself without a remembered password: the form has the address', async () => {
    const storage = createMemoryKeyValueStorage();
    await (await load(storage)).store.getState().signIn({ ...form, rememberPassword: false });
    const { deps, store } = await load(storage);
    expect(deps.sip.log).toEqual([]);
    expect(store.getState().session).toMatchObject({ status: 'signed-out', aor: form.aor, password: '', rememberPassword: false });
  });

  it('does nothing on a device that never signed in', async () => {
    const { deps, store } = await load(createMemoryKeyValueStorage());
    expect(deps.sip.log).toEqual([]);
    expect(sessionSelectors.status(store.getState())).toBe('signed-out');
  });

  it('stops after Sign out, until the next sign in (the remembered password stays in the form)', async () => {
    const storage = createMemoryKeyValueStorage();
    const first = await load(storage);
    await first.store.getState().signIn(form);
    await first.store.getState().signOut();

    const second = await load(storage);
    expect(second.deps.sip.log).toEqual([]);
    expect(second.store.getState().session).toMatchObject({ status: 'signed-out', aor: form.aor, password: 'secret', rememberPassword: true });
    await second.store.getState().signIn(form);

    const third = await load(storage);
    expect(third.deps.sip.log).toEqual(['signIn sip:alice@sealphone.test ws://127.0.0.1:18080/sip']);
  });

  const failures: { name: string; failure: SipFailure; text: string; triesNextLoad: boolean }[] = [
    { name: 'an unreachable server: tried again on the next load', failure: { kind: 'network', detail: 'WebSocket closed' }, text: 'Cannot reach the server. Check the server address and your connection.', triesNextLoad: true },
    { name: 'a refused password: not tried again', failure: { kind: 'authentication', status: 403, detail: 'Forbidden' }, text: 'Wrong SIP address or password.', triesNextLoad: false },
  ];
  for (const t of failures) {
    it(`lands on the form with the reason after ${t.name}`, async () => {
      const storage = createMemoryKeyValueStorage();
      await (await load(storage)).store.getState().signIn(form);
      const { store } = await load(storage, (deps) => (deps.sip.signInFailure = t.failure));
      expect(sessionSelectors.status(store.getState())).toBe('signed-out');
      expect(sessionSelectors.errorText(store.getState())).toBe(t.text);
      expect(store.getState().session).toMatchObject({ aor: form.aor, password: 'secret' });
      const next = await load(storage);
      expect(next.deps.sip.log.length > 0).toBe(t.triesNextLoad);
    });
  }
});
