/**
 * One worker thread of the signing pool (signing-pool.ts) and the batches it holds. It keeps the process alive only
 * while it has work (so a pool that is never closed cannot hang the exit), and it hands its unfinished batches back
 * when it dies or stops answering, so that no signature request is lost.
 */
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SHA256_BYTES, SHA256_DIGEST_INFO_PREFIX } from './rsa-sha256.ts';

/** One signature request: the SHA-256 of the digest-string, and who waits for the signature. */
export interface SigningTask {
  readonly hash: Uint8Array;
  resolve(signature: Buffer): void;
  reject(error: Error): void;
}

export interface SigningThreadEvents {
  /** A batch came back (`signed` signatures, 0 when it failed); the thread can take more. */
  done(thread: SigningThread, signed: number): void;
  /** The thread is gone (crashed, exited, or ended for stalling): `unfinished` must be signed elsewhere. */
  failed(thread: SigningThread, unfinished: SigningTask[], reason: string): void;
}

export interface SigningThreadOptions {
  key: KeyObject;
  signatureBytes: number;
  workerUrl: URL;
  /** Extra workerData (tests). */
  workerData?: Record<string, unknown>;
  /** Batches in flight this long without an answer end the thread. */
  stallMs: number;
}

interface Reply {
  id: number;
  signatures?: ArrayBuffer;
  error?: string;
}

let nextBatchId = 1;

export class SigningThread {
  readonly #worker: Worker;
  readonly #batches = new Map<number, SigningTask[]>();
  #alive = true;
  #stopping = false;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: SigningThreadOptions,
    private readonly events: SigningThreadEvents,
  ) {
    this.#worker = new Worker(options.workerUrl, {
      workerData: { ...options.workerData, key: options.key, prefix: SHA256_DIGEST_INFO_PREFIX, signatureBytes: options.signatureBytes },
      // The worker needs none of the server's flags (and must not inherit a loader such as tsx's).
      execArgv: [],
    });
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => this.#reply(reply));
    this.#worker.on('error', (error: Error) => this.#fail(`error: ${error.message}`));
    this.#worker.on('exit', (code: number) => this.#fail(`exited with code ${code}`));
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Batches sent and not yet answered. */
  get batchesInFlight(): number {
    return this.#batches.size;
  }

  /** The worker's thread id (for logs). */
  get threadId(): number {
    return this.#worker.threadId;
  }

  /** Sends `tasks` to be signed, in one message; the hashes travel in one transferred buffer. */
  send(tasks: SigningTask[]): void {
    const id = nextBatchId++;
    const hashes = new Uint8Array(tasks.length * SHA256_BYTES);
    for (let i = 0; i < tasks.length; i++) hashes.set(tasks[i]!.hash, i * SHA256_BYTES);
    this.#batches.set(id, tasks);
    if (this.#batches.size === 1) {
      this.#worker.ref();
      this.#arm();
    }
    this.#worker.postMessage({ id, count: tasks.length, hashes: hashes.buffer }, [hashes.buffer]);
  }

  /** Ends the thread; its unfinished tasks are returned (not signed, not rejected: the caller decides). */
  async stop(): Promise<SigningTask[]> {
    this.#stopping = true;
    const unfinished = this.#takeAll();
    await this.#worker.terminate();
    return unfinished;
  }

  #reply(reply: Reply): void {
    const tasks = this.#batches.get(reply.id);
    if (tasks === undefined) return;
    this.#batches.delete(reply.id);
    if (this.#batches.size === 0) {
      this.#worker.unref();
      this.#disarm();
    } else {
      this.#arm(); // it answered: the next batch gets a full stall period
    }
    if (reply.signatures !== undefined) {
      const size = this.options.signatureBytes;
      for (let i = 0; i < tasks.length; i++) tasks[i]!.resolve(Buffer.from(reply.signatures, i * size, size));
    } else {
      // The key itself cannot sign: another thread would fail the same way, so this is the answer.
      const error = new Error(`the signing thread could not sign: ${reply.error ?? 'no reason given'}`);
      for (const task of tasks) task.reject(error);
    }
    this.events.done(this, reply.signatures === undefined ? 0 : tasks.length);
  }

  #fail(reason: string): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#disarm();
    if (this.#stopping) return;
    const unfinished = this.#takeAll();
    void this.#worker.terminate();
    this.events.failed(this, unfinished, reason);
  }

  #takeAll(): SigningTask[] {
    const tasks = [...this.#batches.values()].flat();
    this.#batches.clear();
    this.#disarm();
    return tasks;
  }

  #arm(): void {
    this.#disarm();
    this.#watchdog = setTimeout(() => this.#fail(`no answer in ${this.options.stallMs} ms`), this.options.stallMs);
    this.#watchdog.unref();
  }

  #disarm(): void {
    if (this.#watchdog !== undefined) clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }
}
