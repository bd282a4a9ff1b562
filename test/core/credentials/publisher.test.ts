/**
 * The RFC 3903 publisher as tables of scenarios: each step is an input at a time (seconds from 0) and what must come
 * out (the PUBLISH to send, the phase, the timer).
 */
import { describe, expect, it } from 'vitest';
import {
  initialPublisherState,
  refreshDelaySeconds,
  retryDelayMs,
  stepPublisher,
  type PublishRequest,
  type PublisherInput,
  type PublisherPhase,
  type PublisherState,
} from '../../../src/core/credentials/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';

interface Step {
  at: number;
  input: PublisherInput<string>;
  send: PublishRequest<string> | null;
  phase: PublisherPhase;
  /** Seconds from 0; null for no timer. */
  timer: number | null;
}

interface Scenario {
  name: string;
  steps: Step[];
}

const publish = (body: string, expires?: number): PublisherInput<string> => (expires === undefined ? { type: 'publish', body } : { type: 'publish', body, expires });
const ok = (etag: string, expires = 3600): PublisherInput<string> => ({ type: 'response', response: { status: 200, reason: 'OK', etag, expires } });
const status = (code: number, more: Record<string, number> = {}): PublisherInput<string> => ({ type: 'response', response: { status: code, ...more } });
const TIMER: PublisherInput<string> = { type: 'timer' };
const REMOVE: PublisherInput<string> = { type: 'remove' };
const RESTORED: PublisherInput<string> = { type: 'connection-restored' };

