/** TokenBuckets: sustained rate and burst per key, with a clock of the test's own, and a bounded table. */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../server/sip/transport/token-buckets.ts';

describe('TokenBuckets', () => {
  it('gives a burst at once, then tokens at the sustained rate, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    now = 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([0, 0, 0, 1]);
  });

  it('keeps at most maxKeys keys, dropping full buckets first, then the oldest', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, () => now, 3);
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    buckets.take('a');
    expect(buckets.take('a')).toBe(1);
    // No bucket is full: the oldest key, a, goes, and forgets that it was empty.
    expect(buckets.take('d')).toBe(0);
    expect(buckets.size).toBe(3);
    expect(buckets.take('a')).toBe(0);
    // Later every bucket is full again: all of them go before a new key comes in.
    now = 10_000;
    buckets.take('e');
    expect(buckets.size).toBe(1);
    expect(() => new TokenBuckets({ perSecond: 0, burst: 1 }, () => 0)).toThrow(TypeError);
  });
});
