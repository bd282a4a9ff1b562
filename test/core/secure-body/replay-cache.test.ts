/** The replay cache (replay-cache.ts): one key once per window, expiry with the Date window, the size bound's horizon. */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/core/errors.ts';
import { ReplayCache, replayKeyOf, type ProtectedHeaders, type ReplayKey } from '../../../src/core/secure-body/index.ts';

const T0 = new Date(Date.UTC(2002, 1, 21, 13, 2, 3));
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const KEY: ReplayKey = { sender: 'sip:alice@example.test', callId: 'a84b4c76e66710@pc33', cseq: 314159, method: 'INVITE' };

describe('ReplayCache', () => {
  it('the same key twice: new, then a replay', () => {
    const cache = new ReplayCache();
    expect(cache.seen(KEY, T0, at(1))).toBe(false);
    expect(cache.seen(KEY, T0, at(2))).toBe(true);
    // A replay is a replay whatever Date it claims: the key names the transaction.
    expect(cache.seen(KEY, at(5), at(6))).toBe(true);
  });

  const others: { name: string; key: ReplayKey; replay: boolean }[] = [
    { name: 'another CSeq number', key: { ...KEY, cseq: 314160 }, replay: false },
    { name: 'the ACK of the same CSeq number', key: { ...KEY, method: 'ACK' }, replay: false },
    { name: 'another Call-ID', key: { ...KEY, callId: 'f81d4fae@pc33' }, replay: false },
    { name: 'another sender', key: { ...KEY, sender: 'sip:bob@example.test' }, replay: false },
    { name: 'the Call-ID in capitals (another Call-ID)', key: { ...KEY, callId: KEY.callId.toUpperCase() }, replay: false },
    { name: 'the same sender spelled with capitals in its host', key: { ...KEY, sender: 'sip:alice@EXAMPLE.test' }, replay: true },
    { name: 'the same sender as a name-addr', key: { ...KEY, sender: '"Alice" <sip:alice@example.test>' }, replay: true },
  ];
  it.each(others)('after KEY, $name: replay $replay', ({ key, replay }) => {
    const cache = new ReplayCache();
    cache.seen(KEY, T0, T0);
    expect(cache.seen(key, T0, at(1))).toBe(replay);
  });

  it('entries leave with the window; a Date outside the window is never fresh', () => {
    const cache = new ReplayCache({ windowSeconds: 600 });
    expect(cache.seen(KEY, T0, T0)).toBe(false);
    expect(cache.size).toBe(1);
    // 601 s later the first entry is forgotten...
    expect(cache.seen({ ...KEY, cseq: 2 }, at(601), at(601))).toBe(false);
    expect(cache.size).toBe(1);
    // ...and the first body played again still cannot pass: its Date is outside the window.
    expect(cache.seen(KEY, T0, at(601))).toBe(true);
    // Nor can a body dated too far ahead; it is not remembered.
    expect(cache.seen({ ...KEY, cseq: 3 }, at(1300), at(601))).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('a key dated ahead of now is kept until its Date leaves the window', () => {
    const cache = new ReplayCache({ windowSeconds: 600 });
    expect(cache.seen(KEY, at(500), T0)).toBe(false);
    expect(cache.seen(KEY, at(500), at(1000))).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('the size bound drops the oldest Date, and that Date becomes the horizon', () => {
    const cache = new ReplayCache({ maxEntries: 3 });
    for (const n of [0, 1, 2]) expect(cache.seen({ ...KEY, cseq: n }, at(n), at(10))).toBe(false);
    expect(cache.seen({ ...KEY, cseq: 3 }, at(3), at(10))).toBe(false);
    expect(cache.size).toBe(3);
    // The dropped key played again: refused, its Date is at the horizon.
    expect(cache.seen({ ...KEY, cseq: 0 }, at(0), at(11))).toBe(true);
    // The cost: a genuine new key dated at or before the horizon is refused too.
    expect(cache.seen({ ...KEY, cseq: 9 }, at(0), at(11))).toBe(true);
    // Keys dated after the horizon are still told apart.
    expect(cache.seen({ ...KEY, cseq: 4 }, at(4), at(11))).toBe(false);
    expect(cache.seen({ ...KEY, cseq: 2 }, at(2), at(11))).toBe(true);
    expect(cache.size).toBe(3);
  });

  it('the key of read protected headers: the X-SIP-SECURE-FROM, Call-ID and CSeq', () => {
    const headers = {
      secureFrom: 'sip:alice@example.test',
      secureTo: 'sip:bob@example.test',
      callId: 'c@h',
      cseq: { seq: 7, method: 'MESSAGE' },
      date: T0,
    } as ProtectedHeaders;
    expect(replayKeyOf(headers)).toEqual({ sender: 'sip:alice@example.test', callId: 'c@h', cseq: 7, method: 'MESSAGE' });
  });

  it("a caller's mistake is a CoreError 'invalid-argument'", () => {
    expect(() => new ReplayCache({ maxEntries: 0 })).toThrow(CoreError);
    expect(() => new ReplayCache({ windowSeconds: Number.NaN })).toThrow(/windowSeconds/);
    const cache = new ReplayCache();
    expect(() => cache.seen({ ...KEY, sender: 'alice' }, T0, T0)).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => cache.seen(KEY, new Date(Number.NaN), T0)).toThrow(/date/);
    expect(() => cache.seen({ ...KEY, cseq: 1.5 }, T0, T0)).toThrow(CoreError);
  });
});
