/**
 * The authentication service's signing pool (server/identity/signing-pool.ts): rsa-sha256 signatures made by worker
 * threads are byte for byte WebCrypto's RSASSA-PKCS1-v1_5 SHA-256 of the same key and message, and openssl verifies
 * them; threads that crash, exit, fail to start or stop answering lose no request; after `maxRespawns` failures
 * signing continues in the event loop thread; `close()` rejects what is left; a pool nobody closes does not keep the
 * process alive.
 */
import { spawn } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../server/log.ts';
import { SigningPool, SigningPoolClosedError, type SigningPoolOptions } from '../../../server/identity/index.ts';
import { exact, Workdir } from '../../helpers/openssl.ts';

const subtle = globalThis.crypto.subtle;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const MISBEHAVING_WORKER = new URL('./misbehaving-signing-worker.mjs', import.meta.url);
const POOL_MODULE = new URL('../../../server/identity/signing-pool.ts', import.meta.url);

let webKey: CryptoKey;
let key: KeyObject;
let w: Workdir;
const pools: SigningPool[] = [];

beforeAll(async () => {
  const pair = await subtle.generateKey({ ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
  webKey = pair.privateKey;
  key = createPrivateKey({ key: Buffer.from(await subtle.exportKey('pkcs8', pair.privateKey)), format: 'der', type: 'pkcs8' });
  w = new Workdir();
  w.write('pub.der', new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
  w.openssl('pkey', '-pubin', '-inform', 'DER', '-in', 'pub.der', '-out', 'pub.pem');
});
afterAll(() => w.cleanup());
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(options: Omit<SigningPoolOptions, 'key'> = {}): SigningPool {
  const p = new SigningPool({ key, ...options });
  pools.push(p);
  return p;
}

/** A pool whose threads run the misbehaving worker: the first `misbehaving` threads it starts misbehave as `mode`. */
function misbehavingPool(mode: 'crash' | 'exit' | 'stall' | 'bad-start', misbehaving: number, options: Omit<SigningPoolOptions, 'key' | 'workerUrl' | 'workerData'> = {}) {
  const budget = new Int32Array(new SharedArrayBuffer(4));
  budget[0] = misbehaving;
  const started = new Int32Array(new SharedArrayBuffer(4));
  const warnings: unknown[] = [];
  const errors: unknown[] = [];
  const log = { warn: (fields: unknown) => warnings.push(fields), error: (fields: unknown) => errors.push(fields) } as unknown as Pick<Logger, 'warn' | 'error'>;
  const p = pool({ ...options, log, workerUrl: MISBEHAVING_WORKER, workerData: { mode, budget, started } });
  return { pool: p, warnings, errors, started: () => Atomics.load(started, 0) };
}

async function webSign(message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.sign(RSA.name, webKey, new Uint8Array(message)));
}

function messages(count: number, tag = 'm'): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new TextEncoder().encode(`NOTIFY sip:watcher-${i}@sealphone.test SIP/2.0 ${tag} ${i}\r\n`));
}

/** Every signature is WebCrypto's of its own message (PKCS#1 v1.5 is deterministic, so byte equality). */
async function expectWebCryptoSignatures(signatures: Uint8Array[], of: Uint8Array[]): Promise<void> {
  expect(signatures).toHaveLength(of.length);
  const expected = await Promise.all(of.map(webSign));
  for (let i = 0; i < of.length; i++) {
    if (!Buffer.from(signatures[i]!).equals(Buffer.from(expected[i]!))) throw new Error(`signature ${i} of ${of.length} differs from WebCrypto's`);
  }
}

function opensslVerifies(message: Uint8Array, signature: Uint8Array): boolean {
  w.write('msg.bin', message);
  w.write('sig.bin', exact(signature));
  const r = w.tryOpenssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'msg.bin');
  return r.status === 0 && r.stdout.toString().includes('Verified OK');
}

