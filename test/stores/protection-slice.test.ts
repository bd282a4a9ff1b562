/**
 * End-to-end protection in the stores: the security context handed to the SipClient (waiting for a peer's certificate
 * is the directory's: test/services/peer-certificate-directory.test.ts), the short authentication string, the
 * downgrade warning and the encrypted-only choice.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryKeyValueStorage } from '../../src/services/settings-storage.ts';
import { createAppStore } from '../../src/stores/app-store.ts';
import { signedIn, testDeps } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';
const FP_A = 'sha-256 ' + 'AB:'.repeat(31) + 'AB';
const FP_B = 'sha-256 ' + 'CD:'.repeat(31) + 'CD';

describe('protection', () => {
  it('hands the SipClient a security context made of the services, which the store actions change', async () => {
    const { store, sip } = await signedIn();
    const context = sip.security!;
    expect(context).not.toBeNull();
    expect(context.ownKey()).toBeNull(); // no key yet
    expect(context.cachedPeerCertificate(BOB)).toBeNull();
    expect(context.secureOnly()).toBe(false);
    store.getState().setSecureOnly(true);
    expect(context.secureOnly()).toBe(true);
    expect(typeof (await context.codec()).readSessionBody).toBe('function');
  });

  it("the context's peerCertificate: null after the wait when nothing comes; a refresh subscribes anew", async () => {
    const { sip } = await signedIn();
    const context = sip.security!;
    const t0 = Date.now();
    expect(await context.peerCertificate(BOB, { waitMs: 60 })).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
    expect(sip.background.filter((l) => l === `subscribe ${BOB} certificate`)).toHaveLength(1);
    const first = sip.subscriptionIds.get(`${BOB} certificate`);
    expect(await context.peerCertificate(BOB, { waitMs: 30, refresh: true })).toBeNull();
    expect(sip.background).toContain(`unsubscribe ${first}`);
    expect(sip.background.filter((l) => l === `subscribe ${BOB} certificate`)).toHaveLength(2);
  });

  it('derives the same short authentication string whichever side is local', async () => {
    const { store, sip } = await signedIn();
    const protection = { encrypted: true, verifiedPeer: BOB } as const;
    sip.emit('call', sip.callInfo({ id: 'c1', direction: 'outgoing', peer: BOB, state: 'connected', fingerprints: { local: [FP_A], remote: [FP_B] }, protection }));
    sip.emit('call', sip.callInfo({ id: 'c2', direction: 'incoming', peer: BOB, state: 'connected', fingerprints: { local: [FP_B], remote: [FP_A] }, protection }));
    await expect.poll(() => store.getState().protection.sasByCall.c2, { timeout: 5000 }).toBeDefined();
    await expect.poll(() => store.getState().protection.sasByCall.c1, { timeout: 5000 }).toBeDefined();
    const sas = store.getState().protection.sasByCall;
    expect(sas.c1).toMatch(/^\w+ \w+ \w+ \w+$/);
    expect(sas.c1).toBe(sas.c2);
  });

  it('no four words for a call that is not end-to-end encrypted: its fingerprints came in SDP the servers could change', async () => {
    const { store, sip } = await signedIn();
    const fingerprints = { local: [FP_A], remote: [FP_B] };
    sip.emit('call', sip.callInfo({ id: 'c1', direction: 'outgoing', peer: BOB, state: 'connected', fingerprints, protection: { encrypted: false, kind: 'peer-answered-clear' } }));
    sip.emit('call', sip.callInfo({ id: 'c2', direction: 'outgoing', peer: BOB, state: 'connected', fingerprints, protection: { encrypted: true, verifiedPeer: BOB } }));
    await expect.poll(() => store.getState().protection.sasByCall.c2, { timeout: 5000 }).toBeDefined();
    expect(store.getState().protection.sasByCall.c1).toBeUndefined();
  });

  it('warns of a downgrade only after an encrypted call with the same peer, remembered across restarts', async () => {
    const storage = createMemoryKeyValueStorage();
    const { store, sip } = await signedIn({ storage });
    sip.emit('call', sip.callInfo({ id: 'c1', direction: 'outgoing', peer: BOB, protection: { encrypted: false, kind: 'peer-certificate-missing' } }));
    expect(store.getState().protection.downgradeByCall.c1).toBeUndefined();
    sip.emit('call', sip.callInfo({ id: 'c2', direction: 'outgoing', peer: BOB, protection: { encrypted: true, verifiedPeer: BOB } }));
    expect(store.getState().protection.downgradeByCall.c2).toBeUndefined();

    const again = createAppStore(testDeps({ storage }));
    await again.getState().signIn({ serverUrl: 'ws://127.0.0.1:18080/sip', aor: 'alice@sealphone.test', password: 'pw', rememberPassword: false });
    again.getState().receiveCallProtection({ ...sip.callInfo({ id: 'c3', direction: 'incoming', peer: BOB }), protection: { encrypted: false, kind: 'caller-sent-clear' } });
    expect(again.getState().protection.downgradeByCall.c3).toBe(true);
    expect(again.getState().protection.secureOnly).toBe(false);
  });

  it('keeps the encrypted-only choice', async () => {
    const storage = createMemoryKeyValueStorage();
    const { store } = await signedIn({ storage });
    store.getState().setSecureOnly(true);
    const again = createAppStore(testDeps({ storage }));
    expect(again.getState().protection.secureOnly).toBe(true);
  });
});
