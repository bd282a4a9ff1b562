import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutbox, retryDelay } from '../../src/stores/outbox.ts';

describe('outbox back-off', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const setUp = () => {
    const attempts: string[] = [];
    const outbox = createOutbox({ attempt: (id) => attempts.push(id) });
    outbox.setOnline(true);
    return { attempts, outbox };
  };

  it('waits 5 s, then 10 s, 20 s, 40 s and at most 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('tries a refused message again after each delay, not before', () => {
    const { attempts, outbox } = setUp();
    outbox.wait('m1');
    vi.advanceTimersByTime(4_999);
    expect(attempts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(attempts).toEqual(['m1']);
    outbox.wait('m1'); // refused again
    vi.advanceTimersByTime(9_999);
    expect(attempts).toEqual(['m1']);
    vi.advanceTimersByTime(1);
    expect(attempts).toEqual(['m1', 'm1']);
    for (const delay of [20_000, 40_000, 60_000, 60_000]) {
      outbox.wait('m1');
      vi.advanceTimersByTime(delay - 1);
      const before = attempts.length;
      vi.advanceTimersByTime(1);
      expect(attempts.length).toBe(before + 1);
    }
  });

  it('does not try while offline, and tries everything at once when online again, the back-off started over', () => {
    const { attempts, outbox } = setUp();
    outbox.wait('m1');
    outbox.wait('m2');
    outbox.setOnline(false);
    vi.advanceTimersByTime(120_000);
    expect(attempts).toEqual([]);
    outbox.setOnline(true);
    expect(attempts).toEqual(['m1', 'm2']);
    outbox.wait('m1');
    vi.advanceTimersByTime(5_000);
    expect(attempts).toEqual(['m1', 'm2', 'm1']);
  });

  it('never sends one message twice at once: coming online skips one being sent', () => {
    const { attempts, outbox } = setUp();
    outbox.wait('m1');
    vi.advanceTimersByTime(5_000);
    outbox.setOnline(false);
    outbox.setOnline(true);
    outbox.tryNow('m1');
    expect(attempts).toEqual(['m1']);
  });

  it('forgets a delivered or cancelled message, and everything at sign-out', () => {
    const { attempts, outbox } = setUp();
    outbox.wait('m1');
    outbox.wait('m2');
    outbox.settled('m1');
    expect(outbox.has('m1')).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(attempts).toEqual(['m2']);
    outbox.wait('m2');
    outbox.clear();
    vi.advanceTimersByTime(600_000);
    expect(attempts).toEqual(['m2']);
  });

  it('tries a message found at sign-in at once when online, when online again otherwise', () => {
    const { attempts, outbox } = setUp();
    outbox.tryNow('m1');
    expect(attempts).toEqual(['m1']);
    outbox.setOnline(false);
    outbox.tryNow('m2');
    expect(attempts).toEqual(['m1']);
    outbox.setOnline(true);
    expect(attempts).toEqual(['m1', 'm2']);
  });
});