/** publish A at 0, 200 e1 at 1: published, refresh due at 1801. */
const PUBLISHED: Step[] = [
  { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
  { at: 1, input: ok('e1'), send: null, phase: 'published', timer: 1801 },
];

const SCENARIOS: Scenario[] = [
  {
    name: 'publish, then refresh at half the granted Expires with SIP-If-Match and no body',
    steps: [
      ...PUBLISHED,
      { at: 1000, input: TIMER, send: null, phase: 'published', timer: 1801 },
      { at: 1801, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 1802, input: ok('e2'), send: null, phase: 'published', timer: 3602 },
      { at: 3602, input: TIMER, send: { ifMatch: 'e2', expires: 3600 }, phase: 'refreshing', timer: null },
    ],
  },
  {
    name: 'a shorter grant is refreshed sooner, still asking for the same Expires',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 0, input: ok('e1', 600), send: null, phase: 'published', timer: 300 },
      { at: 300, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 300, input: ok('e2', 60), send: null, phase: 'published', timer: 328 },
    ],
  },
  {
    name: 'the default Expires is a day',
    steps: [
      { at: 0, input: publish('A'), send: { expires: 86400, body: 'A' }, phase: 'publishing', timer: null },
      { at: 0, input: ok('e1', 86400), send: null, phase: 'published', timer: 43200 },
    ],
  },
  {
    name: '412 to a refresh: publish the whole body again without SIP-If-Match',
    steps: [
      ...PUBLISHED,
      { at: 1801, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 1802, input: status(412), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1803, input: ok('e9'), send: null, phase: 'published', timer: 3603 },
    ],
  },
  {
    name: '412 to a modify: the new body in full',
    steps: [
      ...PUBLISHED,
      { at: 10, input: publish('B', 3600), send: { ifMatch: 'e1', expires: 3600, body: 'B' }, phase: 'publishing', timer: null },
      { at: 11, input: status(412), send: { expires: 3600, body: 'B' }, phase: 'publishing', timer: null },
      { at: 12, input: ok('e2'), send: null, phase: 'published', timer: 1812 },
    ],
  },
  {
    name: '423 with Min-Expires: ask again with it',
    steps: [
      { at: 0, input: publish('A', 30), send: { expires: 30, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(423, { minExpires: 60 }), send: { expires: 60, body: 'A' }, phase: 'publishing', timer: null },
      { at: 2, input: ok('e1', 60), send: null, phase: 'published', timer: 30 },
      { at: 30, input: TIMER, send: { ifMatch: 'e1', expires: 60 }, phase: 'refreshing', timer: null },
    ],
  },
  {
    name: '423 without a larger Min-Expires fails for good',
    steps: [
      { at: 0, input: publish('A', 30), send: { expires: 30, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(423), send: null, phase: 'failed', timer: null },
    ],
  },
  {
    name: 'transient failures back off (Retry-After first, then 30 s doubling) and reset on success',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(503, { retryAfter: 120 }), send: null, phase: 'failed', timer: 121 },
      { at: 121, input: TIMER, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 122, input: status(500), send: null, phase: 'failed', timer: 182 },
      { at: 182, input: TIMER, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 183, input: status(408), send: null, phase: 'failed', timer: 303 },
      { at: 303, input: TIMER, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 304, input: ok('e1'), send: null, phase: 'published', timer: 2104 },
      { at: 2104, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 2105, input: status(480), send: null, phase: 'failed', timer: 2135 },
    ],
  },
  {
    name: 'a failed refresh is retried as a refresh while the tag lives, in full once it expired',
    steps: [
      ...PUBLISHED,
      { at: 1801, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 1802, input: status(503, { retryAfter: 60 }), send: null, phase: 'failed', timer: 1862 },
      { at: 1862, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 1863, input: status(503, { retryAfter: 3000 }), send: null, phase: 'failed', timer: 4863 },
      { at: 4863, input: TIMER, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
    ],
  },
  {
    name: 'a permanent failure waits for the user; the timer does nothing',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(400), send: null, phase: 'failed', timer: null },
      { at: 5000, input: TIMER, send: null, phase: 'failed', timer: null },
      { at: 5001, input: publish('B', 3600), send: { expires: 3600, body: 'B' }, phase: 'publishing', timer: null },
    ],
  },
  {
    name: 'one PUBLISH in flight: later wishes wait, and only the latest is sent',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 0, input: publish('B', 3600), send: null, phase: 'publishing', timer: null },
      { at: 0, input: publish('C', 3600), send: null, phase: 'publishing', timer: null },
      { at: 1, input: ok('e1'), send: { ifMatch: 'e1', expires: 3600, body: 'C' }, phase: 'publishing', timer: null },
      { at: 2, input: ok('e2'), send: null, phase: 'published', timer: 1802 },
    ],
  },
  {
    name: 'remove a publication: Expires 0 with SIP-If-Match',
    steps: [
      ...PUBLISHED,
      { at: 10, input: REMOVE, send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null },
      { at: 11, input: { type: 'response', response: { status: 200, expires: 0 } }, send: null, phase: 'removed', timer: null },
      { at: 2000, input: TIMER, send: null, phase: 'removed', timer: null },
    ],
  },
  {
    name: 'remove with no tag known (a new device revoking): Expires 0 alone',
    steps: [
      { at: 0, input: REMOVE, send: { expires: 0 }, phase: 'removing', timer: null },
      { at: 1, input: status(200), send: null, phase: 'removed', timer: null },
      { at: 2, input: RESTORED, send: null, phase: 'removed', timer: null },
    ],
  },
  {
    name: '412 to a removal: the publication is gone already',
    steps: [...PUBLISHED, { at: 10, input: REMOVE, send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null }, { at: 11, input: status(412), send: null, phase: 'removed', timer: null }],
  },
  {
    name: 'remove while the publication is in flight: removed with the new tag',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 0, input: REMOVE, send: null, phase: 'publishing', timer: null },
      { at: 1, input: ok('e1'), send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null },
      { at: 2, input: status(200), send: null, phase: 'removed', timer: null },
    ],
  },
  {
    name: 'publish again after a removal: an initial publication',
    steps: [
      ...PUBLISHED,
      { at: 10, input: REMOVE, send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null },
      { at: 11, input: status(200), send: null, phase: 'removed', timer: null },
      { at: 12, input: publish('B', 3600), send: { expires: 3600, body: 'B' }, phase: 'publishing', timer: null },
    ],
  },
  {
    name: 'a failed removal is retried',
    steps: [
      ...PUBLISHED,
      { at: 10, input: REMOVE, send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null },
      { at: 11, input: status(503), send: null, phase: 'failed', timer: 41 },
      { at: 41, input: TIMER, send: { ifMatch: 'e1', expires: 0 }, phase: 'removing', timer: null },
    ],
  },
  {
    name: 'connection restored while published: the whole body without SIP-If-Match',
    steps: [...PUBLISHED, { at: 100, input: RESTORED, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null }, { at: 101, input: ok('e2'), send: null, phase: 'published', timer: 1901 }],
  },
  {
    name: 'connection restored during a PUBLISH: republish in full once it is answered, at once after a failure',
    steps: [
      ...PUBLISHED,
      { at: 1801, input: TIMER, send: { ifMatch: 'e1', expires: 3600 }, phase: 'refreshing', timer: null },
      { at: 1810, input: RESTORED, send: null, phase: 'refreshing', timer: null },
      { at: 1833, input: status(408), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1834, input: ok('e2'), send: null, phase: 'published', timer: 3634 },
    ],
  },
  {
    name: 'connection restored during a PUBLISH that then succeeds: republish in full all the same',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 0, input: RESTORED, send: null, phase: 'publishing', timer: null },
      { at: 1, input: ok('e1'), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
    ],
  },
  {
    name: 'connection restored after a transient failure: retry at once',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(503), send: null, phase: 'failed', timer: 31 },
      { at: 5, input: RESTORED, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
    ],
  },
  {
    name: 'asleep past the expiry: the timer publishes in full',
    steps: [...PUBLISHED, { at: 9000, input: TIMER, send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null }],
  },
  {
    name: 'a 2xx without SIP-ETag is a failure',
    steps: [
      { at: 0, input: publish('A', 3600), send: { expires: 3600, body: 'A' }, phase: 'publishing', timer: null },
      { at: 1, input: status(200), send: null, phase: 'failed', timer: 31 },
    ],
  },
  {
    name: 'nothing to do before the first wish',
    steps: [
      { at: 0, input: TIMER, send: null, phase: 'idle', timer: null },
      { at: 0, input: RESTORED, send: null, phase: 'idle', timer: null },
    ],
  },
];

