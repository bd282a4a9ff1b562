/**
 * The short authentication string ("SealPhone SAS 1"): PGP words checked against other implementations' vectors, the
 * derivation checked against `openssl kdf PBKDF2`, and the properties a SAS needs: the same on both sides, different
 * when either fingerprint changes, indifferent to how a fingerprint is spelled.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import {
  PGP_EVEN_WORDS,
  PGP_ODD_WORDS,
  SAS_ITERATIONS,
  SAS_LABEL,
  sasInput,
  shortAuthenticationString,
  toPgpWords,
} from '../../../src/core/sas/index.ts';
import { Workdir } from '../../helpers/openssl.ts';

const crypto = globalThis.crypto;
const OFFER = 'sha-256 E7:1F:3C:58:0A:9B:44:D1:6E:02:AB:CD:EF:01:23:45:67:89:98:76:54:32:10:FE:DC:BA:11:22:33:44:55:66';
const ANSWER = 'sha-256 0B:5D:77:12:C4:E9:3A:8F:21:90:FE:01:6C:DA:44:B3:58:2E:E1:07:9A:C6:3D:70:18:F5:82:4B:AF:63:D0:19';
const w = new Workdir();
afterAll(() => w.cleanup());

const sas = async (a: string | string[], b: string | string[]): Promise<string> => (await shortAuthenticationString(a, b, crypto)).text;

describe('PGP words', () => {
  it('has 256 + 256 distinct words', () => {
    expect(PGP_EVEN_WORDS).toHaveLength(256);
    expect(PGP_ODD_WORDS).toHaveLength(256);
    expect(new Set([...PGP_EVEN_WORDS, ...PGP_ODD_WORDS].map((word) => word.toLowerCase())).size).toBe(512);
  });

  it.each([
    // A PHP implementation's test vector.
    { hex: '12b4b0057400076fa5c0f5cbf726ac65', words: 'atlas politeness ruffled almighty indoors adroitness ahead hemisphere reindeer recipe vapor revival virus caretaker ribcage glossary' },
    // A Crystal implementation's test vector.
    { hex: 'feedfacebeef', words: 'woodlark unify wallet sardonic skydive unravel' },
    { hex: '0000ffff', words: 'aardvark adroitness Zulu Yucatan' },
  ])('$hex', ({ hex, words }) => {
    expect(toPgpWords(fromHex(hex)).join(' ')).toBe(words);
  });
});

describe('shortAuthenticationString', () => {
  it('is PBKDF2-HMAC-SHA256 of the sorted fingerprints, as openssl kdf computes it', async () => {
    const input = sasInput(OFFER, ANSWER);
    expect(new TextDecoder().decode(input)).toBe(`${SAS_LABEL}\n${ANSWER}\n\n${OFFER}`);
    const out = w.openssl('kdf', '-keylen', '32', '-kdfopt', 'digest:SHA256', '-kdfopt', `hexpass:${toHex(input)}`, '-kdfopt', `salt:${SAS_LABEL}`, '-kdfopt', `iter:${SAS_ITERATIONS}`, 'PBKDF2');
    const key = fromHex(out.toString().trim());
    const result = await shortAuthenticationString(OFFER, ANSWER, crypto, { words: 8 });
    expect(result.words).toEqual(toPgpWords(key.subarray(0, 8)));
    expect((await shortAuthenticationString(OFFER, ANSWER, crypto)).words).toEqual(result.words.slice(0, 4));
  });

  it('gives the scheme’s known answer (docs/certificates.md)', async () => {
    expect(await sas(OFFER, ANSWER)).toBe('checkup Capricorn classroom bottomless');
  });

  it('is the same for caller and callee', async () => {
    expect(await sas(OFFER, ANSWER)).toBe(await sas(ANSWER, OFFER));
  });

  it('does not depend on how the fingerprints are written', async () => {
    const want = await sas(OFFER, ANSWER);
    expect(await sas(`a=fingerprint:${OFFER.toLowerCase()}`, ANSWER.replace(/:/g, '').replace('sha-256', 'SHA-256'))).toBe(want);
    expect(await sas([OFFER, OFFER.toLowerCase()], ANSWER)).toBe(want);
  });

  it('is four words, alternating even and odd lists', async () => {
    const { words, text } = await shortAuthenticationString(OFFER, ANSWER, crypto);
    expect(words).toHaveLength(4);
    expect(text).toBe(words.join(' '));
    words.forEach((word, i) => expect(i % 2 === 0 ? PGP_EVEN_WORDS : PGP_ODD_WORDS).toContain(word));
  });

  it.each([
    { name: 'the offer’s last byte', offer: OFFER.replace(/66$/, '67'), answer: ANSWER },
    { name: 'the answer’s first byte', offer: OFFER, answer: ANSWER.replace('0B:', '0C:') },
    { name: 'the answer’s hash function', offer: OFFER, answer: `sha-1 ${'0B:'.repeat(19)}0B` },
    { name: 'a second fingerprint on one side', offer: [OFFER, `sha-1 ${'AA:'.repeat(19)}AA`], answer: ANSWER },
    { name: 'a man in the middle’s fingerprint for the answer', offer: OFFER, answer: OFFER.replace('E7', 'E8') },
  ])('changes with $name', async ({ offer, answer }) => {
    expect(await sas(offer, answer)).not.toBe(await sas(OFFER, ANSWER));
  });

  it('changes when any byte of either fingerprint changes', async () => {
    const base = await sas(OFFER, ANSWER);
    const bytes = (text: string): number[] => [...fromHex(text.slice(8))];
    const spell = (values: number[]): string => `sha-256 ${toHex(new Uint8Array(values)).toUpperCase()}`;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 255 }), async (onOffer, at, mask) => {
        const changed = bytes(onOffer ? OFFER : ANSWER);
        changed[at] = changed[at]! ^ mask;
        const result = onOffer ? await sas(spell(changed), ANSWER) : await sas(OFFER, spell(changed));
        expect(result).not.toBe(base);
      }),
      { numRuns: 16 },
    );
  });

  it.each([
    { name: 'no fingerprint on a side', a: [] as string[], b: ANSWER, kind: 'invalid-argument' },
    { name: 'an unreadable fingerprint', a: 'sha-256 nope', b: ANSWER, kind: 'invalid-argument' },
    { name: 'an md5 fingerprint', a: `md5 ${'AB:'.repeat(15)}AB`, b: ANSWER, kind: 'unsupported' },
  ])('refuses $name', async ({ a, b, kind }) => {
    const error = await shortAuthenticationString(a, b, crypto).catch((e: unknown) => e);
    expect(isCoreError(error, kind as 'invalid-argument')).toBe(true);
  });

  it.each([0, 9, 2.5])('refuses %s words', async (words) => {
    const error = await shortAuthenticationString(OFFER, ANSWER, crypto, { words }).catch((e: unknown) => e);
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });
});
