/**
 * The certificate services as createAppStore composes them: the secure layer's context answers from the services
 * (a changed store state does not reach it), the slices mirror the services, and the sign-in starts and ends them.
 */
import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { createTestAuthority, credentialNotify, signedCredentialNotify } from '../services/credential-notify.ts';
import { signedIn } from './test-deps.ts';

const crypto = webcrypto as unknown as Crypto;
const ALICE = 'sip:alice@sealphone.test';
const BOB = 'sip:bob@sealphone.test';

/** The test deps' clock (`now: () => 5000`): the authentication service's signature is checked at this time. */
const NOW = new Date(5000);

async function withKeyRequest() {
  const authority = await createTestAuthority('sealphone.test', crypto, NOW);
  const signed = await signedIn({ authServiceCertificates: createAuthServiceCertificates({ fetch: () => Promise.reject(new Error('offline')), pinned: { [authority.url]: authority.certificateDer } }) });
  const { store, sip } = signed;
  await expect.poll(() => sip.subscriptionIds.get(`${ALICE} credential`)).toBeDefined();
  const message = await signedCredentialNotify(ALICE, null, crypto, authority, { date: NOW });
  sip.emit('notify', { subscriptionId: sip.subscriptionIds.get(`${ALICE} credential`)!, target: ALICE, event: 'credential', message });
  await expect.poll(() => store.getState().ownKey.status).toBe('needs-new-key');
  return signed;
}

describe('certificate services in the app store', () => {
  it('the own key: asked for on sign-in, made through the store, and the signer handed to the secure layer', async () => {
    const { store, sip } = await withKeyRequest();
    expect(store.getState().ownKey).toEqual({ status: 'needs-new-key', publication: 'none', dialog: 'create' });
    store.getState().closeKeyDialog();
    expect(store.getState().ownKey.dialog).toBeNull();
    expect(sip.security!.ownKey()).toBeNull();
    await store.getState().createKey('seven quiet rivers under glass');
    expect(store.getState().ownKey).toMatchObject({ status: 'ready', fingerprint: expect.any(String) });
    expect(sip.security!.ownKey()?.certificate).toBeInstanceOf(Uint8Array);
    await expect.poll(() => sip.background).toContain(`request PUBLISH ${ALICE}`);
  });

  it('an unsigned credential NOTIFY is checked by the real checker and ignored, with a warning (RFC 6072 section 8)', async () => {
    const { store, sip } = await withKeyRequest();
    sip.emit('notify', { subscriptionId: sip.subscriptionIds.get(`${ALICE} credential`)!, target: ALICE, event: 'credential', message: credentialNotify(ALICE, null, crypto, 'terminated;reason=deactivated') });
    await expect.poll(() => store.getState().ownKey.ignoredNotify).toMatch(/not signed by its domain's authentication service/);
    expect(store.getState().ownKey.status).toBe('needs-new-key');
  });

  it('the secure layer reads the services, not the store', async () => {
    const { store, sip } = await signedIn();
    store.setState({ ownKey: { ...store.getState().ownKey, status: 'ready' }, protection: { ...store.getState().protection, secureOnly: true } });
    store.setState({ peerCertificates: { byPeer: { [BOB]: { status: 'verified', fingerprintHex: 'AB', fingerprint: 'AB', notAfter: Date.now() + 1e9, cached: true } } } });
    expect(sip.security!.ownKey()).toBeNull();
    expect(sip.security!.secureOnly()).toBe(false);
    expect(sip.security!.cachedPeerCertificate(BOB)).toBeNull();
  });

  it('signing out ends the own credential subscription and forgets the peers', async () => {
    const { store, sip } = await withKeyRequest();
    store.getState().watchCertificate(BOB);
    expect(store.getState().peerCertificates.byPeer[BOB]).toEqual({ status: 'checking' });
    await store.getState().signOut();
    expect(store.getState().ownKey).toEqual({ status: 'idle', publication: 'none', dialog: null });
    expect(store.getState().peerCertificates.byPeer).toEqual({});
    expect(sip.background).toContain(`unsubscribe ${sip.subscriptionIds.get(`${ALICE} credential`)}`);
    expect(sip.guards.has('credential')).toBe(false);
  });
});
