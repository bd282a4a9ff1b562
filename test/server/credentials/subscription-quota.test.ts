/**
 * What one party may hold of the notifier (server/credentials/subscription-quota.ts, issue 15 defect 6): subscriptions
 * per connection and per address, new ones (each a signed NOTIFY) per address per second, and none left behind by a
 * connection that closed. Each case is the attack first: on the code before the quota, every SUBSCRIBE got 200 and a
 * signed NOTIFY, and subscriptions outlived their connection.
 */
import { describe, expect, it } from 'vitest';
import { fakeConnection, setup } from './harness.ts';

let aors = 0;
const someone = (): string => `sip:user${++aors}@sealphone.test`;

describe('the subscription quota', () => {
  it('a connection may hold perConnection subscriptions; the next one is refused 403 and costs no NOTIFY', async () => {
    const h = setup({ subscriptionLimits: { perConnection: 3 } });
    const connection = fakeConnection();
    for (let i = 0; i < 3; i++) expect((await h.subscribe({ aor: someone() }, connection)).final.status).toBe(200);
    await h.service.idle();
    const signed = h.signer.signed;
    const refused = (await h.subscribe({ aor: someone() }, connection)).final;
    expect(refused.status).toBe(403);
    expect(refused.reason).toMatch(/subscriptions on one connection/);
    await h.service.idle();
    expect(h.signer.signed).toBe(signed);
    expect(h.service.subscriptionCount).toBe(3);
    // Another connection from elsewhere is not affected.
    expect((await h.subscribe({ aor: someone() }, fakeConnection({ address: '198.51.100.9' }))).final.status).toBe(200);
  });

  it('one address may hold perAddress subscriptions across its connections', async () => {
    const h = setup({ subscriptionLimits: { perAddress: 4 } });
    for (let i = 0; i < 4; i++) expect((await h.subscribe({ aor: someone() }, fakeConnection())).final.status).toBe(200);
    expect((await h.subscribe({ aor: someone() }, fakeConnection())).final).toMatchObject({ status: 403 });
  });

  it('new subscriptions and fetches from one address: a burst, then 503 with Retry-After until tokens come back', async () => {
    let now = 1_000_000;
    const h = setup({ now: () => now, subscriptionLimits: { newBurst: 5, newPerSecond: 2 } });
    const connection = fakeConnection();
    for (let i = 0; i < 5; i++) expect((await h.subscribe({ aor: someone(), expires: 0 }, connection)).final.status).toBe(200);
    const refused = (await h.subscribe({ aor: someone(), expires: 0 }, connection)).final;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toBe('1');
    await h.service.idle();
    expect(h.signer.signed).toBe(5); // the fetch flood signs five NOTIFYs, not one per request
    now += 1000; // two tokens
    expect((await h.subscribe({ aor: someone(), expires: 0 }, connection)).final.status).toBe(200);
    expect((await h.subscribe({ aor: someone(), expires: 0 }, connection)).final.status).toBe(200);
    expect((await h.subscribe({ aor: someone(), expires: 0 }, connection)).final.status).toBe(503);
  });

  it('a stream connection that closes takes its subscriptions: none is left, and a later PUBLISH signs nothing for it', async () => {
    const h = setup();
    const gone = fakeConnection();
    const stays = fakeConnection({ address: '198.51.100.9' });
    const watched = someone();
    for (let i = 0; i < 20; i++) await h.subscribe({ aor: i === 0 ? watched : someone() }, gone);
    await h.subscribe({ aor: watched }, stays);
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(21);
    h.service.connectionClosed(gone);
    expect(h.service.subscriptionCount).toBe(1);
    expect(h.service.watchedAorCount).toBe(1);
    // The quota is given back: 20 more on a new connection from the same address are accepted.
    const again = fakeConnection();
    for (let i = 0; i < 20; i++) expect((await h.subscribe({ aor: someone() }, again)).final.status).toBe(200);
  });

  it('UDP has no connection to close: its subscriptions stay until they expire', async () => {
    const h = setup();
    const udp = fakeConnection({ transport: 'UDP' });
    await h.subscribe({ aor: someone() }, udp);
    h.service.connectionClosed(udp);
    expect(h.service.subscriptionCount).toBe(1);
  });

  it('this machine (loopback) is held to the per-connection limits only: its count and its rate of new ones', async () => {
    let now = 1_000_000;
    const h = setup({ now: () => now, subscriptionLimits: { perConnection: 3, perAddress: 2, newBurst: 3, newPerSecond: 1 } });
    for (let i = 0; i < 3; i++) expect((await h.subscribe({ aor: someone() }, fakeConnection({ loopback: true }))).final.status).toBe(200);
    const one = fakeConnection({ loopback: true });
    for (let i = 0; i < 3; i++) expect((await h.subscribe({ aor: someone() }, one)).final.status).toBe(200);
    expect((await h.subscribe({ aor: someone() }, one)).final.status).toBe(403);
    // Fetches (each a signed NOTIFY) on one loopback connection: its own burst, then 503 (a flood through a
    // co-located proxy arrives this way).
    const fetcher = fakeConnection({ loopback: true });
    for (let i = 0; i < 3; i++) expect((await h.subscribe({ aor: someone(), expires: 0 }, fetcher)).final.status).toBe(200);
    expect((await h.subscribe({ aor: someone(), expires: 0 }, fetcher)).final.status).toBe(503);
    expect((await h.subscribe({ aor: someone(), expires: 0 }, fakeConnection({ loopback: true }))).final.status).toBe(200);
    now += 1000;
    expect((await h.subscribe({ aor: someone(), expires: 0 }, fetcher)).final.status).toBe(200);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => setup({ subscriptionLimits: { perConnection: 0 } })).toThrow(TypeError);
    expect(() => setup({ subscriptionLimits: { newPerSecond: Number.NaN } })).toThrow(TypeError);
  });
});
