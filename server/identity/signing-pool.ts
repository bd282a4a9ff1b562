/**
 * The authentication service's RSA signatures off the event loop. Every NOTIFY (RFC 6072 section 8) and every request
 * forwarded for an authenticated user (RFC 4474 section 6.1 step 4) carries its own rsa-sha256 Identity signature,
 * so the signing rate bounds the server: the event loop thread hashes each digest-string (SHA-256, microseconds) and
 * a pool of worker threads, about one per core, does the RSA private-key operation (rsa-sha256.ts), which costs
 * a third of a millisecond.
 *
 * - Batches: the hashes of requests made in one turn of the event loop go to a thread together, in one message each
 *   way (32 bytes per request in, one signature each back, transferred), so messaging costs little per signature.
 *   A full batch leaves at once, so a thread gets work while a fan-out of 10,000 NOTIFYs is still being built.
 * - Bounded: a thread holds at most `batchesPerThread` batches of at most `batch` hashes; the rest wait in order here,
 *   32 bytes each. Requests are signed in the order they were made (per NOTIFY dialog they are made one at a time
 *   anyway, so CSeq order is kept).
 * - Failures: a thread that crashes, exits or stops answering for `stallMs` is ended and its unfinished batches are
 *   signed by the others or its replacement. After `maxRespawns` failures within a minute no new thread is started,
 *   and once none is left signing continues in the event loop thread: slower, never lost, never stuck.
 * - Shutdown: `close()` ends the threads and rejects what was not signed. A pool nobody closes cannot keep the process
 *   alive: its threads are referenced only while they have work.
 */
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Logger } from '../log.ts';
import { checkSha256Signer, rsaSignatureBytes, sha256, signSha256Digest } from './rsa-sha256.ts';
import { SigningThread, type SigningTask } from './signing-thread.ts';

/** Makes rsa-sha256 signatures (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 section 8.2.1) with one key. */
export interface Sha256Signer {
  /** The signature of the message made of `parts` (concatenated; hashed part by part, not copied together). */
  signSha256(...parts: Uint8Array[]): Promise<Buffer>;
  /**
   * Resolves when few requests wait for a thread: a producer of many (a fan-out) builds the next ones then, so
   * that what waits for its signature stays small and short-lived.
   */
  ready(): Promise<void>;
}

export class SigningPoolClosedError extends Error {
  override readonly name = 'SigningPoolClosedError';
  constructor() {
    super('the signing pool is closed');
  }
}

export interface SigningPoolOptions {
  /** The RSA private key. */
  key: KeyObject;
  /** Worker threads; default one per core (`availableParallelism()`). 0 signs in the event loop thread. */
  threads?: number;
  /** Most hashes in one message to a thread; default 32 (about 10 ms of RSA-2048 work). */
  batch?: number;
  /** Batches a thread holds at once: one being signed, the next waiting; default 2. */
  batchesPerThread?: number;
  /** A thread with work that has not answered for this long is ended and its work moved; default 10,000 ms. */
  stallMs?: number;
  /** Thread failures within a minute after which no new thread is started; default 5. */
  maxRespawns?: number;
  log?: Pick<Logger, 'warn' | 'error'>;
  /** The worker script; default signing-worker.mjs beside this file (tests give one that misbehaves). */
  workerUrl?: URL;
  /** Extra workerData for the worker script (tests). */
  workerData?: Record<string, unknown>;
}

const DEFAULT_WORKER = new URL('./signing-worker.mjs', import.meta.url);
const FAILURE_WINDOW_MS = 60_000;
/** In the event loop thread, signatures per turn (about 3 ms of RSA-2048): other work gets its turn between. */
const IN_THREAD_PER_TURN = 8;

export interface SigningPoolStats {
  /** Signatures made by the threads and in the event loop thread. */
  signed: number;
  inThread: number;
  /** Messages to the threads. */
  batches: number;
  threadFailures: number;
}

