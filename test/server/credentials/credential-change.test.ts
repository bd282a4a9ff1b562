/**
 * A changed credential ends the credential subscriptions (seed 002 section 6: "If the credential changes, the Server
 * MUST terminate any current subscriptions and force the UA to re-authenticate", so that a UA that got in with a
 * leaked secret does not go on receiving the key after the secret changed). The terminating NOTIFY is
 * `terminated;reason=deactivated` (rfc6665#section-4.1.3: re-subscribe at once) without a body: the new key goes only
 * to a new, re-authenticated SUBSCRIBE. Certificate watchers are told of the new certificate as before, and a
 * re-publication of the same credential ends nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { equalBytes } from '../../../src/core/bytes.ts';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import type { SipRequest } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../../../server/sip/transport/connection.ts';
import {
  ALICE,
  BOB,
  credentialBody,
  makeCredential,
  notifyEntity,
  plain,
  setup,
  stateOf,
  tagFrom,
  tls,
  userOf,
  type Credential,
  type Harness,
} from './harness.ts';

type SetupOptions = NonNullable<Parameters<typeof setup>[0]>;

afterEach(() => {
  vi.useRealTimers();
});

interface Watched {
  h: Harness;
  first: Credential;
  /** The SIP-ETag of alice's publication. */
  etag: string;
  /** Alice's two devices, each with its own TLS connection and credential subscription (Call-IDs dev-1, dev-2). */
  devices: { callId: string; connection: SipConnection; toTag: string }[];
}

/** Alice published `first`; two of her devices watch her credential, bob watches her certificate (Call-ID w-cert). */
async function aliceWatched(options: SetupOptions = {}): Promise<Watched> {
  // One subscription per connection: a device's new subscription after the change fits only if the old one is gone.
  const h = setup({ subscriptionLimits: { perConnection: 1 }, ...options });
  const first = await makeCredential(ALICE);
  const etag = (await h.publishCredential(first)).final.headers.get('SIP-ETag')!;
  const devices: Watched['devices'] = [];
  for (const callId of ['dev-1', 'dev-2']) {
    const connection = tls();
    const ok = (await h.subscribe({ aor: ALICE, from: ALICE, fromTag: callId, event: 'credential', callId }, connection, userOf(ALICE))).final;
    expect(ok.status).toBe(200);
    devices.push({ callId, connection, toTag: tagFrom(ok.headers.get('To'))! });
  }
  expect((await h.subscribe({ aor: ALICE, from: BOB, callId: 'w-cert' }, plain())).final.status).toBe(200);
  await h.service.idle();
  for (const { callId } of devices) expect(credentialOf(h.services.notifies(callId)[0]!)?.encryptedKey).toEqual(first.encryptedKey);
  h.services.clear();
  return { h, first, etag, devices };
}

/** The certificate and key a credential NOTIFY carries; undefined when it has no body. */
function credentialOf(notify: SipRequest): { certificate: Uint8Array; encryptedKey: Uint8Array | undefined } | undefined {
  const entity = notifyEntity(notify);
  if (entity === undefined) return undefined;
  const [certificate, key] = entity.parts!;
  return { certificate: certificate!.body, encryptedKey: key?.body };
}

function expectSigned(notify: SipRequest): void {
  expect(notify.headers.get('Identity')).toBeTruthy();
  expect(notify.headers.get('X-Test-Signed')).toBeTruthy();
}

/** Each device got exactly one NOTIFY since the last clear: terminated;reason=deactivated, no body, signed. */
function expectEnded(w: Watched): void {
  for (const { callId } of w.devices) {
    const notifies = w.h.services.notifies(callId);
    expect(notifies, callId).toHaveLength(1);
    const [ended] = notifies;
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    expect(ended!.body).toHaveLength(0);
    expect(ended!.headers.has('Content-Type')).toBe(false);
    expectSigned(ended!);
  }
}

/** A device subscribes again over its connection (re-authenticated: the harness passes alice as the user). */
async function resubscribe(w: Watched, index: number): Promise<SipRequest> {
  const { connection, callId } = w.devices[index]!;
  const again = `${callId}-again`;
  const ok = (await w.h.subscribe({ aor: ALICE, from: ALICE, fromTag: again, event: 'credential', callId: again }, connection, userOf(ALICE))).final;
  expect(ok.status).toBe(200);
  await w.h.service.idle();
  const [notify] = w.h.services.notifies(again);
  expect(stateOf(notify!).state).toBe('active');
  expectSigned(notify!);
  return notify!;
}

