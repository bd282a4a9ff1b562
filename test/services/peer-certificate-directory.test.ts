/**
 * The peer certificate directory over NOTIFYs signed by `openssl dgst -sign` (test/fixtures/openssl/credentials, with
 * its authentication service certificate pinned): subscriptions per peer, the verdict of each NOTIFY as the UI shows
 * it, awaitCertificate settling on each verdict, on time and on a refresh, and the cache on this device.
 */
import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { serializeSipMessage } from '../../src/core/sip/index.ts';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { createMemoryCertificateCache, type CachedCertificate } from '../../src/services/certificate-cache.ts';
import { credentialServices } from '../../src/services/credential-services.ts';
import { createPeerCertificateDirectory, type PeerCertificates } from '../../src/services/peer-certificate-directory.ts';
import { AS_URL, NOW, fixture, notify } from '../core/credentials/fixture.ts';
import { FakeUserAgent } from './fake-user-agent.ts';

const crypto = webcrypto as unknown as Crypto;
const BOB = 'sip:bob@example.test';
const ALICE = 'sip:alice@example.test';
/** bob.cer's SHA-256 (`openssl x509 -fingerprint -sha256`). */
const BOB_FINGERPRINT = '86:54:17:32:AC:14:75:22:23:4A:06:91:16:ED:8D:91:C6:0F:81:D6:D7:BE:2F:47:1C:CF:A2:FD:1A:13:B2:89';
const EMPTY_HEADERS = { 'Content-Type': undefined, 'Content-Disposition': undefined };

const NOTIFIES = {
  bob: () => serializeSipMessage(notify(fixture('bob.cer'), 'notify-bob.sig')),
  empty: () => serializeSipMessage(notify(new Uint8Array(0), 'notify-empty.sig', EMPTY_HEADERS)),
  junk: () => serializeSipMessage(notify(fixture('junk.bin'), 'notify-junk.sig')),
};

function setUp() {
  const sip = new FakeUserAgent();
  const certificateCache = createMemoryCertificateCache();
  const directory = createPeerCertificateDirectory({
    sip,
    credentials: async () => credentialServices,
    authServiceCertificates: createAuthServiceCertificates({ fetch: () => Promise.reject(new Error('offline')), pinned: { [AS_URL]: fixture('as.cer') } }),
    certificateCache,
    crypto,
    now: () => NOW.getTime(),
  });
  directory.start({ aor: 'alice@example.test', serverUrl: 'wss://sip.example.test/sip' });
  const changes: PeerCertificates[] = [];
  directory.onChange((byPeer) => changes.push(byPeer));
  /** Resolves once `aor` is no longer being checked. */
  const settled = (aor: string) => expect.poll(() => directory.byPeer[aor]?.status, { timeout: 5000 }).not.toBe('checking');
  return { sip, certificateCache, directory, changes, settled };
}

const cachedEntry = (change: Partial<CachedCertificate> = {}): CachedCertificate => ({
  subscribedUri: BOB,
  certificateDer: fixture('bob.cer'),
  fingerprintHex: BOB_FINGERPRINT,
  notBefore: 0,
  notAfter: NOW.getTime() + 86_400_000,
  verifiedAt: 1,
  ...change,
});

