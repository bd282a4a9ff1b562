import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryHistoryRecords } from '../../src/services/history-records.ts';
import { createMessageHistory } from '../../src/services/message-history.ts';

const crypto = webcrypto as unknown as Crypto;
const ALICE = 'sip:alice@sealphone.test';
const MESSAGE = { id: 'm1', peer: 'sip:bob@sealphone.test', text: 'Meet me at the blue door at nine', at: 1000, state: 'delivered' };

function setUp() {
  const records = createMemoryHistoryRecords();
  const errors: string[] = [];
  return { records, errors, history: createMessageHistory<typeof MESSAGE>(records, crypto, (what) => errors.push(what)) };
}

/** Every byte of a record, read as text both ways a browser might store it. */
function rawText(record: { owner: string; id: string; iv: Uint8Array; data: ArrayBuffer }): string {
  const bytes = [record.iv, new Uint8Array(record.data)];
  return [record.owner, record.id, ...bytes.map((b) => Buffer.from(b).toString('latin1')), ...bytes.map((b) => Buffer.from(b).toString('utf16le'))].join('\n');
}

describe('encrypted message history', () => {
  it('gives back what was saved, per account', async () => {
    const { history } = setUp();
    await history.save(ALICE, MESSAGE.id, MESSAGE);
    expect(await history.load(ALICE)).toEqual([MESSAGE]);
    expect(await history.load('sip:carol@sealphone.test')).toEqual([]);
  });

  it('stores no plaintext: neither the text nor the peer', async () => {
    const { history, records } = setUp();
    await history.save(ALICE, MESSAGE.id, MESSAGE);
    const [record] = [...records.records.values()];
    expect(Object.keys(record!).sort()).toEqual(['data', 'id', 'iv', 'owner']);
    const text = rawText(record!);
    for (const clear of ['blue door', 'Meet me', 'bob', 'delivered']) expect(text).not.toContain(clear);
    // AES-GCM: the text's length plus a 16-byte tag.
    expect(record!.data.byteLength).toBe(new TextEncoder().encode(JSON.stringify(MESSAGE)).length + 16);
  });

  it('makes a non-extractable AES-GCM key, kept as a CryptoKey', async () => {
    const { history, records } = setUp();
    await history.save(ALICE, MESSAGE.id, MESSAGE);
    const key = records.keys.get(ALICE)!;
    expect(key).toBeInstanceOf(globalThis.CryptoKey);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await history.save(ALICE, 'm2', { ...MESSAGE, id: 'm2' });
    expect(records.keys.get(ALICE)).toBe(key);
  });

  it('uses a fresh random 96-bit IV for every record written', async () => {
    const { history, records } = setUp();
    const ivs: string[] = [];
    for (let i = 0; i < 5; i++) {
      await history.save(ALICE, MESSAGE.id, { ...MESSAGE, state: `s${i}` });
      const iv = [...records.records.values()][0]!.iv;
      expect(iv.byteLength).toBe(12);
      ivs.push(Buffer.from(iv).toString('hex'));
    }
    expect(new Set(ivs).size).toBe(5);
  });

  it('leaves out a record moved to another id or altered, and says so', async () => {
    const { history, records, errors } = setUp();
    await history.save(ALICE, MESSAGE.id, MESSAGE);
    await history.save(ALICE, 'm2', { ...MESSAGE, id: 'm2', text: 'second' });
    const first = [...records.records.values()].find((r) => r.id === 'm1')!;
    const second = [...records.records.values()].find((r) => r.id === 'm2')!;
    await records.put({ ...first, id: 'm3' });
    const flipped = new Uint8Array(second.data.slice(0));
    flipped[0]! ^= 1;
    await records.put({ ...second, data: flipped.buffer });
    expect(await history.load(ALICE)).toEqual([MESSAGE]);
    expect(errors).toEqual(['cannot open a stored message', 'cannot open a stored message']);
  });

  it('clear deletes the records and the key of that account only', async () => {
    const { history, records } = setUp();
    await history.save(ALICE, MESSAGE.id, MESSAGE);
    await history.save('sip:carol@sealphone.test', MESSAGE.id, MESSAGE);
    await history.clear(ALICE);
    expect(await history.load(ALICE)).toEqual([]);
    expect(records.keys.has(ALICE)).toBe(false);
    expect([...records.records.values()].map((r) => r.owner)).toEqual(['sip:carol@sealphone.test']);
    // A later message gets a new key.
    await history.save(ALICE, 'm9', { ...MESSAGE, id: 'm9' });
    expect(await history.load(ALICE)).toEqual([{ ...MESSAGE, id: 'm9' }]);
  });
});
