/**
 * RecipientInfos are read two ways (recipient-info.ts): a direct walk for the usual shape, PKI.js's schema check for
 * anything else. The walk must never accept what PKI.js refuses, and must read what it accepts the same way: checked
 * on our messages, on openssl's (IssuerAndSerialNumber and -keyid SubjectKeyIdentifier recipients, `-stream` BER),
 * and on mutations of all of them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContentInfo } from '../../../../src/core/cms/content-info.ts';
import { encryptEnvelope } from '../../../../src/core/cms/envelope/index.ts';
import { readRecipientInfoWithSchema } from '../../../../src/core/cms/envelope/recipient-info-schema.ts';
import { type RecipientIdentifier, type RecipientInfo, parseRecipientInfos, readUsualRecipientInfo } from '../../../../src/core/cms/envelope/recipient-info.ts';
import { concatBytes } from '../../../../src/core/bytes.ts';
import { type DerBlock, decodeDer, decodeDerValue, decodeStrictDer, encoded, readSequence, readSet, sequence } from '../../../../src/core/der/index.ts';
import { isCoreError } from '../../../../src/core/errors.ts';
import { mutate, mutations } from '../../../helpers/mutations.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { type Identity, makeIdentity, sampleContent } from './identities.ts';

const w = new Workdir();
let alice: Identity; // P-256
let bob: Identity; // RSA
/** Each RecipientInfo of the seed messages, DER, with where it came from. */
const seeds: { name: string; der: Uint8Array }[] = [];

function recipientInfoElements(message: Uint8Array): DerBlock[] {
  const fields = readSequence(decodeContentInfo(message).content, 'malformed-cms', 'test');
  return readSet(fields.find((field) => field.idBlock.tagClass === 1 && field.idBlock.tagNumber === 17), 'malformed-cms', 'test');
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([makeIdentity(w, 'alice', 'ec'), makeIdentity(w, 'bob', 'rsa')]);
  const content = sampleContent(40);
  w.write('content.bin', content);
  const messages: Record<string, Uint8Array> = {
    ours: await encryptEnvelope(content, [alice.certificate, bob.certificate], globalThis.crypto),
  };
  const openssl = (name: string, ...args: string[]): void => {
    w.openssl('cms', '-encrypt', '-binary', '-outform', 'DER', '-in', 'content.bin', '-out', `${name}.der`, ...args);
    messages[name] = exact(w.read(`${name}.der`));
  };
  const both = ['-recip', alice.certFile, '-recip', bob.certFile, '-keyopt', 'rsa_padding_mode:oaep'];
  openssl('openssl-issuer-and-serial', '-aes-128-gcm', ...both);
  openssl('openssl-keyid', '-aes-128-cbc', '-keyid', ...both);
  openssl('openssl-stream', '-aes-128-gcm', '-stream', ...both);
  for (const [name, message] of Object.entries(messages)) {
    recipientInfoElements(message).forEach((element, i) => seeds.push({ name: `${name} #${i}`, der: encoded(element) }));
  }
});
afterAll(() => w.cleanup());

/** A RecipientInfo as plain data: the issuer's PKI.js form is compared separately. */
function plain(info: RecipientInfo): unknown {
  const rid = ({ issuerName, ...rest }: RecipientIdentifier & { issuerName?: unknown }) => ({ ...rest, issuerName: typeof issuerName });
  const block = (b: DerBlock | undefined) => b && encoded(b);
  if (info.kind === 'other') return info;
  if (info.kind === 'ktri') {
    const { rid: id, keyEncryptionAlgorithm: alg, encryptedKey } = info.value;
    return { kind: 'ktri', rid: rid(id), alg: { ...alg, parameters: block(alg.parameters) }, encryptedKey: block(encryptedKey) };
  }
  const { originator, ukm, keyEncryptionAlgorithm: alg, recipientEncryptedKeys } = info.value;
  return {
    kind: 'kari',
    originator: originator.type === 'originatorKey' ? { algorithm: { ...originator.algorithm, parameters: block(originator.algorithm.parameters) }, publicKey: block(originator.publicKey) } : originator,
    ukm: block(ukm),
    alg: { ...alg, parameters: block(alg.parameters) },
    keys: recipientEncryptedKeys.map((key) => ({ rid: rid(key.rid), encryptedKey: block(key.encryptedKey) })),
  };
}

function identifiers(info: RecipientInfo): RecipientIdentifier[] {
  if (info.kind === 'ktri') return [info.value.rid];
  if (info.kind === 'kari') return info.value.recipientEncryptedKeys.map((key) => key.rid);
  return [];
}

