/** Renaming and deleting contacts (issue 17): kept by the Directory service; deleting leaves the call history. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { directorySelectors } from '../../src/stores/directory-slice.ts';
import { createMemoryDirectory } from '../../src/services/directory.ts';
import { testDeps } from './test-deps.ts';

const ALICE = 'sip:alice@sealphone.test';
const BOB = 'sip:bob@sealphone.test';
const TYPO = 'sip:bbob@sealphone.test';

async function signedIn() {
  const directory = createMemoryDirectory();
  await directory.saveContact(ALICE, { aor: BOB, lastActivityAt: 2 });
  await directory.saveContact(ALICE, { aor: TYPO, lastActivityAt: 1 });
  await directory.addCall(ALICE, { id: 'c1', peer: TYPO, direction: 'outgoing', video: false, startedAt: 1, durationSeconds: 0, outcome: 'failed' });
  const deps = testDeps({ directory });
  const store = createAppStore(deps);
  await store.getState().signIn({ serverUrl: deps.defaultServerUrl, aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
  return { store, directory };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('directory slice: rename and delete', () => {
  it('deletes a contact, on this device too, and keeps its call history', async () => {
    const { store, directory } = await signedIn();
    store.getState().openConversation(TYPO);
    store.getState().deleteContact(TYPO);
    expect(directorySelectors.contacts(store.getState()).map((c) => c.aor)).toEqual([BOB]);
    expect(directorySelectors.selectedPeer(store.getState())).toBeNull();
    expect(directorySelectors.calls(store.getState()).map((c) => c.peer)).toEqual([TYPO]);
    await settled();
    const saved = await directory.load(ALICE);
    expect(saved.contacts.map((c) => c.aor)).toEqual([BOB]);
    expect(saved.calls.map((c) => c.peer)).toEqual([TYPO]);
  });

  it.each([
    { name: 'a name', input: '  Bob Builder ', want: 'Bob Builder' },
    { name: 'an empty name goes back to the address', input: '  ', want: undefined },
  ])('renames with $name, on this device too', async ({ input, want }) => {
    const { store, directory } = await signedIn();
    store.getState().renameContact(BOB, 'Robert');
    store.getState().renameContact(BOB, input);
    expect(directorySelectors.contacts(store.getState()).find((c) => c.aor === BOB)?.displayName).toBe(want);
    await settled();
    expect((await directory.load(ALICE)).contacts.find((c) => c.aor === BOB)?.displayName).toBe(want);
  });
});