export class SigningPool implements Sha256Signer {
  readonly #key: KeyObject;
  readonly #signatureBytes: number;
  readonly #threadCount: number;
  readonly #batch: number;
  readonly #batchesPerThread: number;
  readonly #stallMs: number;
  readonly #maxRespawns: number;
  readonly #log: Pick<Logger, 'warn' | 'error'> | undefined;
  readonly #workerUrl: URL;
  readonly #workerData: Record<string, unknown> | undefined;
  readonly #threads: SigningThread[] = [];
  /** Waiting tasks, oldest first, from #head. */
  #queue: SigningTask[] = [];
  #head = 0;
  #flush: ReturnType<typeof setImmediate> | undefined;
  #readyWaiters: (() => void)[] = [];
  #failures: number[] = [];
  /** No more threads are started: too many failed. */
  #degraded = false;
  #closed = false;
  readonly stats: SigningPoolStats = { signed: 0, inThread: 0, batches: 0, threadFailures: 0 };

  constructor(options: SigningPoolOptions) {
    this.#key = options.key;
    this.#signatureBytes = rsaSignatureBytes(options.key);
    checkSha256Signer(options.key);
    this.#threadCount = whole(options.threads ?? availableParallelism(), 0, 'threads');
    this.#batch = whole(options.batch ?? 32, 1, 'batch');
    this.#batchesPerThread = whole(options.batchesPerThread ?? 2, 1, 'batchesPerThread');
    this.#stallMs = whole(options.stallMs ?? 10_000, 1, 'stallMs');
    this.#maxRespawns = whole(options.maxRespawns ?? 5, 0, 'maxRespawns');
    this.#log = options.log;
    this.#workerUrl = options.workerUrl ?? DEFAULT_WORKER;
    this.#workerData = options.workerData;
  }

  /** Live worker threads (they start with the first signature). */
  get threads(): number {
    return this.#threads.length;
  }

  /** Requests not yet handed to a thread. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** True once threads kept failing and signing moved (or will move) into the event loop thread. */
  get degraded(): boolean {
    return this.#degraded;
  }