describe('a changed credential ends the credential subscriptions', () => {
  const changes: [string, (w: Watched, next: Credential) => Promise<{ certificate: Uint8Array; encryptedKey: Uint8Array | undefined }>][] = [
    [
      'a new credential published from one of the devices (modification with SIP-If-Match)',
      async (w, next) => {
        expect((await w.h.publishCredential(next, { ifMatch: w.etag })).final.status).toBe(200);
        return next;
      },
    ],
    [
      'a new credential from a new device (initial PUBLISH that replaces the current one)',
      async (w, next) => {
        expect((await w.h.publishCredential(next)).final.status).toBe(200);
        return next;
      },
    ],
    [
      'the same certificate with the key encrypted under a new passphrase',
      async (w) => {
        const encryptedKey = await encryptPrivateKeyInfo(w.first.privateKeyInfo, 'a new passphrase', crypto, { iterations: 1000 });
        expect((await w.h.publish({ aor: ALICE, ifMatch: w.etag, ...credentialBody(w.first.certificate, encryptedKey) })).final.status).toBe(200);
        return { certificate: w.first.certificate, encryptedKey };
      },
    ],
    [
      'the same certificate without the key',
      async (w) => {
        expect((await w.h.publish({ aor: ALICE, ifMatch: w.etag, ...credentialBody(w.first.certificate, undefined) })).final.status).toBe(200);
        return { certificate: w.first.certificate, encryptedKey: undefined };
      },
    ],
  ];

  for (const [name, change] of changes) {
    it(name, async () => {
      const w = await aliceWatched();
      const { h } = w;
      const now = await change(w, await makeCredential(ALICE));
      await h.service.idle();

      expectEnded(w);
      // Gone from the service: only bob's certificate subscription is left, and the old dialogs are unknown.
      expect(h.service.subscriptionCount).toBe(1);
      const { callId, toTag, connection } = w.devices[0]!;
      const refresh = await h.subscribe({ aor: ALICE, from: ALICE, fromTag: callId, event: 'credential', callId, toTag, cseq: 2 }, connection, userOf(ALICE));
      expect(refresh.final.status).toBe(481);

      // The certificate watcher is told of the current certificate, still active.
      const [certificateNotify] = h.services.notifies('w-cert');
      expect(stateOf(certificateNotify!).state).toBe('active');
      expect(equalBytes(notifyEntity(certificateNotify!)!.body, now.certificate)).toBe(true);
      expectSigned(certificateNotify!);

      // Each device subscribes again over the same connection (its quota is free) and gets the new credential first.
      for (const index of [0, 1]) {
        const got = credentialOf(await resubscribe(w, index))!;
        expect(equalBytes(got.certificate, now.certificate)).toBe(true);
        expect(got.encryptedKey).toEqual(now.encryptedKey);
      }
      expect(h.service.subscriptionCount).toBe(3);
    });
  }

  it('a removal (revocation) still ends them the same way, and a new SUBSCRIBE then gets no credential', async () => {
    const w = await aliceWatched();
    expect((await w.h.publish({ aor: ALICE, ifMatch: w.etag, expires: 0 })).final.status).toBe(200);
    await w.h.service.idle();
    expectEnded(w);
    const [certificateNotify] = w.h.services.notifies('w-cert');
    expect(stateOf(certificateNotify!).state).toBe('active');
    expect(certificateNotify!.body).toHaveLength(0);
    expect((await resubscribe(w, 0)).body).toHaveLength(0);
  });

  it('sends the new key to no old dialog, even one whose NOTIFY is in flight when the change comes', async () => {
    const w = await aliceWatched();
    const { h } = w;
    const answers: (() => void)[] = [];
    h.services.answer = () => new Promise<number>((resolve) => answers.push(() => resolve(200)));
    // dev-1 refreshes: its NOTIFY of the first credential is in flight, unanswered.
    const { callId, toTag, connection } = w.devices[0]!;
    const refresh = await h.subscribe({ aor: ALICE, from: ALICE, fromTag: callId, event: 'credential', callId, toTag, cseq: 2 }, connection, userOf(ALICE));
    expect(refresh.final.status).toBe(200);
    await expect.poll(() => h.services.notifies(callId).length).toBe(1);
    const next = await makeCredential(ALICE);
    await h.publishCredential(next);
    expect(h.service.subscriptionCount).toBe(1);
    h.services.answer = () => 200;
    for (const answer of answers) answer();
    await h.service.idle();
    const [inFlight, ended, ...more] = h.services.notifies(callId);
    expect(credentialOf(inFlight!)?.encryptedKey).toEqual(w.first.encryptedKey);
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    expect(ended!.body).toHaveLength(0);
    expect(more).toHaveLength(0);
    for (const device of w.devices) {
      for (const notify of h.services.notifies(device.callId)) {
        const key = credentialOf(notify)?.encryptedKey;
        expect(key !== undefined && equalBytes(key, next.encryptedKey)).toBe(false);
      }
    }
  });

  it('does not put the new key in the final NOTIFY of an unsubscribe that waits behind one in flight', async () => {
    const w = await aliceWatched();
    const { h } = w;
    const answers: (() => void)[] = [];
    h.services.answer = () => new Promise<number>((resolve) => answers.push(() => resolve(200)));
    const { callId, toTag, connection } = w.devices[0]!;
    const dialog = { aor: ALICE, from: ALICE, fromTag: callId, event: 'credential', callId, toTag };
    expect((await h.subscribe({ ...dialog, cseq: 2 }, connection, userOf(ALICE))).final.status).toBe(200);
    await expect.poll(() => h.services.notifies(callId).length).toBe(1);
    // The unsubscribe's final NOTIFY (reason=timeout, with the state) waits for the refresh's NOTIFY to be answered.
    expect((await h.subscribe({ ...dialog, cseq: 3, expires: 0 }, connection, userOf(ALICE))).final.status).toBe(200);
    const next = await makeCredential(ALICE);
    await h.publishCredential(next);
    h.services.answer = () => 200;
    for (const answer of answers) answer();
    await h.service.idle();
    const [inFlight, ended, ...more] = h.services.notifies(callId);
    expect(credentialOf(inFlight!)?.encryptedKey).toEqual(w.first.encryptedKey);
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    expect(ended!.body).toHaveLength(0);
    expectSigned(ended!);
    expect(more).toHaveLength(0);
  });

  it('ends them at once even when the burst limit holds the certificate watchers’ notification', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const w = await aliceWatched({ burst: { limit: 1, windowMs: 60_000 } });
    const { h } = w;
    await h.publishCredential(w.first); // the same credential: the window's one notification, nothing ends
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(3);
    h.services.clear();
    const next = await makeCredential(ALICE);
    await h.publishCredential(next);
    await h.service.idle();
    expectEnded(w);
    expect(h.services.notifies('w-cert')).toHaveLength(0);
    expect(h.service.subscriptionCount).toBe(1);
    const again = credentialOf(await resubscribe(w, 0))!;
    expect(again.encryptedKey).toEqual(next.encryptedKey);
    await vi.advanceTimersByTimeAsync(60_000);
    await h.service.idle();
    expect(equalBytes(notifyEntity(h.services.notifies('w-cert')[0]!)!.body, next.certificate)).toBe(true);
    // The new subscription holds the new credential already and stays active.
    const [, flushed] = h.services.notifies('dev-1-again');
    expect(stateOf(flushed!).state).toBe('active');
    expect(credentialOf(flushed!)!.encryptedKey).toEqual(next.encryptedKey);
    h.service.close();
  });
});