describe('SigningPool signatures', () => {
  it('are WebCrypto RSASSA-PKCS1-v1_5 SHA-256 signatures of the same key and message, and openssl verifies them', async () => {
    const p = pool({ threads: 2 });
    const samples = [new Uint8Array(0), new TextEncoder().encode('sip:alice@sealphone.test|sip:bob@sealphone.test|1 NOTIFY'), new Uint8Array(100_000).map((_, i) => i * 7)];
    const signatures = await Promise.all(samples.map((m) => p.signSha256(m)));
    for (const s of signatures) expect(s).toHaveLength(256);
    await expectWebCryptoSignatures(signatures, samples);
    for (let i = 0; i < samples.length; i++) expect(opensslVerifies(samples[i]!, signatures[i]!), `openssl verifies signature ${i}`).toBe(true);
    // The judge can refuse: a signature of another message does not verify.
    expect(opensslVerifies(samples[1]!, signatures[0]!)).toBe(false);
    expect(p.stats.signed).toBe(samples.length);
    expect(p.stats.inThread).toBe(0);
    expect(p.threads).toBeGreaterThan(0);
  });

  it('of a message in parts equal the signature of the parts concatenated', async () => {
    const p = pool({ threads: 1 });
    const head = new TextEncoder().encode('sip:alice@sealphone.test|sip:bob@sealphone.test|');
    const body = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\r\n...\r\n');
    const whole = Buffer.concat([head, body]);
    const [inParts, inThree, inOne, empty, noParts] = await Promise.all([
      p.signSha256(head, body),
      p.signSha256(head.subarray(0, 5), head.subarray(5), body),
      p.signSha256(whole),
      p.signSha256(head, new Uint8Array(0), body),
      p.signSha256(),
    ]);
    expect(Buffer.from(inParts).equals(Buffer.from(await webSign(whole)))).toBe(true);
    expect(inThree.equals(inParts)).toBe(true);
    expect(inOne.equals(inParts)).toBe(true);
    expect(empty.equals(inParts)).toBe(true);
    expect(noParts.equals(Buffer.from(await webSign(new Uint8Array(0))))).toBe(true);
    expect(opensslVerifies(whole, inParts)).toBe(true);
  });

  it('500 requested at once are all correct, each for its own message, in batches over the threads', async () => {
    const p = pool({ threads: 2, batch: 16 });
    const of = messages(500);
    const signatures = await Promise.all(of.map((m) => p.signSha256(m)));
    await expectWebCryptoSignatures(signatures, of);
    expect(p.stats.signed).toBe(500);
    expect(p.stats.batches).toBeGreaterThanOrEqual(500 / 16);
    expect(p.stats.inThread).toBe(0);
    expect(p.queued).toBe(0);
  });

  it('are answered in the order they were asked for (one thread), and ready() lets a producer wait for room', async () => {
    const p = pool({ threads: 1, batch: 8, batchesPerThread: 2 });
    const of = messages(300, 'ordered');
    const answered: number[] = [];
    const all = of.map((m, i) =>
      p.signSha256(m).then((s) => {
        answered.push(i);
        return s;
      }),
    );
    expect(p.queued).toBeGreaterThan(16);
    let queuedWhenReady = -1;
    const ready = p.ready().then(() => {
      queuedWhenReady = p.queued;
      return answered.length;
    });
    const doneWhenReady = await ready;
    expect(queuedWhenReady).toBeLessThanOrEqual(16); // batch x batchesPerThread x threads
    expect(doneWhenReady).toBeLessThan(300); // it did not wait for everything
    const signatures = await Promise.all(all);
    expect(answered).toEqual(of.map((_, i) => i));
    await expectWebCryptoSignatures(signatures, of);
    await p.ready(); // nothing waits: at once
  });

  it('with threads: 0 are made in the event loop thread', async () => {
    const p = pool({ threads: 0 });
    const of = messages(40, 'in-thread');
    const signatures = await Promise.all(of.map((m) => p.signSha256(m)));
    await expectWebCryptoSignatures(signatures, of);
    expect(opensslVerifies(of[7]!, signatures[7]!)).toBe(true);
    expect(p.threads).toBe(0);
    expect(p.stats).toMatchObject({ signed: 40, inThread: 40, batches: 0, threadFailures: 0 });
  });

  it('refuses options that are not whole numbers in range, and a key that is not an RSA private key', () => {
    expect(() => new SigningPool({ key, threads: -1 })).toThrow(TypeError);
    expect(() => new SigningPool({ key, batch: 0 })).toThrow(TypeError);
    expect(() => new SigningPool({ key, batchesPerThread: 1.5 })).toThrow(TypeError);
    expect(() => new SigningPool({ key, stallMs: 0 })).toThrow(TypeError);
    expect(() => new SigningPool({ key, maxRespawns: Number.NaN })).toThrow(TypeError);
    const ec = createPrivateKey({ key: Buffer.from('302e020100300506032b657004220420' + '11'.repeat(32), 'hex'), format: 'der', type: 'pkcs8' });
    expect(() => new SigningPool({ key: ec })).toThrow(TypeError);
  });
});

