/**
 * A refresh far ahead (RFC 3903 section 4.1: the PUBLISH is refreshed before its Expires) must not spin: setTimeout
 * takes a delay over 2^31 - 1 ms (about 24.8 days) as 1 ms (src/core/timer-delay.ts). The publication is driven by a
 * minimal SipClient whose PUBLISH is answered 200 with a year's Expires, under fake timers that emulate that limit.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, timerDelay } from '../../src/core/timer-delay.ts';
import { createPublication } from '../../src/sip/publication.ts';
import type { OutOfDialogRequest, SipClient, SipResponseInfo } from '../../src/sip/sip-client.ts';
import { silentLogger } from '../../src/sip/sip-logger.ts';

const YEAR_S = 365 * 24 * 3600;

afterEach(() => vi.useRealTimers());

describe('timerDelay', () => {
  it('keeps delays within what setTimeout honours', () => {
    expect(timerDelay(1500)).toBe(1500);
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(Number.NaN)).toBe(0);
    expect(timerDelay(YEAR_S * 1000)).toBe(MAX_TIMER_DELAY_MS);
    expect(MAX_TIMER_DELAY_MS).toBe(2_147_483_647);
  });
});

describe('a publication refreshed half a year ahead', () => {
  it('arms one timer for the longest delay setTimeout honours and sends nothing more, instead of firing at once in a loop', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
    const sent: OutOfDialogRequest[] = [];
    const ok: SipResponseInfo = { status: 200, reason: 'OK', header: (name) => ({ expires: String(YEAR_S), 'sip-etag': 'e1' })[name.toLowerCase()] };
    const sip = {
      on: () => () => undefined,
      sendRequest: async (request: OutOfDialogRequest) => (sent.push(request), ok),
    } as unknown as SipClient;
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const publication = createPublication(sip, { target: 'sip:bob@example.test', event: 'credential', log: silentLogger, now: () => new Date(Date.now()) });
    publication.publish({ contentType: 'multipart/mixed', text: 'credential' }, YEAR_S);
    await vi.waitFor(() => expect(publication.status.phase).toBe('published'));
    const armedAfterPublish = armed.mock.calls.length;
    expect(armed.mock.calls.at(-1)?.[1]).toBe(MAX_TIMER_DELAY_MS);

    await vi.advanceTimersByTimeAsync(50);
    expect(armed.mock.calls.length).toBe(armedAfterPublish); // no timer fired and re-armed itself
    expect(sent).toHaveLength(1);
    // After the longest delay, the time has not come yet: it arms again for the rest, still without a PUBLISH.
    await vi.advanceTimersByTimeAsync(MAX_TIMER_DELAY_MS);
    expect(sent).toHaveLength(1);
    expect(armed.mock.calls.length).toBe(armedAfterPublish + 1);
    publication.dispose();
  });
});
