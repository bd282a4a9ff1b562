/**
 * The person's own judgement beside the server's, in the peer certificate directory: an early key change stays
 * unacknowledged across reloads (a new directory over the same cache) until "I understand"; a key marked "Verified
 * by you" stays marked across reloads, per account, and not for a new key; a certificate the server took away reads as
 * revoked. NOTIFYs signed by `openssl dgst -sign` (test/fixtures/openssl/credentials).
 */
import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { serializeSipMessage } from '../../src/core/sip/index.ts';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { createMemoryCertificateCache, type CachedCertificate, type CertificateCache } from '../../src/services/certificate-cache.ts';
import { credentialServices } from '../../src/services/credential-services.ts';
import { createPeerCertificateDirectory } from '../../src/services/peer-certificate-directory.ts';
import { createMemoryVerifiedKeyStore, type VerifiedKeyStore } from '../../src/services/verified-keys.ts';
import { AS_URL, NOW, fixture, notify } from '../core/credentials/fixture.ts';
import { FakeUserAgent } from './fake-user-agent.ts';

const crypto = webcrypto as unknown as Crypto;
const BOB = 'sip:bob@example.test';
const ALICE = 'sip:alice@example.test';
const BOB_FINGERPRINT = '86:54:17:32:AC:14:75:22:23:4A:06:91:16:ED:8D:91:C6:0F:81:D6:D7:BE:2F:47:1C:CF:A2:FD:1A:13:B2:89';
const OLD_FINGERPRINT = 'AB:'.repeat(31) + 'CD';
const OLD_END = NOW.getTime() + 5 * 365 * 86_400_000;
const bobNotify = () => serializeSipMessage(notify(fixture('bob.cer'), 'notify-bob.sig'));
const emptyNotify = () => serializeSipMessage(notify(new Uint8Array(0), 'notify-empty.sig', { 'Content-Type': undefined, 'Content-Disposition': undefined }));

/** One sign-in of `account` on a device whose IndexedDB is `cache` and `verifiedKeys` (a reload is a new one). */
function device(cache: CertificateCache, verifiedKeys: VerifiedKeyStore, account = 'alice@example.test') {
  const sip = new FakeUserAgent();
  const directory = createPeerCertificateDirectory({
    sip,
    credentials: async () => credentialServices,
    authServiceCertificates: createAuthServiceCertificates({ fetch: () => Promise.reject(new Error('offline')), pinned: { [AS_URL]: fixture('as.cer') } }),
    certificateCache: cache,
    verifiedKeys,
    crypto,
    now: () => NOW.getTime(),
  });
  directory.start({ aor: account, serverUrl: 'wss://sip.example.test/sip' });
  const bob = () => directory.byPeer[BOB];
  return { sip, directory, bob };
}

const oldEntry = (): CachedCertificate => ({
  subscribedUri: BOB,
  certificateDer: fixture('bob.cer'),
  fingerprintHex: OLD_FINGERPRINT,
  notBefore: NOW.getTime() - 86_400_000,
  notAfter: OLD_END,
  verifiedAt: 1,
});

/** bob's key changed early on this device: the cache held an older key far from its end, then bob's NOTIFY came. */
async function keyChanged() {
  const cache = createMemoryCertificateCache();
  const verifiedKeys = createMemoryVerifiedKeyStore();
  await cache.put(`${ALICE} ${BOB}`, { ...oldEntry(), revokedAt: 1 });
  const first = device(cache, verifiedKeys);
  first.directory.watch(BOB);
  first.sip.notify(BOB, 'certificate', bobNotify());
  await expect.poll(() => first.bob()).toMatchObject({ status: 'verified', fingerprintHex: BOB_FINGERPRINT, warning: expect.stringContaining('changed although the old one') });
  return { cache, verifiedKeys, first };
}

describe('an early key change stays until it is acknowledged', () => {
  it('comes back after a reload, from the cache, before the server answers', async () => {
    const { cache, verifiedKeys } = await keyChanged();
    const reloaded = device(cache, verifiedKeys);
    reloaded.directory.watch(BOB);
    await expect.poll(() => reloaded.bob()).toMatchObject({ status: 'verified', cached: true, warning: expect.stringContaining(`valid until ${new Date(OLD_END).toLocaleDateString()}`) });
  });

  it('comes back after a reload when the same certificate is notified again before the cache is read', async () => {
    const { cache, verifiedKeys } = await keyChanged();
    const reloaded = device(cache, verifiedKeys);
    reloaded.directory.watch(BOB);
    reloaded.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => reloaded.bob()).toMatchObject({ status: 'verified', cached: false, warning: expect.stringContaining('changed although') });
    expect((await cache.get(`${ALICE} ${BOB}`))?.changedFrom).toEqual({ fingerprintHex: OLD_FINGERPRINT, notAfter: OLD_END });
  });

  it('"I understand": gone at once, and after a reload', async () => {
    const { cache, verifiedKeys, first } = await keyChanged();
    await first.directory.acknowledgeChange(BOB);
    expect(first.bob()).not.toHaveProperty('warning');
    const reloaded = device(cache, verifiedKeys);
    reloaded.directory.watch(BOB);
    reloaded.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => reloaded.bob()?.status).toBe('verified');
    expect(reloaded.bob()).not.toHaveProperty('warning');
  });
});