describe('SigningPool thread failures', () => {
  for (const mode of ['crash', 'exit'] as const) {
    it(`a thread that ${mode === 'crash' ? 'throws' : 'exits'} on its first batch: its work is moved to a new thread and signed`, async () => {
      const { pool: p, warnings, errors, started } = misbehavingPool(mode, 1, { threads: 1, batch: 8 });
      const of = messages(50, mode);
      const signatures = await Promise.all(of.map((m) => p.signSha256(m)));
      await expectWebCryptoSignatures(signatures, of);
      expect(p.stats.threadFailures).toBe(1);
      expect(p.stats.inThread).toBe(0);
      expect(p.stats.signed).toBe(50);
      expect(p.degraded).toBe(false);
      expect(p.threads).toBe(1);
      expect(started()).toBe(2);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ reason: mode === 'crash' ? expect.stringContaining('crashes on its first batch') : 'exited with code 3' });
      expect((warnings[0] as { requeued: number }).requeued).toBeGreaterThan(0);
      expect(errors).toHaveLength(0);
    });
  }

  it('a thread that never answers is ended after stallMs and its work is signed by another thread', async () => {
    const { pool: p, warnings, started } = misbehavingPool('stall', 1, { threads: 2, batch: 8, stallMs: 300 });
    const of = messages(60, 'stall');
    const began = performance.now();
    const signatures = await Promise.all(of.map((m) => p.signSha256(m)));
    const took = performance.now() - began;
    await expectWebCryptoSignatures(signatures, of);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(p.stats.threadFailures).toBe(1);
    expect(warnings[0]).toMatchObject({ reason: 'no answer in 300 ms' });
    expect(p.degraded).toBe(false);
    expect(started()).toBeGreaterThanOrEqual(2);
  });

  it('a worker script that fails while starting: the work is signed by its replacement', async () => {
    const { pool: p, warnings } = misbehavingPool('bad-start', 1, { threads: 1 });
    const of = messages(10, 'bad-start');
    await expectWebCryptoSignatures(await Promise.all(of.map((m) => p.signSha256(m))), of);
    expect(p.stats.threadFailures).toBe(1);
    expect(warnings[0]).toMatchObject({ reason: expect.stringContaining('fails while starting') });
  });

  it('after maxRespawns failures no thread is started and signing finishes in the event loop thread', async () => {
    const { pool: p, warnings, errors, started } = misbehavingPool('crash', 1_000, { threads: 2, batch: 4, maxRespawns: 2 });
    const of = messages(80, 'degraded');
    const signatures = await Promise.all(of.map((m) => p.signSha256(m)));
    await expectWebCryptoSignatures(signatures, of);
    expect(p.degraded).toBe(true);
    expect(p.threads).toBe(0);
    expect(p.stats.inThread).toBe(80); // every thread crashed on its first batch
    expect(p.stats.signed).toBe(80);
    // Two threads, then replacements while failures <= maxRespawns: 2 + 2 started, then no more.
    expect(started()).toBe(4);
    expect(p.stats.threadFailures).toBe(4);
    expect(warnings).toHaveLength(4);
    expect(errors).toHaveLength(1);
    // Later requests are signed in the event loop thread too; no thread is started again.
    const later = messages(5, 'later');
    await expectWebCryptoSignatures(await Promise.all(later.map((m) => p.signSha256(m))), later);
    expect(started()).toBe(4);
    expect(p.stats.inThread).toBe(85);
  });

  it('a missing worker script: signing falls back to the event loop thread', async () => {
    const errors: unknown[] = [];
    const log = { warn: () => undefined, error: (fields: unknown) => errors.push(fields) } as unknown as Pick<Logger, 'warn' | 'error'>;
    const p = pool({ threads: 1, maxRespawns: 0, log, workerUrl: new URL('./no-such-signing-worker.mjs', import.meta.url) });
    const of = messages(12, 'missing');
    await expectWebCryptoSignatures(await Promise.all(of.map((m) => p.signSha256(m))), of);
    expect(p.degraded).toBe(true);
    expect(p.stats.inThread).toBe(12);
    expect(errors).toHaveLength(1);
  });

  it('a stalled thread with maxRespawns: 0: its work finishes in the event loop thread', async () => {
    const { pool: p } = misbehavingPool('stall', 1_000, { threads: 1, maxRespawns: 0, stallMs: 200 });
    const of = messages(20, 'stall-degraded');
    await expectWebCryptoSignatures(await Promise.all(of.map((m) => p.signSha256(m))), of);
    expect(p.degraded).toBe(true);
    expect(p.stats.inThread).toBe(20);
  });
});

