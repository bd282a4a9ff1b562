/**
 * The own credential service with the real crypto core (keys made with 1,000 PBKDF2 iterations): what each credential
 * NOTIFY of our own subscription leads to (RFC 6072 section 6), the user's actions, the publication and the sign-out.
 */
import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { credentialServices } from '../../src/services/credential-services.ts';
import { createMemoryDeviceKeyStore, type DeviceKey } from '../../src/services/device-key-store.ts';
import { CREDENTIAL_ACCEPT, createOwnCredential } from '../../src/services/own-credential.ts';
import type { OwnCredentialStatus } from '../../src/services/own-credential-state.ts';
import { rejected } from '../../src/core/credentials/certificate-verdict.ts';
import type { NotifyIdentityVerdict } from '../../src/core/credentials/check-certificate-notify.ts';
import { credentialNotify } from './credential-notify.ts';
import { FakeUserAgent } from './fake-user-agent.ts';

const crypto = webcrypto as unknown as Crypto;
const ALICE = 'sip:alice@example.test';
const SERVER = 'wss://example.test/sip';
const PASSPHRASE = 'seven quiet rivers under glass';
const OTHER_PASSPHRASE = 'another device, another passphrase';

const makeKey = (passphrase = PASSPHRASE) => credentialServices.createDeviceKey(ALICE, passphrase, crypto, { iterations: 1000 });

/** NOTIFY bytes the fake Identity check refuses (as an unsigned or badly signed NOTIFY); others pass. */
const forged = new WeakSet<Uint8Array>();
const checkIdentity = async (_aor: string, message: Uint8Array): Promise<NotifyIdentityVerdict> =>
  forged.has(message) ? rejected('identity-missing', 'The answer about alice is not signed by its domain\'s authentication service (no Identity header).') : { kind: 'signed', signedAt: new Date() };

async function setUp(stored?: DeviceKey) {
  const sip = new FakeUserAgent();
  const deviceKeys = createMemoryDeviceKeyStore();
  if (stored) await deviceKeys.put(ALICE, stored);
  const credential = createOwnCredential({ sip, publication: sip.publication, deviceKeys, credentials: async () => credentialServices, crypto, keyIterations: 1000, checkIdentity });
  const seen: OwnCredentialStatus[] = [];
  credential.onChange((s) => {
    if (s.status !== seen.at(-1)) seen.push(s.status);
  });
  const notify = (credential: DeviceKey | null, state?: string) => sip.notify(ALICE, 'credential', credentialNotify(ALICE, credential, crypto, state));
  /** A NOTIFY the Identity check refuses. */
  const forgedNotify = (credential: DeviceKey | null, state?: string) => {
    const message = credentialNotify(ALICE, credential, crypto, state);
    forged.add(message);
    sip.notify(ALICE, 'credential', message);
  };
  const status = (want: OwnCredentialStatus) => expect.poll(() => credential.snapshot.status, { timeout: 5000 }).toBe(want);
  return { sip, deviceKeys, credential, seen, notify, forgedNotify, status };
}