describe('"Verified by you"', () => {
  it('is kept on this device for that account and that key, and can be taken back', async () => {
    const cache = createMemoryCertificateCache();
    const verifiedKeys = createMemoryVerifiedKeyStore();
    const first = device(cache, verifiedKeys);
    first.directory.watch(BOB);
    first.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => first.bob()?.status).toBe('verified');
    expect(first.bob()).not.toHaveProperty('verifiedByYou');
    expect(await first.directory.markVerified(BOB, OLD_FINGERPRINT, 'fingerprint')).toBe(false);
    expect(await first.directory.markVerified('bob@example.test', BOB_FINGERPRINT, 'fingerprint')).toBe(true);
    expect(first.bob()).toMatchObject({ verifiedByYou: true });

    const reloaded = device(cache, verifiedKeys);
    reloaded.directory.watch(BOB);
    await expect.poll(() => reloaded.bob()).toMatchObject({ status: 'verified', cached: true, verifiedByYou: true });

    const otherAccount = device(cache, verifiedKeys, 'carol@example.test');
    otherAccount.directory.watch(BOB);
    otherAccount.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => otherAccount.bob()?.status).toBe('verified');
    expect(otherAccount.bob()).not.toHaveProperty('verifiedByYou');

    await reloaded.directory.unmarkVerified(BOB);
    expect(reloaded.bob()).not.toHaveProperty('verifiedByYou');
    const again = device(cache, verifiedKeys);
    again.directory.watch(BOB);
    again.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => again.bob()?.status).toBe('verified');
    expect(again.bob()).not.toHaveProperty('verifiedByYou');
  });

  it('is not carried to a new key', async () => {
    const cache = createMemoryCertificateCache();
    const verifiedKeys = createMemoryVerifiedKeyStore();
    await cache.put(`${ALICE} ${BOB}`, oldEntry());
    const first = device(cache, verifiedKeys);
    first.directory.watch(BOB);
    await expect.poll(() => first.bob()).toMatchObject({ status: 'verified', fingerprintHex: OLD_FINGERPRINT });
    expect(await first.directory.markVerified(BOB, OLD_FINGERPRINT, 'words')).toBe(true);
    first.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => first.bob()).toMatchObject({ fingerprintHex: BOB_FINGERPRINT });
    expect(first.bob()).not.toHaveProperty('verifiedByYou');
    expect(first.bob()).toHaveProperty('warning');
  });
});

describe('a certificate the server takes away reads as revoked', () => {
  it('an empty NOTIFY after a certificate: revoked, also after a reload; never one before: no certificate', async () => {
    const cache = createMemoryCertificateCache();
    const verifiedKeys = createMemoryVerifiedKeyStore();
    const first = device(cache, verifiedKeys);
    first.directory.watch(BOB);
    first.sip.notify(BOB, 'certificate', emptyNotify());
    await expect.poll(() => first.bob()?.status).toBe('none');
    expect(first.bob()).toEqual({ status: 'none' });
    first.sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => first.bob()?.status).toBe('verified');
    first.sip.notify(BOB, 'certificate', emptyNotify());
    await expect.poll(() => first.bob()).toEqual({ status: 'none', revoked: true });

    const reloaded = device(cache, verifiedKeys);
    reloaded.directory.watch(BOB);
    reloaded.sip.notify(BOB, 'certificate', emptyNotify());
    await expect.poll(() => reloaded.bob()).toEqual({ status: 'none', revoked: true });
  });

  it('a subscription the server ends after a certificate: revoked', async () => {
    const { sip, directory, bob } = device(createMemoryCertificateCache(), createMemoryVerifiedKeyStore());
    directory.watch(BOB);
    sip.notify(BOB, 'certificate', bobNotify());
    await expect.poll(() => bob()?.status).toBe('verified');
    sip.subscriptionChanged({ id: sip.ids.get(`${BOB} certificate`)!, state: 'terminated', notifierReason: 'noresource' });
    expect(bob()).toEqual({ status: 'none', revoked: true });
  });
});
