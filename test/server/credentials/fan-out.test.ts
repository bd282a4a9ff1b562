/**
 * A change reaches every watcher at once (docs/design.md "Certificate service"; issue 3 benches 10,000): all NOTIFYs
 * are handed to the stack before the first is answered, and each carries the same prebuilt body.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, makeCredential, notifyEntity, setup, subscribeRequest, FakeIncoming, plain } from './harness.ts';
import { equalBytes } from '../../../src/core/bytes.ts';

const WATCHERS = 10_000;

describe('fan-out', () => {
  it(`hands all ${WATCHERS} NOTIFYs of a publication to the stack before any is answered`, async () => {
    // One connection from elsewhere holding them all: the quota (subscription-quota.test.ts) is lifted for this test.
    const h = setup({ subscriptionLimits: { perConnection: WATCHERS, perAddress: WATCHERS, newBurst: WATCHERS } });
    const connection = plain();
    for (let i = 0; i < WATCHERS; i++) {
      const incoming = new FakeIncoming(subscribeRequest({ aor: ALICE, callId: `watch-${i}`, fromTag: `t${i}` }), connection, null);
      expect(h.service.handle(incoming)).toBe(true);
    }
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(WATCHERS);
    expect(h.service.watchedAorCount).toBe(1);
    h.services.clear();

    const answers: (() => void)[] = [];
    h.services.answer = () => new Promise<number>((resolve) => answers.push(() => resolve(200)));
    const alice = await makeCredential(ALICE);
    await h.publishCredential(alice);
    await expect.poll(() => h.services.sent.length, { timeout: 20_000, interval: 5 }).toBe(WATCHERS);
    expect(h.services.sent.every((s) => s.answeredAt === undefined)).toBe(true);
    for (const answer of answers) answer();
    await h.service.idle();
    expect(h.services.sent.every((s) => s.answeredAt !== undefined)).toBe(true);

    const bodies = new Set(h.services.sent.map((s) => s.request.body));
    expect(bodies.size).toBe(1);
    expect(equalBytes(notifyEntity(h.services.sent[0]!.request)!.body, alice.certificate)).toBe(true);
    expect(new Set(h.services.sent.map((s) => s.request.headers.get('Call-ID'))).size).toBe(WATCHERS);
    expect(h.signer.signed).toBe(2 * WATCHERS);
  });
});