describe('own credential', () => {
  it('no key here and none on the server: asks for a new key', async () => {
    const { sip, credential, seen, notify, status } = await setUp();
    await credential.start(ALICE, SERVER);
    expect(sip.log).toEqual([`subscribe ${ALICE} credential`]);
    expect(sip.guards.has('credential')).toBe(true);
    expect(CREDENTIAL_ACCEPT).toContain('application/pkcs8');
    notify(null);
    await status('needs-new-key');
    expect(credential.snapshot).toEqual({ status: 'needs-new-key', publication: 'none', dialog: 'create' });
    expect(seen).toEqual(['checking', 'needs-new-key']);
  });

  it('createKey: working, then ready, stored and published; the signer is there', async () => {
    const { sip, deviceKeys, credential, seen, notify, status } = await setUp();
    await credential.start(ALICE, SERVER);
    notify(null);
    await status('needs-new-key');
    const creating = credential.createKey(PASSPHRASE);
    expect(credential.snapshot).toMatchObject({ status: 'working', working: 'Creating your key…' });
    await creating;
    const key = (await deviceKeys.get(ALICE))!;
    expect(credential.snapshot).toEqual({
      status: 'ready',
      fingerprint: credentialServices.readableFingerprint(key.fingerprintHex),
      fingerprintHex: key.fingerprintHex,
      notAfter: key.notAfter,
      publication: 'publishing',
      publicationFailure: undefined,
      dialog: null,
    });
    expect(seen).toEqual(['checking', 'needs-new-key', 'working', 'ready']);
    expect(sip.publications.map((p) => p.target)).toEqual([ALICE]);
    expect(sip.publications[0]!.log).toEqual([expect.stringMatching(/^publish multipart\/mixed \d+$/)]);
    sip.publications[0]!.report('failed', '403 Forbidden');
    expect(credential.snapshot).toMatchObject({ publication: 'failed', publicationFailure: '403 Forbidden' });
    expect(credential.signer()?.certificate).toEqual(key.certificateDer);
  });

  it('a key kept on this device is ready at once, and published again when the server holds none', async () => {
    const key = await makeKey();
    const { sip, credential, notify, status } = await setUp(key);
    await credential.start(ALICE, SERVER);
    expect(credential.snapshot).toMatchObject({ status: 'ready', fingerprintHex: key.fingerprintHex });
    notify(null);
    await expect.poll(() => sip.publications[0]?.log.length).toBe(1);
    await status('ready');
  });

  it("another device's key: needs-unlock; a wrong passphrase says so, the right one makes it ready", async () => {
    const ours = await makeKey();
    const theirs = await makeKey(OTHER_PASSPHRASE);
    const { sip, credential, notify, status } = await setUp(ours);
    await credential.start(ALICE, SERVER);
    notify(ours);
    await expect.poll(() => sip.publications.length).toBe(1);
    notify(theirs);
    await status('needs-unlock');
    expect(credential.snapshot).toMatchObject({ dialog: 'unlock', publication: 'none' });
    expect(sip.publications[0]!.log.at(-1)).toBe('dispose');
    expect(credential.signer()).toBeNull();
    await credential.unlockKey('not the passphrase');
    expect(credential.snapshot).toMatchObject({ status: 'needs-unlock', error: 'That passphrase does not open your key.', dialog: 'unlock' });
    await credential.unlockKey(OTHER_PASSPHRASE);
    expect(credential.snapshot).toMatchObject({ status: 'ready', fingerprintHex: theirs.fingerprintHex, dialog: null });
    expect(credential.snapshot.error).toBeUndefined();
    expect(credential.signer()?.certificate).toEqual(theirs.certificateDer);
  });

  it('a certificate renewed on another device for this same key is taken without a passphrase (RFC 6072 section 5)', async () => {
    const ours = await makeKey();
    const renewed = await credentialServices.renewDeviceKey(ours, crypto, () => new Date(Date.now() + 1000));
    const { credential, notify } = await setUp(ours);
    await credential.start(ALICE, SERVER);
    notify(renewed);
    await expect.poll(() => credential.snapshot.fingerprintHex).toBe(renewed.fingerprintHex);
    expect(credential.snapshot.status).toBe('ready');
  });

  it('"Not now" keeps the dialog closed during the sign-in, until it is opened again', async () => {
    const { credential, notify, status } = await setUp();
    await credential.start(ALICE, SERVER);
    notify(null);
    await status('needs-new-key');
    credential.closeDialog();
    notify(null);
    await new Promise((r) => setTimeout(r, 20));
    expect(credential.snapshot).toMatchObject({ status: 'needs-new-key', dialog: null });
    credential.openDialog('create');
    expect(credential.snapshot.dialog).toBe('create');
  });

  it('revokeCertificate: Expires 0, and the key is forgotten here', async () => {
    const { sip, deviceKeys, credential, notify, status } = await setUp(await makeKey());
    await credential.start(ALICE, SERVER);
    notify(null);
    await expect.poll(() => sip.publications.length).toBe(1);
    await credential.revokeCertificate();
    expect(sip.publications[0]!.log.at(-1)).toBe('remove');
    expect(credential.snapshot).toEqual({ status: 'revoked', revokedBy: 'this-device', publication: 'removing', dialog: null });
    expect(await deviceKeys.get(ALICE)).toBeUndefined();
    expect(credential.signer()).toBeNull();
    notify(null);
    await new Promise((r) => setTimeout(r, 20));
    await status('revoked'); // not asked for a new key: the Security page offers one
  });

  it('revoked on another device (reason=deactivated, rfc6072#section-6): the key is dropped here', async () => {
    const { deviceKeys, credential, notify, status } = await setUp(await makeKey());
    await credential.start(ALICE, SERVER);
    notify(null, 'terminated;reason=deactivated');
    notify(null);
    await status('revoked');
    expect(credential.snapshot).toEqual({ status: 'revoked', revokedBy: 'another-device', publication: 'none', dialog: null });
    expect(await deviceKeys.get(ALICE)).toBeUndefined();
  });

  it('an unsigned terminated;reason=deactivated, and an unsigned empty NOTIFY, change nothing and are reported (issue 16)', async () => {
    const key = await makeKey();
    const { deviceKeys, credential, notify, forgedNotify, status } = await setUp(key);
    await credential.start(ALICE, SERVER);
    notify(key);
    await status('ready');
    forgedNotify(null, 'terminated;reason=deactivated');
    forgedNotify(null);
    const other = await makeKey(OTHER_PASSPHRASE);
    forgedNotify(other);
    await expect.poll(() => credential.snapshot.ignoredNotify).toMatch(/^A change to your key was ignored because the server did not prove it: .*not signed/);
    await new Promise((r) => setTimeout(r, 50));
    expect(credential.snapshot).toMatchObject({ status: 'ready', fingerprintHex: key.fingerprintHex });
    expect(await deviceKeys.get(ALICE)).toEqual(key);
    // A signed one is acted on again; the report of the attempt stays until sign-out.
    const other2 = await makeKey(OTHER_PASSPHRASE);
    notify(other2);
    await status('needs-unlock');
    expect(credential.snapshot.ignoredNotify).toMatch(/^A change to your key was ignored/);
    credential.reset();
    expect(credential.snapshot.ignoredNotify).toBeUndefined();
  });

  it('over plain ws:// to another machine the credential package is not used: no subscription, no publication, and why', async () => {
    const key = await makeKey();
    const { sip, credential, status } = await setUp(key);
    await credential.start(ALICE, 'ws://sip.example.test/sip');
    await status('ready');
    expect(sip.log).toEqual([]);
    expect(sip.publications).toEqual([]);
    expect(credential.snapshot.transportRefused).toMatch(/not encrypted/);
    // Signed in again through the right server: used again.
    credential.reset();
    await credential.start(ALICE, SERVER);
    expect(sip.log).toEqual([`subscribe ${ALICE} credential`]);
    expect(credential.snapshot.transportRefused).toBeUndefined();
  });

  it('the subscription ended for good while checking: what this device holds decides', async () => {
    const { sip, credential, status } = await setUp();
    await credential.start(ALICE, SERVER);
    sip.subscriptionChanged({ id: 'another', state: 'terminated' });
    sip.subscriptionChanged({ id: sip.ids.get(`${ALICE} credential`)!, state: 'active' });
    expect(credential.snapshot.status).toBe('checking');
    sip.subscriptionChanged({ id: sip.ids.get(`${ALICE} credential`)!, state: 'terminated' });
    await status('needs-new-key');
  });

  it('an unusable credential NOTIFY is answered 437 Unsupported Certificate', async () => {
    const { sip, credential } = await setUp();
    await credential.start(ALICE, SERVER);
    const guard = sip.guards.get('credential')!;
    const of = (message: Uint8Array) => ({ subscriptionId: 'x', target: ALICE, event: 'credential', message });
    expect(await guard(of(new Uint8Array([1, 2, 3])))).toBe(437);
    expect(await guard(of(credentialNotify(ALICE, await makeKey(), crypto)))).toBeUndefined();
  });

  it('signing out ends the subscription and forgets the key; later NOTIFYs and work change nothing', async () => {
    const { sip, credential, notify } = await setUp();
    await credential.start(ALICE, SERVER);
    notify(null);
    await expect.poll(() => credential.snapshot.status).toBe('needs-new-key');
    const creating = credential.createKey(PASSPHRASE);
    credential.reset();
    expect(credential.snapshot).toEqual({ status: 'idle', publication: 'none', dialog: null });
    expect(sip.log.at(-1)).toBe(`unsubscribe ${sip.ids.get(`${ALICE} credential`)}`);
    expect(sip.guards.has('credential')).toBe(false);
    await creating;
    notify(null);
    await new Promise((r) => setTimeout(r, 20));
    expect(credential.snapshot.status).toBe('idle');
    expect(sip.publications).toEqual([]);
    expect(credential.signer()).toBeNull();
  });

  it('actions the state does not allow do nothing', async () => {
    const { credential } = await setUp();
    await credential.createKey(PASSPHRASE);
    await credential.unlockKey(PASSPHRASE);
    await credential.revokeCertificate();
    expect(credential.snapshot.status).toBe('idle');
    expect(() => credential.reset()).not.toThrow();
  });

  it('stops listening to the user agent when disposed', async () => {
    const { sip, credential } = await setUp();
    credential.dispose();
    expect(sip.listenerCount()).toBe(0);
  });
});