function run(steps: readonly Step[]): void {
  let state: PublisherState<string> = initialPublisherState<string>();
  steps.forEach((step, i) => {
    const result = stepPublisher(state, step.input, () => new Date(step.at * 1000));
    const where = `step ${i} (${step.input.type} at ${step.at})`;
    expect(result.send, where).toEqual(step.send);
    expect(result.state.phase, where).toBe(step.phase);
    expect(result.timerAt, where).toBe(step.timer === null ? null : step.timer * 1000);
    expect(result.state.timerAt, where).toBe(result.timerAt);
    state = result.state;
  });
}

describe('stepPublisher', () => {
  it.each(SCENARIOS)('$name', ({ steps }) => run(steps));

  it('never changes the state it is given', () => {
    const before = initialPublisherState<string>();
    const frozen = JSON.stringify(before);
    stepPublisher(before, publish('A'), () => new Date(0));
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it.each([
    { name: 'a response with nothing in flight', steps: [ok('e1')] },
    { name: 'a provisional response', steps: [publish('A'), status(180)] },
    { name: 'an Expires of 0 on publish', steps: [publish('A', 0)] },
    { name: 'an Expires that is not whole seconds', steps: [publish('A', 1.5)] },
  ])('refuses $name', ({ steps }) => {
    let state = initialPublisherState<string>();
    const last = steps.length - 1;
    steps.slice(0, last).forEach((input) => (state = stepPublisher(state, input, () => new Date(0)).state));
    let error: unknown;
    try {
      stepPublisher(state, steps[last]!, () => new Date(0));
    } catch (e) {
      error = e;
    }
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });

  it('names the phase in an invalid transition', () => {
    expect(() => stepPublisher(initialPublisherState<string>(), ok('e1'), () => new Date(0))).toThrow(/Invalid state transition from idle/);
  });

  it('takes its own delays', () => {
    let state = initialPublisherState<string>({ defaultExpires: 600, retryBaseMs: 1000, retryMaxMs: 4000 });
    const at = (s: number): (() => Date) => () => new Date(s * 1000);
    expect(stepPublisher(state, publish('A'), at(0)).send).toEqual({ expires: 600, body: 'A' });
    state = stepPublisher(state, publish('A'), at(0)).state;
    const timers: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      state = stepPublisher(state, status(500), at(i * 10)).state;
      timers.push(state.timerAt);
      state = stepPublisher(state, TIMER, at(i * 10 + 5)).state;
    }
    expect(timers).toEqual([1000, 12000, 24000, 34000]);
  });
});

describe('timing', () => {
  it.each([
    { expires: 86400, delay: 43200 },
    { expires: 3600, delay: 1800 },
    { expires: 64, delay: 32 },
    { expires: 60, delay: 28 },
    { expires: 33, delay: 1 },
    { expires: 1, delay: 1 },
  ])('refreshes a $expires s publication after $delay s', ({ expires, delay }) => {
    expect(refreshDelaySeconds(expires)).toBe(delay);
  });

  it.each([
    { attempts: 1, ms: 30_000 },
    { attempts: 2, ms: 60_000 },
    { attempts: 3, ms: 120_000 },
    { attempts: 6, ms: 960_000 },
    { attempts: 7, ms: 1_800_000 },
    { attempts: 1000, ms: 1_800_000 },
  ])('waits $ms ms after failure $attempts', ({ attempts, ms }) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });
});
