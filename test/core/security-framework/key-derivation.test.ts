/**
 * Where the pre-shared keys come from (key-derivation.ts): the hop secret from the digest HA1 both sides hold, and
 * the end-to-end key carried as X-SIP-SECURE-KEY inside the S/MIME body (seed 000 section 4.4: "a means of
 * exchanging symmetric keys").
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../src/core/bytes.ts';
import {
  digestHa1Sha256,
  formatSecureKey,
  hkdfSha256,
  hopSecretFromHa1,
  importPresharedKey,
  isFrameworkError,
  newEndToEndKey,
  openPreshared,
  parseSecureFrom,
  parseSecureKey,
  parseSecureTo,
  sealPreshared,
} from '../../../src/core/security-framework/index.ts';

const crypto = globalThis.crypto;

describe('the hop secret', () => {
  it('HA1 as the server stores it (server/store/digest-credentials.ts: SHA-256 of username:realm:password, hex)', async () => {
    const server = createHash('sha256').update('alice:example.test:correct horse', 'utf8').digest('hex');
    expect(await digestHa1Sha256('alice', 'example.test', 'correct horse', crypto)).toBe(server);
  });

  it('is HKDF-SHA-256(ASCII of HA1, "sealphone preshared hop v1", realm LF username), as documented', async () => {
    const ha1 = await digestHa1Sha256('alice', 'example.test', 'correct horse', crypto);
    const want = await hkdfSha256(utf8(ha1), utf8('sealphone preshared hop v1'), utf8('example.test\nalice'), 32, crypto);
    expect(toHex(await hopSecretFromHa1(ha1, 'EXAMPLE.test', 'alice', crypto))).toBe(toHex(want));
  });

  it('differs per realm and per user, and the softphone and the server derive the same key', async () => {
    const ha1 = await digestHa1Sha256('alice', 'example.test', 'pw', crypto);
    const a = toHex(await hopSecretFromHa1(ha1, 'example.test', 'alice', crypto));
    expect(toHex(await hopSecretFromHa1(ha1, 'other.test', 'alice', crypto))).not.toBe(a);
    expect(toHex(await hopSecretFromHa1(ha1, 'example.test', 'bob', crypto))).not.toBe(a);
    const serverHa1 = createHash('sha256').update('alice:example.test:pw').digest('hex');
    const phone = await importPresharedKey(await hopSecretFromHa1(ha1, 'example.test', 'alice', crypto), 'example.test', crypto);
    const server = await importPresharedKey(await hopSecretFromHa1(serverHa1, 'example.test', 'alice', crypto), 'example.test', crypto);
    const sealed = await sealPreshared({ secureFrom: parseSecureFrom('sip:alice@example.test'), secureTo: parseSecureTo('example.test@example.test') }, phone, crypto);
    expect((await openPreshared(sealed, server, null, crypto)).attachment.method.realm).toBe('example.test');
  });

  it('refuses what is not HA1', async () => {
    await expect(hopSecretFromHa1('not hex', 'example.test', 'alice', crypto)).rejects.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed'));
  });
});

describe('X-SIP-SECURE-KEY, the end-to-end key (SealPhone\'s format)', () => {
  it('round-trips a fresh key: "id=<16 hex>; key=<base64 of 32 octets>"', () => {
    const key = newEndToEndKey(crypto);
    const value = formatSecureKey(key);
    expect(value).toMatch(/^id=[0-9a-f]{16}; key=[A-Za-z0-9+/]{43}=$/);
    expect(parseSecureKey(value)).toEqual(key);
    expect(newEndToEndKey(crypto).id).not.toBe(key.id);
  });

  it('reads a fixed value', () => {
    expect(parseSecureKey(' id=3f2a9c0d51e7b864 ;key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= ')).toEqual({
      id: '3f2a9c0d51e7b864',
      secret: fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
    });
  });

  it.each(['', 'id=3f2a9c0d51e7b864', 'id=3F2A9C0D51E7B864; key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'id=3f2a; key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'id=3f2a9c0d51e7b864; key=AAEC'])('refuses %j', (value) => {
    expect(() => parseSecureKey(value)).toThrow(expect.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed')));
  });
});
