/**
 * The peer certificates slice, mirroring the peer certificate directory (services/peer-certificate-directory.ts, tested
 * there in depth): cached certificates while the server says nothing, and verdicts from NOTIFYs.
 */
import { describe, expect, it } from 'vitest';
import { signedIn } from './test-deps.ts';

const BOB = 'sip:bob@sealphone.test';
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('peer certificates', () => {
  it('subscribes once per peer and shows a cached, still valid certificate meanwhile', async () => {
    const { store, deps, sip } = await signedIn();
    await deps.certificateCache.put(`sip:alice@sealphone.test ${BOB}`, {
      subscribedUri: BOB,
      certificateDer: new Uint8Array([0x30]),
      fingerprintHex: 'AB:'.repeat(31) + 'CD',
      notBefore: 0,
      notAfter: Date.now() + 86_400_000,
      verifiedAt: 1,
    });
    store.getState().watchCertificate(BOB);
    store.getState().watchCertificate('bob');
    await settle();
    expect(sip.background.filter((l) => l === `subscribe ${BOB} certificate`)).toHaveLength(1);
    expect(store.getState().peerCertificates.byPeer[BOB]).toMatchObject({ status: 'verified', cached: true, fingerprint: 'ABAB '.repeat(15) + 'ABCD' });
  });

  it('an expired or revoked cache entry is not used', async () => {
    const { store, deps } = await signedIn();
    const entry = { subscribedUri: BOB, certificateDer: new Uint8Array([0x30]), fingerprintHex: 'AB:'.repeat(31) + 'CD', notBefore: 0, verifiedAt: 1 };
    // The test clock (deps.now) says 5000.
    await deps.certificateCache.put(`sip:alice@sealphone.test ${BOB}`, { ...entry, notAfter: 4000 });
    const CAROL = 'sip:carol@sealphone.test';
    await deps.certificateCache.put(`sip:alice@sealphone.test ${CAROL}`, { ...entry, subscribedUri: CAROL, notAfter: 9_000_000_000_000, revokedAt: 4000 });
    store.getState().watchCertificate(BOB);
    store.getState().watchCertificate(CAROL);
    await settle();
    expect(store.getState().peerCertificates.byPeer[BOB]).toEqual({ status: 'checking' });
    expect(store.getState().peerCertificates.byPeer[CAROL]).toEqual({ status: 'checking' });
  });

  it('a NOTIFY that is not SIP: rejected, with the reason', async () => {
    const { store, sip } = await signedIn();
    store.getState().watchCertificate(BOB);
    sip.emit('notify', { subscriptionId: sip.subscriptionIds.get(`${BOB} certificate`)!, target: BOB, event: 'certificate', message: new Uint8Array([1, 2, 3]) });
    await expect.poll(() => store.getState().peerCertificates.byPeer[BOB]).toMatchObject({ status: 'rejected', reason: 'malformed' });
  });

  it('the peer of a conversation and of a call is watched', async () => {
    const { store, sip } = await signedIn();
    store.getState().setTarget('carol');
    await settle();
    expect(sip.background).toContain('subscribe sip:carol@sealphone.test certificate');
  });
});