  signSha256(...parts: Uint8Array[]): Promise<Buffer> {
    if (this.#closed) return Promise.reject(new SigningPoolClosedError());
    const hash = sha256(...parts);
    return new Promise<Buffer>((resolve, reject) => {
      this.#queue.push({ hash, resolve, reject });
      if (this.queued >= this.#batch) this.#dispatch(false);
      this.#scheduleFlush();
    });
  }

  /** Resolves once no more than a full round of batches (batch x batchesPerThread per thread) waits; at once when closed. */
  ready(): Promise<void> {
    if (this.#closed || this.queued <= this.#lowWater()) return Promise.resolve();
    return new Promise<void>((resolve) => this.#readyWaiters.push(resolve));
  }

  /** Ends the threads; every request not yet signed is rejected with SigningPoolClosedError. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#flush !== undefined) clearImmediate(this.#flush);
    this.#flush = undefined;
    const threads = this.#threads.splice(0);
    const stopping = threads.map((thread) => thread.stop());
    const error = new SigningPoolClosedError();
    for (const task of this.#takeAll()) task.reject(error);
    this.#wakeReady();
    for (const unfinished of await Promise.all(stopping)) for (const task of unfinished) task.reject(error);
  }

  #lowWater(): number {
    return this.#batch * this.#batchesPerThread * Math.max(1, this.#threads.length);
  }

  #wakeReady(): void {
    if (this.#readyWaiters.length === 0 || (!this.#closed && this.queued > this.#lowWater())) return;
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ---- dispatch --------------------------------------------------------------------------------------------------

  #scheduleFlush(): void {
    if (this.#flush !== undefined || this.queued === 0) return;
    this.#flush = setImmediate(() => {
      this.#flush = undefined;
      this.#dispatch(true);
    });
  }

  /**
   * Hands waiting tasks to threads with room: full batches only while requests are still being made in this turn
   * (`partial` false), otherwise the waiting tasks spread over the free slots.
   */
  #dispatch(partial: boolean): void {
    if (this.#closed) return;
    this.#startThreads();
    if (this.#threads.length === 0) {
      if (partial) this.#signInThread();
      return;
    }
    for (;;) {
      const queued = this.queued;
      if (queued === 0) return;
      let thread: SigningThread | undefined;
      let free = 0;
      for (const t of this.#threads) {
        const room = this.#batchesPerThread - t.batchesInFlight;
        if (room <= 0) continue;
        free += room;
        if (thread === undefined || t.batchesInFlight < thread.batchesInFlight) thread = t;
      }
      if (thread === undefined) return;
      const size = partial ? Math.min(this.#batch, Math.ceil(queued / free)) : queued >= this.#batch ? this.#batch : 0;
      if (size === 0) return;
      const tasks = this.#take(size);
      this.stats.batches++;
      thread.send(tasks);
      this.#wakeReady();
    }
  }

  /** The fallback when no thread is left: a few signatures per turn of the event loop. */
  #signInThread(): void {
    for (let i = 0; i < IN_THREAD_PER_TURN && this.queued > 0; i++) {
      const [task] = this.#take(1);
      try {
        const signature = signSha256Digest(this.#key, task!.hash);
        this.stats.signed++;
        this.stats.inThread++;
        task!.resolve(signature);
      } catch (error) {
        task!.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.#wakeReady();
    this.#scheduleFlush();
  }

  #startThreads(): void {
    while (!this.#degraded && this.#threads.length < this.#threadCount) {
      try {
        this.#threads.push(
          new SigningThread(
            { key: this.#key, signatureBytes: this.#signatureBytes, workerUrl: this.#workerUrl, workerData: this.#workerData, stallMs: this.#stallMs },
            {
              done: (_thread, signed) => {
                this.stats.signed += signed;
                this.#dispatch(true);
              },
              failed: (thread, unfinished, reason) => this.#failed(thread, unfinished, reason) },
          ),
        );
      } catch (error) {
        this.#noteFailure(`could not start: ${error instanceof Error ? error.message : String(error)}`, 0);
      }
    }
  }

  #failed(thread: SigningThread, unfinished: SigningTask[], reason: string): void {
    const index = this.#threads.indexOf(thread);
    if (index >= 0) this.#threads.splice(index, 1);
    if (this.#closed) {
      for (const task of unfinished) task.reject(new SigningPoolClosedError());
      return;
    }
    // Back to the front, in their order: they were asked for before anything still waiting.
    this.#queue = [...unfinished, ...this.#queue.slice(this.#head)];
    this.#head = 0;
    this.#noteFailure(reason, unfinished.length, thread.threadId);
    this.#dispatch(true);
    this.#scheduleFlush();
  }

  #noteFailure(reason: string, requeued: number, threadId?: number): void {
    this.stats.threadFailures++;
    const now = Date.now();
    this.#failures = this.#failures.filter((at) => now - at < FAILURE_WINDOW_MS);
    this.#failures.push(now);
    this.#log?.warn({ threadId, reason, requeued }, 'signing thread failed; its work goes to another thread');
    if (!this.#degraded && this.#failures.length > this.#maxRespawns) {
      this.#degraded = true;
      this.#log?.error(
        { failures: this.#failures.length, windowMs: FAILURE_WINDOW_MS },
        'signing threads keep failing: no new ones are started; signing continues in the event loop thread once none is left',
      );
    }
  }

  // ---- queue -----------------------------------------------------------------------------------------------------

  #take(count: number): SigningTask[] {
    const tasks = this.#queue.slice(this.#head, this.#head + count);
    this.#head += tasks.length;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return tasks;
  }

  #takeAll(): SigningTask[] {
    return this.#take(this.queued);
  }
}

function whole(value: number, min: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < min) throw new TypeError(`signing pool: ${name} must be a whole number from ${min}`);
  return value;
}
