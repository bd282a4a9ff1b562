/** Shared by the SIP tests: messages written as arrays of lines, and checks on SipParseError. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { utf8 } from '../../../src/core/bytes.ts';
import { SipParseError } from '../../../src/core/sip/index.ts';
import type { Mutation } from '../../helpers/mutations.ts';

/** Lines joined with CRLF, as UTF-8 (control characters written in the strings travel as single bytes). */
export function sip(lines: readonly string[]): Uint8Array {
  return utf8(lines.join('\r\n'));
}

/** Runs `fn` and returns the SipParseError it throws; fails the test if it returns or throws something else. */
export function sipError(fn: () => unknown): SipParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SipParseError);
    return error as SipParseError;
  }
  throw new Error('expected a SipParseError, but it returned');
}

/** A small valid request to build variants from. */
export function baseRequest(extra: readonly string[] = [], body = ''): string[] {
  return [
    'MESSAGE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK74bf9',
    'Max-Forwards: 70',
    'From: "Alice" <sip:alice@example.com>;tag=9fxced76sl',
    'To: <sip:bob@example.com>',
    'Call-ID: 3848276298220188511@example.com',
    'CSeq: 1 MESSAGE',
    ...extra,
    `Content-Length: ${utf8(body).length}`,
    '',
    body,
  ];
}

/** Bytes that matter to SIP framing and header syntax. */
const SIP_BYTES = [13, 10, 32, 9, 0x3a, 0x3b, 0x2c, 0x22, 0x3c, 0x3e, 0x5c, 0x3d, 0x40, 0x25, 0x00, 0xff, 0x30, 0x39];

/** Damage aimed at SIP text: the shared mutations, plus SIP's structural bytes written or inserted. */
export const sipMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(...SIP_BYTES) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => b.map((x) => SIP_BYTES[x % SIP_BYTES.length]!)) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export const sipMutations: fc.Arbitrary<Mutation[]> = fc.array(sipMutation, { minLength: 1, maxLength: 4 });