describe('peer certificate directory', () => {
  it('subscribes once per peer, whatever form of the address, and never to the signed-in account', () => {
    const { sip, directory } = setUp();
    directory.watch(BOB);
    directory.watch('bob@example.test');
    directory.watch('"Bob" <sip:bob@example.test>');
    directory.watch(ALICE);
    expect(sip.log).toEqual([`subscribe ${BOB} certificate`]);
    expect(directory.byPeer).toEqual({ [BOB]: { status: 'checking' } });
  });

  it('a verified NOTIFY: shown with its fingerprint, used, and cached for this account', async () => {
    const { sip, directory, certificateCache, settled } = setUp();
    directory.watch(BOB);
    sip.notify(BOB, 'certificate', NOTIFIES.bob());
    await settled(BOB);
    expect(directory.byPeer[BOB]).toEqual({
      status: 'verified',
      fingerprintHex: BOB_FINGERPRINT,
      fingerprint: credentialServices.readableFingerprint(BOB_FINGERPRINT),
      notAfter: expect.any(Number),
      cached: false,
    });
    expect(directory.cached('bob@example.test')).toEqual(fixture('bob.cer'));
    await expect.poll(() => certificateCache.get(`${ALICE} ${BOB}`)).toMatchObject({ subscribedUri: BOB, fingerprintHex: BOB_FINGERPRINT, verifiedAt: NOW.getTime() });
  });

  it('a NOTIFY of a subscription that is no longer ours is dropped', async () => {
    const { sip, directory } = setUp();
    directory.watch(BOB);
    sip.notify(BOB, 'certificate', NOTIFIES.bob());
    directory.reset();
    await new Promise((r) => setTimeout(r, 50));
    expect(directory.byPeer).toEqual({});
    expect(directory.cached(BOB)).toBeNull();
  });

  describe('awaitCertificate', () => {
    it('settles on a verified certificate as soon as it comes', async () => {
      const { sip, directory } = setUp();
      const waiting = directory.awaitCertificate(BOB, { waitMs: 5000 });
      expect(sip.log).toEqual([`subscribe ${BOB} certificate`]);
      sip.notify(BOB, 'certificate', NOTIFIES.bob());
      const t0 = Date.now();
      expect(await waiting).toEqual(fixture('bob.cer'));
      expect(Date.now() - t0).toBeLessThan(4000);
    });

    it('settles on "none": null at once, then too for a peer known to have none', async () => {
      const { sip, directory, settled } = setUp();
      const waiting = directory.awaitCertificate(BOB, { waitMs: 5000 });
      sip.notify(BOB, 'certificate', NOTIFIES.empty());
      expect(await waiting).toBeNull();
      await settled(BOB);
      expect(directory.byPeer[BOB]).toEqual({ status: 'none' });
      const t0 = Date.now();
      expect(await directory.awaitCertificate(BOB, { waitMs: 5000 })).toBeNull();
      expect(Date.now() - t0).toBeLessThan(1000);
    });

    it('settles on a rejected NOTIFY: null, and the reason shown', async () => {
      const { sip, directory } = setUp();
      const waiting = directory.awaitCertificate(BOB, { waitMs: 5000 });
      sip.notify(BOB, 'certificate', new Uint8Array([1, 2, 3]));
      expect(await waiting).toBeNull();
      expect(directory.byPeer[BOB]).toMatchObject({ status: 'rejected', reason: 'malformed' });
      sip.notify(BOB, 'certificate', NOTIFIES.junk());
      await expect.poll(() => directory.byPeer[BOB]).toMatchObject({ status: 'rejected', reason: 'malformed', message: 'The answer about sip:bob@example.test does not hold a readable certificate.' });
    });

    it('null after the wait when nothing comes', async () => {
      const { sip, directory } = setUp();
      const t0 = Date.now();
      expect(await directory.awaitCertificate(BOB, { waitMs: 60 })).toBeNull();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
      expect(sip.log).toEqual([`subscribe ${BOB} certificate`]);
    });

    it('a refresh subscribes anew: the old subscription is ended and its NOTIFYs dropped', async () => {
      const { sip, directory } = setUp();
      directory.watch(BOB);
      const first = sip.ids.get(`${BOB} certificate`)!;
      expect(await directory.awaitCertificate(BOB, { waitMs: 30, refresh: true })).toBeNull();
      expect(sip.log).toEqual([`subscribe ${BOB} certificate`, `unsubscribe ${first}`, `subscribe ${BOB} certificate`]);
      sip.notify(BOB, 'certificate', NOTIFIES.bob(), first);
      await new Promise((r) => setTimeout(r, 50));
      expect(directory.byPeer[BOB]).toEqual({ status: 'checking' });
      const again = directory.awaitCertificate(BOB, { waitMs: 5000 });
      sip.notify(BOB, 'certificate', NOTIFIES.bob());
      expect(await again).toEqual(fixture('bob.cer'));
    });

    it('a refresh forgets a verified certificate until the cache or the new NOTIFY brings it back', async () => {
      const { sip, directory, changes } = setUp();
      directory.watch(BOB);
      sip.notify(BOB, 'certificate', NOTIFIES.bob());
      expect(await directory.awaitCertificate(BOB, { waitMs: 5000 })).toEqual(fixture('bob.cer'));
      const refreshed = directory.awaitCertificate(BOB, { waitMs: 5000, refresh: true });
      expect(directory.byPeer[BOB]).toEqual({ status: 'checking' });
      expect(directory.cached(BOB)).toBeNull();
      expect(await refreshed).toEqual(fixture('bob.cer'));
      expect(changes.at(-1)?.[BOB]).toMatchObject({ status: 'verified', cached: true });
    });
  });

  describe('the cache on this device', () => {
    it('a cached, valid certificate is shown and used until the server answers', async () => {
      const { directory, certificateCache } = setUp();
      await certificateCache.put(`${ALICE} ${BOB}`, cachedEntry());
      expect(await directory.awaitCertificate(BOB, { waitMs: 5000 })).toEqual(fixture('bob.cer'));
      expect(directory.byPeer[BOB]).toMatchObject({ status: 'verified', cached: true, fingerprintHex: BOB_FINGERPRINT });
    });

    it('an expired, revoked or other account\'s entry is not used', async () => {
      const { directory, certificateCache } = setUp();
      await certificateCache.put(`${ALICE} ${BOB}`, cachedEntry({ notAfter: NOW.getTime() - 1 }));
      await certificateCache.put(`${ALICE} sip:carol@example.test`, cachedEntry({ subscribedUri: 'sip:carol@example.test', revokedAt: 1 }));
      await certificateCache.put(`sip:zed@example.test sip:dave@example.test`, cachedEntry({ subscribedUri: 'sip:dave@example.test' }));
      for (const peer of [BOB, 'sip:carol@example.test', 'sip:dave@example.test']) expect(await directory.awaitCertificate(peer, { waitMs: 50 })).toBeNull();
      expect(Object.values(directory.byPeer).map((c) => c.status)).toEqual(['checking', 'checking', 'checking']);
    });

    it('an empty NOTIFY marks the cached certificate revoked; it is no longer used', async () => {
      const { sip, directory, certificateCache, settled } = setUp();
      await certificateCache.put(`${ALICE} ${BOB}`, cachedEntry());
      expect(await directory.awaitCertificate(BOB, { waitMs: 5000 })).not.toBeNull();
      sip.notify(BOB, 'certificate', NOTIFIES.empty());
      await expect.poll(async () => (await certificateCache.get(`${ALICE} ${BOB}`))?.revokedAt).toBe(NOW.getTime());
      await settled(BOB);
      expect(directory.cached(BOB)).toBeNull();
    });

    it('a certificate that replaces one far from its end carries a warning (RFC 6072 section 10.8)', async () => {
      const { sip, directory, certificateCache } = setUp();
      const oldEnd = NOW.getTime() + 5 * 365 * 86_400_000;
      await certificateCache.put(`${ALICE} ${BOB}`, cachedEntry({ fingerprintHex: 'AB:'.repeat(31) + 'CD', notBefore: NOW.getTime() - 86_400_000, notAfter: oldEnd, revokedAt: 1 }));
      directory.watch(BOB);
      sip.notify(BOB, 'certificate', NOTIFIES.bob());
      await expect.poll(() => directory.byPeer[BOB]?.status).toBe('verified');
      expect(directory.byPeer[BOB]).toMatchObject({
        warning: `The key of bob@example.test changed although the old one was valid until ${new Date(oldEnd).toLocaleDateString()}. Compare the new fingerprint with them, in person or on a call, before you trust it.`,
      });
    });
  });

  describe('when the subscription ends (RFC 6072 section 4, issue 16 deliverable 4)', () => {
    for (const [reason, state] of [['deactivated', 'retrying'], ['noresource', 'terminated'], ['rejected', 'terminated']] as const) {
      it(`ended by the server (${reason}): the certificate is dropped, no longer used, and its cache entry unusable`, async () => {
        const { sip, directory, certificateCache, settled } = setUp();
        directory.watch(BOB);
        sip.notify(BOB, 'certificate', NOTIFIES.bob());
        await settled(BOB);
        expect(directory.cached(BOB)).not.toBeNull();
        sip.subscriptionChanged({ id: sip.ids.get(`${BOB} certificate`)!, state, notifierReason: reason });
        expect(directory.cached(BOB)).toBeNull();
        expect(directory.byPeer[BOB]).toEqual(state === 'retrying' ? { status: 'checking' } : { status: 'none', revoked: true });
        await expect.poll(async () => (await certificateCache.get(`${ALICE} ${BOB}`))?.revokedAt).toBe(NOW.getTime());
        // A new answer of the server brings it back.
        sip.notify(BOB, 'certificate', NOTIFIES.bob());
        await expect.poll(() => directory.cached(BOB)).not.toBeNull();
      });
    }

    it('lost with the connection: kept, as saved on this device, until the server answers again', async () => {
      const { sip, directory, settled } = setUp();
      directory.watch(BOB);
      sip.notify(BOB, 'certificate', NOTIFIES.bob());
      await settled(BOB);
      sip.subscriptionChanged({ id: sip.ids.get(`${BOB} certificate`)!, state: 'retrying' });
      expect(directory.cached(BOB)).toEqual(fixture('bob.cer'));
      expect(directory.byPeer[BOB]).toMatchObject({ status: 'verified', cached: true });
    });
  });

  it('reports each change to its listeners and stops listening when disposed', async () => {
    const { sip, directory, changes } = setUp();
    directory.watch(BOB);
    sip.notify(BOB, 'certificate', NOTIFIES.empty());
    await expect.poll(() => changes.length).toBe(2);
    expect(changes.map((c) => c[BOB]?.status)).toEqual(['checking', 'none']);
    directory.reset();
    expect(changes.at(-1)).toEqual({});
    directory.dispose();
    expect(sip.listenerCount()).toBe(0);
  });
});