describe('the same credential published again ends nothing', () => {
  it('a refresh (SIP-If-Match, no body): nobody notified, every subscription stays', async () => {
    const w = await aliceWatched();
    const refresh = await w.h.publish({ aor: ALICE, ifMatch: w.etag, expires: 7200 });
    expect(refresh.final.status).toBe(200);
    await w.h.service.idle();
    expect(w.h.services.notifies()).toHaveLength(0);
    expect(w.h.service.subscriptionCount).toBe(3);
  });

  for (const [name, ifMatch] of [
    ['an initial PUBLISH of the same certificate and key', false],
    ['a modification with the same certificate and key', true],
  ] as const) {
    it(`${name}: the subscriptions stay active and get the same credential`, async () => {
      const w = await aliceWatched();
      expect((await w.h.publishCredential(w.first, ifMatch ? { ifMatch: w.etag } : {})).final.status).toBe(200);
      await w.h.service.idle();
      expect(w.h.service.subscriptionCount).toBe(3);
      for (const { callId } of w.devices) {
        const [notify, ...more] = w.h.services.notifies(callId);
        expect(more).toHaveLength(0);
        expect(stateOf(notify!).state).toBe('active');
        expect(credentialOf(notify!)!.encryptedKey).toEqual(w.first.encryptedKey);
        expectSigned(notify!);
      }
      expect(equalBytes(notifyEntity(w.h.services.notifies('w-cert')[0]!)!.body, w.first.certificate)).toBe(true);
    });
  }

  it('the first publication is not a change: a device subscribed before it gets the credential', async () => {
    const h = setup();
    await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', callId: 'early' }, tls(), userOf(ALICE));
    await h.service.idle();
    const alice = await makeCredential(ALICE);
    await h.publishCredential(alice);
    await h.service.idle();
    const [empty, full] = h.services.notifies('early');
    expect(empty!.body).toHaveLength(0);
    expect(stateOf(full!).state).toBe('active');
    expect(credentialOf(full!)!.encryptedKey).toEqual(alice.encryptedKey);
    expect(h.service.subscriptionCount).toBe(1);
  });
});
