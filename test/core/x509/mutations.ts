/** fast-check arbitraries that damage valid DER: bit flips, inserted and deleted bytes, truncation. */
import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; byte: number }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'set'; at: number; byte: number };

const at = fc.nat({ max: 1_000_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('insert' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('set' as const), at, byte: fc.constantFrom(0x00, 0x80, 0x81, 0x84, 0xff, 0x30, 0x02, 0x05) }),
);

export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = input.slice();
  for (const m of mutations) {
    const i = bytes.length === 0 ? 0 : m.at % bytes.length;
    switch (m.op) {
      case 'flip':
        if (bytes.length > 0) bytes[i]! ^= 1 << m.bit;
        break;
      case 'set':
        if (bytes.length > 0) bytes[i] = m.byte;
        break;
      case 'insert':
        bytes = Uint8Array.from([...bytes.subarray(0, i), m.byte, ...bytes.subarray(i)]);
        break;
      case 'delete':
        bytes = Uint8Array.from([...bytes.subarray(0, i), ...bytes.subarray(i + m.count)]);
        break;
      case 'truncate':
        bytes = bytes.slice(0, i);
        break;
    }
  }
  return bytes;
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