describe('SigningPool close()', () => {
  async function settle(promises: Promise<Buffer>[]): Promise<unknown[]> {
    return (await Promise.allSettled(promises)).map((r) => (r.status === 'rejected' ? r.reason : 'signed'));
  }

  it('rejects work in a thread and work still waiting with SigningPoolClosedError, and refuses new work', async () => {
    const { pool: p, warnings } = misbehavingPool('stall', 1_000, { threads: 1, batch: 4, batchesPerThread: 1, stallMs: 60_000 });
    const outcomes = settle(messages(10, 'close').map((m) => p.signSha256(m)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.queued).toBe(6); // 4 in the (stalled) thread, 6 waiting for room
    await p.close();
    for (const outcome of await outcomes) expect(outcome).toBeInstanceOf(SigningPoolClosedError);
    expect(p.threads).toBe(0);
    expect(warnings).toHaveLength(0); // ending a thread on close is no failure
    await expect(p.signSha256(new Uint8Array(1))).rejects.toBeInstanceOf(SigningPoolClosedError);
    await p.ready();
    await p.close(); // again: nothing happens
  });

  it('rejects work waiting for the event loop thread (threads: 0)', async () => {
    const p = pool({ threads: 0 });
    const outcomes = settle(messages(30, 'close-in-thread').map((m) => p.signSha256(m)));
    await p.close();
    for (const outcome of await outcomes) expect(outcome).toBeInstanceOf(SigningPoolClosedError);
    expect(p.stats.inThread).toBe(0);
  });

  it('wakes a producer waiting in ready()', async () => {
    const { pool: p } = misbehavingPool('stall', 1_000, { threads: 1, batch: 2, batchesPerThread: 1, stallMs: 60_000 });
    const outcomes = settle(messages(20, 'ready').map((m) => p.signSha256(m)));
    let woke = false;
    const ready = p.ready().then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    await p.close();
    await ready;
    expect(woke).toBe(true);
    expect(await outcomes).toHaveLength(20);
  });
});

describe('a pool nobody closes', () => {
  /** Runs a Node process (with tsx, as the server runs) that signs with a pool and never closes it. */
  function runChild(script: string): Promise<{ code: number | null; out: string; ms: number }> {
    const began = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the process did not exit within 15 s: ${out}`));
      }, 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, ms: performance.now() - began });
      });
    });
  }

  const prelude = `
    import { generateKeyPairSync } from 'node:crypto';
    const { SigningPool } = await import(${JSON.stringify(POOL_MODULE.href)});
    const { privateKey: key } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  `;

  it('does not keep the process alive once its threads are idle', async () => {
    const { code, out } = await runChild(`${prelude}
      const pool = new SigningPool({ key, threads: 2, batch: 4 });
      const signatures = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.signSha256(Buffer.from('m' + i))));
      console.log('signed', signatures.length, 'threads', pool.threads);
    `);
    expect(out).toContain('signed 40 threads 2');
    expect(code).toBe(0);
  });

  it('keeps the process alive while a thread holds work, until the stalled work is signed elsewhere', async () => {
    const { code, out, ms } = await runChild(`${prelude}
      const budget = new Int32Array(new SharedArrayBuffer(4));
      budget[0] = 1;
      const pool = new SigningPool({ key, threads: 1, stallMs: 500, workerUrl: new URL(${JSON.stringify(MISBEHAVING_WORKER.href)}), workerData: { mode: 'stall', budget } });
      // Nobody awaits: only the pool's thread, referenced while it has work, keeps the process alive.
      for (let i = 0; i < 5; i++) void pool.signSha256(Buffer.from('m' + i)).then(() => console.log('signed', i));
    `);
    expect(code).toBe(0);
    for (let i = 0; i < 5; i++) expect(out).toContain(`signed ${i}`);
    expect(ms).toBeGreaterThanOrEqual(500);
  });
});
