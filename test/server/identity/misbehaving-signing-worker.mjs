/**
 * A signing worker for the signing pool tests that misbehaves on purpose (signing-pool.test.ts). Plain JavaScript:
 * a worker thread gets neither Vitest's transform nor tsx.
 *
 *   workerData.mode:   'crash' (throws on its first batch), 'exit' (process.exit(3) on its first batch),
 *                      'stall' (never answers), 'bad-start' (throws while starting, before any batch)
 *   workerData.budget: Int32Array on a SharedArrayBuffer, shared by every thread the pool starts: each thread takes
 *                      one from it when it starts and misbehaves if it got one; once it is spent, threads are the
 *                      real signing-worker.mjs.
 *   workerData.started: optional Int32Array on a SharedArrayBuffer, counts threads started.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { mode, budget, started } = workerData;
if (started !== undefined) Atomics.add(started, 0, 1);
const misbehave = Atomics.sub(budget, 0, 1) > 0;

if (!misbehave) {
  await import('../../../server/identity/signing-worker.mjs');
} else if (mode === 'bad-start') {
  throw new Error('this signing thread fails while starting (test)');
} else {
  parentPort.on('message', () => {
    if (mode === 'crash') throw new Error('this signing thread crashes on its first batch (test)');
    if (mode === 'exit') process.exit(3);
    // 'stall': keep the batch and never answer.
  });
}
