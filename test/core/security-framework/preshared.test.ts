/**
 * The pre-shared key crypto-system (seed 000 section 6): sealing and opening, with and without encryption; one bit
 * flipped anywhere in the integrity-checked area is a bad checksum; a second arrival is a replay; a timestamp outside
 * the clock-skew window is stale; the seed's own NULL-transform attachments (section 5.1 step 5, 5.2 step 3).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, latin1, toBase64, utf8 } from '../../../src/core/bytes.ts';
import { PRESHARED_METHOD, SMIME_METHOD } from '../../../src/core/secure-body/index.ts';
import {
  A256GCM,
  NULL_TRANSFORM,
  PresharedReplayCache,
  hmacSha256,
  importPresharedKey,
  isFrameworkError,
  openPreshared,
  parseSecureFrom,
  parseSecureTo,
  sealPreshared,
  type FrameworkErrorKind,
  type PresharedKey,
  type PresharedSealInput,
} from '../../../src/core/security-framework/index.ts';
import { INNER_CHALLENGE_5_2_STEP_3, SUPPORTS_5_1_STEP_5, withLength } from './seed-vectors.ts';

const crypto = globalThis.crypto;
const T0 = new Date(Date.UTC(2002, 1, 21, 13, 2, 3));
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const failsWith = (kind: FrameworkErrorKind) => expect.toSatisfy((e: unknown) => isFrameworkError(e, kind));

let key: PresharedKey;
let otherKey: PresharedKey;
beforeAll(async () => {
  key = await importPresharedKey(new Uint8Array(32).fill(7), '3f2a9c0d51e7b864', crypto);
  otherKey = await importPresharedKey(new Uint8Array(32).fill(8), '3f2a9c0d51e7b864', crypto);
});

const MESSAGE: PresharedSealInput = {
  secureFrom: parseSecureFrom('sip:alice@example.test'),
  secureTo: parseSecureTo('sip:bob@example.test'),
  fields: [['From', '<sip:alice@example.test>;tag=1928301774'], ['Call-ID', 'a84b4c76e66710'], ['CSeq', '2 MESSAGE']],
  body: utf8('Meet at the lighthouse, 9 pm.'),
};

describe('sealPreshared then openPreshared', () => {
  it('integrity only: the fields and body go in the clear, checked', async () => {
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    const text = fromUtf8(bytes);
    expect(text).toMatch(/^Content-Type: message\/sip-secure\r\nContent-Length: (\d+)\r\n/);
    expect(Number(/Content-Length: (\d+)/.exec(text)![1])).toBe(bytes.length);
    expect(text).toContain('X-SIP-SECURE-METHOD: preshared.sec.sip.iana=(r:3f2a9c0d51e7b864)\r\n');
    expect(text).toMatch(/\r\nAuthorization: HS256; time=1014296523:[0-9a-f]{32}; [A-Za-z0-9+/]{43}=\r\n/);
    expect(text).toContain('Meet at the lighthouse');
    const opened = await openPreshared(bytes, key, new PresharedReplayCache(), crypto, at(1));
    expect(opened.fields).toEqual(MESSAGE.fields);
    expect(fromUtf8(opened.body!)).toBe('Meet at the lighthouse, 9 pm.');
    expect(opened.time).toBe(T0.getTime() / 1000);
    expect(opened.attachment.method).toEqual({ method: PRESHARED_METHOD, realm: key.context });
  });

  it('with Encryption: A256GCM nothing protected is readable, and it opens', async () => {
    const bytes = await sealPreshared({ ...MESSAGE, encryption: A256GCM }, key, crypto, T0);
    const text = fromUtf8(bytes);
    expect(text).not.toContain('lighthouse');
    expect(text).not.toContain('Call-ID');
    expect(text).toMatch(/\r\nEncryption: A256GCM\r\n\r\n[A-Za-z0-9+/=\r\n]+$/);
    expect(Number(/Content-Length: (\d+)/.exec(text)![1])).toBe(bytes.length);
    const opened = await openPreshared(bytes, key, new PresharedReplayCache(), crypto, at(1));
    expect(opened.encryption).toBe(A256GCM);
    expect(opened.fields).toEqual(MESSAGE.fields);
    expect(fromUtf8(opened.body!)).toBe('Meet at the lighthouse, 9 pm.');
  });

  it('the M flag and the supports variant travel in the checked area', async () => {
    const bytes = await sealPreshared({ ...MESSAGE, mutual: true, supports: [{ method: SMIME_METHOD, realm: 'example.test' }] }, key, crypto, T0);
    const opened = await openPreshared(bytes, key, null, crypto, T0);
    expect(opened.attachment.method.mutual).toBe(true);
    expect(opened.attachment.supports).toEqual([{ method: SMIME_METHOD, realm: 'example.test' }]);
  });
});

describe('tampering: one bit flipped anywhere is refused', () => {
  for (const encryption of [undefined, A256GCM] as const) {
    it(`${encryption ?? 'integrity only'}: every octet position`, async () => {
      const bytes = await sealPreshared({ ...MESSAGE, encryption }, key, crypto, T0);
      let step = 0;
      for (let i = 0; i < bytes.length; i += 1 + (step++ % 3)) {
        const flipped = bytes.slice();
        flipped[i]! ^= 0x01;
        // Whatever the octet, never accepted: mostly a bad checksum, or the grammar (a name, a number) breaks first.
        const error = await openPreshared(flipped, key, null, crypto, T0).then(() => undefined, (e: unknown) => e);
        expect(isFrameworkError(error), `octet ${i} (${JSON.stringify(latin1(bytes.subarray(i, i + 1)))})`).toBe(true);
      }
    });
  }

  it('a bit flipped in the body is a bad checksum, precisely', async () => {
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    const flipped = bytes.slice();
    flipped[bytes.length - 3]! ^= 0x01;
    await expect(openPreshared(flipped, key, null, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
  });

  it('a bit flipped in X-SIP-SECURE-TO (the clear header area) is a bad checksum', async () => {
    const bytes = await sealPreshared({ ...MESSAGE, encryption: A256GCM }, key, crypto, T0);
    const i = latin1(bytes).indexOf('sip:bob') + 4;
    const flipped = bytes.slice();
    flipped[i]! ^= 0x01; // "bob" -> "cob"
    await expect(openPreshared(flipped, key, null, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
  });

  it('another key is a bad checksum', async () => {
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    await expect(openPreshared(bytes, otherKey, null, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
  });

  it('an attachment for another key context is refused before any check', async () => {
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    const elsewhere = await importPresharedKey(new Uint8Array(32).fill(7), 'example.test', crypto);
    await expect(openPreshared(bytes, elsewhere, null, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
  });

  it('without a checksum (Authorization: NULL) AES-GCM still binds the clear fields: undecipherable', async () => {
    const bytes = await sealPreshared({ ...MESSAGE, authorization: NULL_TRANSFORM, encryption: A256GCM }, key, crypto, T0);
    await expect(openPreshared(bytes, key, null, crypto, T0)).rejects.toThrow(failsWith('unprotected'));
    expect(fromUtf8((await openPreshared(bytes, key, null, crypto, T0, { allowUnprotected: true })).body!)).toContain('lighthouse');
    const i = latin1(bytes).indexOf('sip:bob') + 4;
    const flipped = bytes.slice();
    flipped[i]! ^= 0x01;
    await expect(openPreshared(flipped, key, null, crypto, T0, { allowUnprotected: true })).rejects.toThrow(failsWith('undecipherable'));
  });
});

describe('replay protection (section 6: the (X-SIP-SECURE-TO, X-SIP-SECURE-FROM, nonce) cache and the timestamp)', () => {
  it('the same attachment twice: accepted, then a replay', async () => {
    const cache = new PresharedReplayCache();
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    await openPreshared(bytes, key, cache, crypto, at(2));
    await expect(openPreshared(bytes, key, cache, crypto, at(3))).rejects.toThrow(failsWith('replay'));
    // A fresh seal of the same content has a fresh nonce.
    await openPreshared(await sealPreshared(MESSAGE, key, crypto, T0), key, cache, crypto, at(3));
  });

  it('a forged attachment never enters the cache (the checksum is checked first)', async () => {
    const cache = new PresharedReplayCache();
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    await expect(openPreshared(bytes, otherKey, cache, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
    expect(cache.size).toBe(0);
    await openPreshared(bytes, key, cache, crypto, T0);
  });

  it('a timestamp outside the skew window is stale, on either side', async () => {
    const cache = new PresharedReplayCache({ skewSeconds: 30 });
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    await expect(openPreshared(bytes, key, cache, crypto, at(31))).rejects.toThrow(failsWith('stale'));
    await expect(openPreshared(bytes, key, cache, crypto, at(-31))).rejects.toThrow(failsWith('stale'));
    await openPreshared(bytes, key, cache, crypto, at(30));
    // After the window the cache has forgotten it, and the timestamp check refuses it instead.
    await expect(openPreshared(bytes, key, cache, crypto, at(100))).rejects.toThrow(failsWith('stale'));
  });

  it('no time=timestamp:nonce is stale (SealPhone implements the replay protection the seed says SHOULD be)', async () => {
    // Section 6: "Authorization: algorithm; [time=timestamp:nonce;] checksum", written here by hand without the time.
    const placeholder = 'A'.repeat(44);
    const lines = [...SUPPORTS_5_1_STEP_5.slice(0, 5), 'X-SIP-SECURE-METHOD: preshared.sec.sip.iana', `Authorization: HS256; ${placeholder}`];
    const bytes = withLength(lines);
    const start = latin1(bytes).indexOf(placeholder);
    const macInput = new Uint8Array([...bytes.subarray(0, start), ...bytes.subarray(start + 44)]);
    bytes.set(utf8(toBase64(await hmacSha256(key.checksum, macInput, crypto))), start);
    await expect(openPreshared(bytes, key, null, crypto, T0)).rejects.toThrow(failsWith('stale'));
    // The same with one bit flipped is a bad checksum: the checksum is what was checked, not the grammar.
    bytes[latin1(bytes).indexOf('UAS@')]! ^= 0x01;
    await expect(openPreshared(bytes, key, null, crypto, T0)).rejects.toThrow(failsWith('bad-checksum'));
  });

  it('the cache is keyed on TO, FROM and nonce: another sender with the same nonce is not a replay', () => {
    const cache = new PresharedReplayCache();
    const k = { secureTo: parseSecureTo('sip:bob@example.test'), secureFrom: parseSecureFrom('sip:alice@example.test'), nonce: 'n0nce-0001' };
    const t = T0.getTime() / 1000;
    expect(cache.seen(k, t, T0)).toBe(false);
    expect(cache.seen({ ...k, secureFrom: parseSecureFrom('sip:carol@example.test') }, t, T0)).toBe(false);
    expect(cache.seen({ ...k, secureTo: parseSecureTo('sip:dave@example.test') }, t, T0)).toBe(false);
    expect(cache.seen({ ...k, secureFrom: parseSecureFrom('alice@EXAMPLE.test') }, t, T0)).toBe(true);
  });

  it('the size bound: full, the oldest goes and anything at or before it is refused', () => {
    const cache = new PresharedReplayCache({ maxEntries: 2 });
    const k = (nonce: string) => ({ secureTo: parseSecureTo('b@x.test'), secureFrom: parseSecureFrom('a@x.test'), nonce });
    const t = T0.getTime() / 1000;
    expect(cache.seen(k('n-000001'), t, T0)).toBe(false);
    expect(cache.seen(k('n-000002'), t + 1, T0)).toBe(false);
    expect(cache.seen(k('n-000003'), t + 2, T0)).toBe(false);
    expect(cache.size).toBe(2);
    expect(cache.seen(k('n-000001'), t, T0)).toBe(true);
    expect(cache.seen(k('n-000004'), t, T0)).toBe(true);
  });
});

describe('the seed\'s NULL transforms (sections 4.2.2, 4.2.3, 6)', () => {
  it('section 5.1 step (5): "Authentication: NULL / Encryption: NULL" opens only when allowed', async () => {
    const bytes = withLength(SUPPORTS_5_1_STEP_5);
    await expect(openPreshared(bytes, null, null, crypto, T0)).rejects.toThrow(failsWith('unprotected'));
    const opened = await openPreshared(bytes, null, null, crypto, T0, { allowUnprotected: true });
    expect(opened.authorization).toBe(NULL_TRANSFORM);
    expect(opened.encryption).toBe(NULL_TRANSFORM);
    expect(opened.attachment.supports).toEqual([{ method: SMIME_METHOD, realm: 'mtcc.com' }]);
  });

  it('section 5.2 step (3): the challenge\'s "Accept: Caller-ID" is a protected field', async () => {
    const opened = await openPreshared(withLength(INNER_CHALLENGE_5_2_STEP_3), null, null, crypto, T0, { allowUnprotected: true });
    expect(opened.fields).toEqual([['Accept', 'Caller-ID']]);
    expect(opened.attachment.secureTo.wildcard).toBe(true);
  });

  it('a NULL supports variant seals without a key', async () => {
    const bytes = await sealPreshared({ ...MESSAGE, fields: [], body: undefined, authorization: NULL_TRANSFORM, encryption: NULL_TRANSFORM, supports: [{ method: SMIME_METHOD }] }, null, crypto, T0);
    expect(fromUtf8(bytes)).toContain('Authorization: NULL\r\nEncryption: NULL\r\n');
    expect(fromUtf8(bytes)).toContain('X-SIP-SECURE-METHOD: preshared.sec.sip.iana\r\n');
  });
});

describe('refusals on input', () => {
  const edit = async (from: string | RegExp, to: string): Promise<Uint8Array> => {
    const lines = latin1(await sealPreshared(MESSAGE, key, crypto, T0)).split('\r\n').slice(0, -1).map((l) => l.replace(from, to));
    return withLength(lines.map((l) => l.replace(/^Content-Length: \d+$/, 'Content-Length: nnn')));
  };
  it('another method is an unknown algorithm', async () => {
    await expect(openPreshared(await edit(/preshared\.sec\.sip\.iana/, 'chap.sec.sip.iana'), key, null, crypto, T0)).rejects.toThrow(failsWith('unknown-algorithm'));
  });
  it('an Authorization algorithm we do not implement', async () => {
    await expect(openPreshared(await edit('HS256', 'HMAC-MD5'), key, null, crypto, T0)).rejects.toThrow(failsWith('unknown-algorithm'));
  });
  it('an Encryption algorithm we do not implement', async () => {
    const bytes = withLength([...SUPPORTS_5_1_STEP_5.slice(0, -1), 'Encryption: DES-CBC']);
    await expect(openPreshared(bytes, key, null, crypto, T0, { allowUnprotected: true })).rejects.toThrow(failsWith('unknown-algorithm'));
  });
  it('a keying tag on the method (section 6: "MUST NOT be included")', async () => {
    await expect(openPreshared(await edit('(r:3f2a9c0d51e7b864)', '(r:3f2a9c0d51e7b864, k:ike)'), key, null, crypto, T0)).rejects.toThrow(failsWith('malformed'));
  });
  it('a checksum that is not base64 of 32 octets', async () => {
    await expect(openPreshared(await edit(/; [A-Za-z0-9+/]{43}=$/, '; abc'), key, null, crypto, T0)).rejects.toThrow(failsWith('malformed'));
  });
});

describe('the checksum has one spelling', () => {
  it('a checksum whose spare low bits are set is refused, not read as the same octets', async () => {
    const bytes = await sealPreshared(MESSAGE, key, crypto, T0);
    const text = latin1(bytes);
    const last = text.indexOf('=\r\n', text.indexOf('Authorization:')) - 1;
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const bent = bytes.slice();
    bent[last] = B64.charCodeAt(B64.indexOf(text[last]!) ^ 1);
    await expect(openPreshared(bent, key, null, crypto, T0)).rejects.toThrow(failsWith('malformed'));
  });
});
