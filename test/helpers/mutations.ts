/**
 * Damage for property tests over hostile input: fast-check arbitraries that change valid DER (bit flips, bytes
 * inserted, deleted or overwritten with values that matter to DER, truncation), and a judge that accepts only a
 * result or a CoreError, quickly.
 */
import fc from 'fast-check';
import { CoreError } from '../../src/core/errors.ts';

export type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'set'; at: number; byte: number };

/** Bytes that mean something in DER: zero and end-of-contents, length forms, SEQUENCE, INTEGER, NULL, 0xff. */
const DER_BYTES = [0x00, 0x80, 0x81, 0x84, 0xff, 0x30, 0x02, 0x05];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(...DER_BYTES) }),
);

/** One to four mutations, applied in order. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** A changed copy of `input`; positions wrap around its current length. */
export function mutate(input: Uint8Array, changes: readonly Mutation[]): Uint8Array {
  let out = input.slice();
  for (const m of changes) {
    const at = m.at % (out.length + 1);
    if (m.op === 'flip' || m.op === 'set') {
      if (out.length === 0) continue;
      const i = at % out.length;
      out[i] = m.op === 'flip' ? out[i]! ^ m.mask : m.byte;
    } else if (m.op === 'insert') {
      out = Uint8Array.from([...out.subarray(0, at), ...m.bytes, ...out.subarray(at)]);
    } else if (m.op === 'delete') {
      out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
    } else {
      out = out.slice(0, at);
    }
  }
  return out;
}

/**
 * Runs `fn` and resolves to 'ok' or the CoreError it threw. Anything else thrown, or no answer within
 * `withinMs`, rejects: the property fails.
 */
export async function okOrCoreError(fn: () => unknown, withinMs = 5000): Promise<'ok' | CoreError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer within ${withinMs} ms`)), withinMs);
  });
  const started = performance.now();
  let outcome: 'ok' | CoreError;
  try {
    await Promise.race([Promise.resolve().then(fn), hang]);
    outcome = 'ok';
  } catch (error) {
    if (!(error instanceof CoreError)) throw new Error(`not a CoreError: ${String(error)}`, { cause: error });
    outcome = error;
  } finally {
    clearTimeout(timer);
  }
  const elapsed = performance.now() - started;
  if (elapsed > withinMs) throw new Error(`slow: ${Math.round(elapsed)} ms, more than ${withinMs} ms`);
  return outcome;
}
