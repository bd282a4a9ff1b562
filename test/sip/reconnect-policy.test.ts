/** The reconnect policy (src/sip/reconnect-policy.ts): delays by attempt, jitter, and the schedule under fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconnectDelayMs, ReconnectSchedule } from '../../src/sip/reconnect-policy.ts';

describe('reconnectDelayMs', () => {
  const table: { name: string; attempt: number; random: number; want: number }[] = [
    { name: 'first try, shortest', attempt: 1, random: 0, want: 500 },
    { name: 'first try, longest', attempt: 1, random: 0.999999, want: 999.9995 },
    { name: 'second, middle', attempt: 2, random: 0.5, want: 1500 },
    { name: 'third reaches the cap', attempt: 3, random: 0, want: 1500 },
    { name: 'capped for ever', attempt: 50, random: 0.999999, want: 2999.9985 },
  ];
  for (const t of table) {
    it(t.name, () => {
      expect(reconnectDelayMs(t.attempt, { random: () => t.random })).toBeCloseTo(t.want, 3);
    });
  }

  it('spreads phones: 100 phones on their first try land over the whole 0.5-1 s window', () => {
    const delays = Array.from({ length: 100 }, () => reconnectDelayMs(1));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThan(1000);
    const buckets = new Set(delays.map((d) => Math.floor((d - 500) / 100)));
    expect(buckets.size).toBe(5);
  });

  it('grows, and never beyond the cap', () => {
    const ceilings = [1, 2, 3, 4, 10].map((n) => reconnectDelayMs(n, { random: () => 0.999999 }));
    expect(ceilings.map(Math.round)).toEqual([1000, 2000, 3000, 3000, 3000]);
    expect(reconnectDelayMs(3, { firstMs: 200, maxMs: 10_000, random: () => 0.999999 })).toBeCloseTo(800, 0);
  });

  it('refuses nonsense', () => {
    expect(() => reconnectDelayMs(0)).toThrow(TypeError);
    expect(() => reconnectDelayMs(1, { firstMs: 2000, maxMs: 1000 })).toThrow(TypeError);
  });
});

describe('ReconnectSchedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tries after 0.5-1 s, then later and later, and from the start again after a success', () => {
    const tries: number[] = [];
    const schedule = new ReconnectSchedule(() => tries.push(Date.now()), { random: () => 0.5 });
    const t0 = Date.now();
    schedule.lost();
    vi.advanceTimersByTime(749);
    expect(tries).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(tries.map((t) => t - t0)).toEqual([750]);
    schedule.lost(); // that attempt failed
    vi.advanceTimersByTime(1500);
    schedule.lost();
    vi.advanceTimersByTime(2250);
    schedule.lost();
    vi.advanceTimersByTime(2250);
    expect(tries.map((t) => t - t0)).toEqual([750, 2250, 4500, 6750]);
    schedule.connected();
    expect(schedule.attempts).toBe(0);
    const t1 = Date.now();
    schedule.lost();
    vi.advanceTimersByTime(750);
    expect(tries.at(-1)! - t1).toBe(750);
  });

  it('keeps one timer however often it is told of a loss', () => {
    let tries = 0;
    const schedule = new ReconnectSchedule(() => tries++, { random: () => 0 });
    schedule.lost();
    schedule.lost();
    schedule.lost();
    vi.advanceTimersByTime(10_000);
    expect(tries).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() cancels the pending try and ignores later losses', () => {
    let tries = 0;
    const schedule = new ReconnectSchedule(() => tries++);
    schedule.lost();
    schedule.stop();
    schedule.lost();
    vi.advanceTimersByTime(60_000);
    expect(tries).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