/** The walk, when it reads `element`, agrees with PKI.js; when it does not, PKI.js decides alone. */
function expectAgreement(element: DerBlock, label: string): 'walk' | 'schema' {
  const walked = readUsualRecipientInfo(element);
  let schema: RecipientInfo | Error;
  try {
    schema = readRecipientInfoWithSchema(element);
  } catch (error) {
    if (!isCoreError(error, 'malformed-cms')) throw error;
    schema = error;
  }
  if (walked === undefined) return 'schema';
  expect(schema, `${label}: the walk accepted what PKI.js refuses`).not.toBeInstanceOf(Error);
  const accepted = schema as RecipientInfo;
  expect(plain(walked), label).toEqual(plain(accepted));
  const [mine, theirs] = [identifiers(walked), identifiers(accepted)];
  mine.forEach((id, i) => {
    const other = theirs[i]!;
    if (id.type === 'issuerAndSerialNumber' && other.type === 'issuerAndSerialNumber') expect(id.issuerName().isEqual(other.issuerName()), label).toBe(true);
  });
  return 'walk';
}

describe('RecipientInfo, the usual shape walked directly', () => {
  it('every seed is read by the walk, the same as by PKI.js, decoded by asn1js or as strict DER', () => {
    expect(seeds.map((s) => s.name)).toHaveLength(8);
    for (const seed of seeds) {
      expect(expectAgreement(decodeDer(seed.der, seed.name), seed.name), seed.name).toBe('walk');
      const strict = decodeStrictDer(seed.der);
      expect(strict, seed.name).toBeDefined();
      expect(expectAgreement(strict!, `${seed.name} (strict DER)`)).toBe('walk');
      expect(plain(readUsualRecipientInfo(strict!)!)).toEqual(plain(readUsualRecipientInfo(decodeDer(seed.der, seed.name))!));
    }
    const kinds = seeds.map((seed) => {
      const info = readUsualRecipientInfo(decodeDer(seed.der, seed.name))!;
      return `${info.kind}/${identifiers(info)[0]!.type}`;
    });
    expect(new Set(kinds)).toEqual(new Set(['kari/issuerAndSerialNumber', 'ktri/issuerAndSerialNumber', 'kari/subjectKeyIdentifier', 'ktri/subjectKeyIdentifier']));
  });

  it('mutated RecipientInfos: whatever the walk reads, PKI.js reads the same', () => {
    let walked = 0;
    fc.assert(
      fc.property(fc.nat(), mutations, (pick, changes) => {
        const seed = seeds[pick % seeds.length]!;
        const mutated = mutate(seed.der, changes);
        let element: DerBlock;
        try {
          element = decodeDerValue(mutated, 'mutated', { ber: true });
        } catch {
          return;
        }
        if (expectAgreement(element, seed.name) === 'walk') walked++;
        if (decodeStrictDer(mutated) !== undefined) expectAgreement(decodeDer(mutated, 'mutated'), `${seed.name} (asn1js)`);
      }),
      { numRuns: 2000 },
    );
    expect(walked).toBeGreaterThan(100); // many mutations keep the usual shape (changed keys, names, OIDs)
  });

  it('an unusual shape PKI.js accepts goes to PKI.js: a KeyTransRecipientInfo with an element after encryptedKey', () => {
    const ktri = seeds.find((seed) => seed.der[0] === 0x30)!.der;
    const withExtra = sequence(concatBytes(...readSequence(decodeDer(ktri, 'ktri'), 'malformed-cms', 'ktri').map((b) => encoded(b))), Uint8Array.of(0x05, 0x00));
    const element = decodeDer(withExtra, 'ktri');
    expect(readUsualRecipientInfo(element)).toBeUndefined();
    const [parsed] = parseRecipientInfos(decodeDer(Uint8Array.of(0x31, ...lengthOf(withExtra), ...withExtra), 'set'));
    expect(plain(parsed!)).toEqual(plain(readRecipientInfoWithSchema(decodeDer(ktri, 'ktri'))));
  });

  it('a RecipientInfos without any recipient is refused both ways', () => {
    const kari = seeds.find((seed) => seed.der[0] === 0xa1)!.der;
    const fields = readSequence(decodeDer(Uint8Array.of(0x30, ...kari.subarray(1)), 'kari'), 'malformed-cms', 'kari').map((b) => encoded(b));
    const noKeys = concatBytes(...fields.slice(0, -1), Uint8Array.of(0x30, 0x00));
    const element = decodeDer(Uint8Array.of(0xa1, ...lengthOf(noKeys), ...noKeys), 'kari');
    expect(readUsualRecipientInfo(element)).toBeUndefined();
    expect(() => readRecipientInfoWithSchema(element)).toThrow(expect.objectContaining({ kind: 'malformed-cms' }));
  });
});

function lengthOf(contents: Uint8Array): number[] {
  const n = contents.length;
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}
