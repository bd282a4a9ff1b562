/**
 * Bad peer input never throws anything but FrameworkError (framework-error.ts): random octets, random field lines
 * and random mutations of real sealed attachments, through openPreshared and every parser of the framework.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../../src/core/bytes.ts';
import {
  A256GCM,
  PresharedReplayCache,
  importPresharedKey,
  isFrameworkError,
  openPreshared,
  parseCachedIndicator,
  parseSecureFrom,
  parseSecureKey,
  parseSecureTo,
  parseSipSecureAttachment,
  sealPreshared,
  type PresharedKey,
} from '../../../src/core/security-framework/index.ts';
import { SUPPORTS_5_1_STEP_5, withLength } from './seed-vectors.ts';

const crypto = globalThis.crypto;
const T0 = new Date(Date.UTC(2002, 1, 21, 13, 2, 3));
let key: PresharedKey;
let sealed: Uint8Array[];
beforeAll(async () => {
  key = await importPresharedKey(new Uint8Array(32).fill(7), 'example.test', crypto);
  const input = { secureFrom: parseSecureFrom('sip:alice@example.test'), secureTo: parseSecureTo('sip:bob@example.test'), fields: [['Call-ID', 'x1'] as const], body: utf8('hi') };
  sealed = [await sealPreshared(input, key, crypto, T0), await sealPreshared({ ...input, encryption: A256GCM }, key, crypto, T0), withLength(SUPPORTS_5_1_STEP_5)];
});

/** Runs `fn`; the only failure allowed is a FrameworkError. Returns whether it succeeded. */
async function onlyFrameworkErrors(fn: () => unknown): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (error) {
    if (!isFrameworkError(error)) throw error;
    return false;
  }
}

const open = (bytes: Uint8Array) => onlyFrameworkErrors(() => openPreshared(bytes, key, new PresharedReplayCache(), crypto, T0, { allowUnprotected: true }));

const fieldLine = fc.oneof(
  fc.constantFrom('Content-Type: message/sip-secure', 'Content-Length: 0', 'Content-Length: 99999999', 'X-SIP-SECURE-FROM: a@b.c', 'X-SIP-SECURE-TO: *@b.c',
    'X-SIP-SECURE-METHOD: preshared.sec.sip.iana', 'X-SIP-SECURE-METHOD: preshared.sec.sip.iana=(r:example.test)', 'Authorization: HS256; time=1:abcdefgh; ' + 'A'.repeat(43) + '=',
    'Authorization: NULL', 'Authentication: hs256', 'Encryption: A256GCM', 'Encryption: NULL', 'Via: x', '', ' folded', '#'),
  fc.string({ maxLength: 40 }).map((s) => `X-Any: ${s}`),
  fc.string({ maxLength: 60 }),
);

describe('hostile input', () => {
  it('random octets', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
      await open(bytes);
      await onlyFrameworkErrors(() => parseSipSecureAttachment(bytes));
    }), { numRuns: 300 });
  });

  it('random field lines, Content-Length made true or not', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fieldLine, { maxLength: 14 }), fc.boolean(), async (lines, fixLength) => {
      const bytes = fixLength ? withLength(lines.map((l) => l.replace(/^Content-Length: \d+$/, 'Content-Length: nnn'))) : utf8(lines.map((l) => `${l}\r\n`).join(''));
      await open(bytes);
    }), { numRuns: 400 });
  });

  it('mutations of real attachments: never accepted unless untouched or the NULL vector', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(2), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(40), async (which, flips, cut) => {
      const bytes = sealed[which]!.slice();
      for (const [i, x] of flips) bytes[i % bytes.length]! ^= x;
      // A keyed attachment is opened as a receiver that requires the checksum does: no mutation may pass. (With
      // allowUnprotected, renaming the Authorization field makes a NULL attachment: the caller was told it has no
      // integrity, openPreshared's `authorization: 'NULL'`.)
      const strict = await onlyFrameworkErrors(() => openPreshared(bytes, key, new PresharedReplayCache(), crypto, T0));
      if (which < 2) expect(strict).toBe(false);
      await open(bytes);
      await open(bytes.subarray(0, Math.max(0, bytes.length - cut)));
      await open(concatBytes(bytes, utf8('x'.repeat(cut))));
    }), { numRuns: 300 });
  });

  it('the value parsers', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (value) => {
      for (const parse of [parseSecureTo, parseSecureFrom, parseSecureKey, parseCachedIndicator]) {
        try {
          parse(value);
        } catch (error) {
          if (!isFrameworkError(error)) throw error;
        }
      }
    }), { numRuns: 500 });
  });
});
