/**
 * CMS messages are decoded by der/strict-der.ts when they are strict DER, by asn1js otherwise (decodeDerValue). The
 * fast path must only take what asn1js takes, and give the readers the same values: checked here on our messages
 * and openssl's, and on random and mutated ones, value by value and through the SignedData and envelope readers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentInfo, decodeContentInfo, readContentInfo } from '../../../src/core/cms/content-info.ts';
import { parseAuthEnvelopedData } from '../../../src/core/cms/envelope/auth-enveloped-data.ts';
import { encryptEnvelope } from '../../../src/core/cms/envelope/index.ts';
import { buildCertsOnly, signData } from '../../../src/core/cms/signed/index.ts';
import { readSignedData } from '../../../src/core/cms/signed/signed-data.ts';
import { toHex } from '../../../src/core/bytes.ts';
import { type DerBlock, DerValue, decodeDer, decodeStrictDer, readOid } from '../../../src/core/der/index.ts';
import { type CoreError, isCoreError } from '../../../src/core/errors.ts';
import { importPrivateKeySet } from '../../../src/core/keys.ts';
import { derFromPemOrDer } from '../../../src/core/pem.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { mutate, mutations } from '../../helpers/mutations.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';

const crypto = globalThis.crypto;
const w = new Workdir();
const seeds: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const alice = await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, crypto);
  const bob = await createSelfSignedCertificate({ aor: 'sip:bob@example.test', keyType: 'RSA-2048' }, crypto);
  const content = new TextEncoder().encode('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n');
  const signed = await signData(content, { certificate: alice.certificateDer, keys: alice.keys }, crypto);
  seeds['ours: SignedData (EC)'] = signed;
  seeds['ours: SignedData (RSA), detached'] = await signData(content, { certificate: bob.certificateDer, keys: bob.keys }, crypto, { detached: true });
  seeds['ours: AuthEnvelopedData'] = await encryptEnvelope(signed, [alice.certificateDer, bob.certificateDer], crypto);
  seeds['ours: EnvelopedData'] = await encryptEnvelope(content, [alice.certificateDer, bob.certificateDer], crypto, { cipher: 'AES-256-CBC' });
  seeds['ours: certs-only'] = buildCertsOnly([alice.certificateDer, bob.certificateDer]);
  seeds['ours: certificate'] = alice.certificateDer;

  w.openssl('req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=carol', '-days', '30', '-keyout', 'carol.key', '-out', 'carol.pem');
  await importPrivateKeySet(derFromPemOrDer(exact(w.read('carol.key')), ['PRIVATE KEY']).der, crypto); // the key is usable
  w.write('content.bin', content);
  const openssl = (name: string, ...args: string[]): void => {
    w.openssl('cms', ...args, '-binary', '-outform', 'DER', '-in', 'content.bin', '-out', `${name}.der`);
    seeds[name] = exact(w.read(`${name}.der`));
  };
  openssl('openssl: SignedData', '-sign', '-nodetach', '-md', 'sha256', '-signer', 'carol.pem', '-inkey', 'carol.key');
  openssl('openssl: AuthEnvelopedData', '-encrypt', '-aes-128-gcm', '-recip', 'carol.pem');
  openssl('openssl: -stream (BER)', '-encrypt', '-aes-128-gcm', '-stream', '-recip', 'carol.pem');
});
afterAll(() => w.cleanup());

/** What a reader can see of a value, as plain data. */
function view(value: DerBlock): unknown {
  const { tagClass, tagNumber, isConstructed } = value.idBlock;
  const block = value.valueBlock as { value?: DerBlock[]; valueHexView?: unknown; unusedBits?: number };
  const seen: Record<string, unknown> = { tagClass, tagNumber, isConstructed, indefinite: value.lenBlock.isIndefiniteForm, encoding: toHex(value.valueBeforeDecodeView) };
  if (isConstructed) seen.children = (block.value ?? []).map(view);
  else if (block.valueHexView instanceof Uint8Array) seen.contents = toHex(block.valueHexView);
  if (!isConstructed && tagClass === 1 && tagNumber === 3) seen.unusedBits = block.unusedBits;
  if (tagClass === 1 && tagNumber === 6) seen.oid = outcome(() => readOid(value, 'malformed-der', 'oid'));
  return seen;
}

function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    if (!isCoreError(error)) throw error;
    return `${(error as CoreError).kind}: ${error.message}`;
  }
}

/** When the fast path takes `bytes`, asn1js takes them too, and every value reads the same. */
function expectSameValues(bytes: Uint8Array, label: string): boolean {
  const strict = decodeStrictDer(bytes);
  if (strict === undefined) return false;
  const reference = outcome(() => decodeDer(bytes, label, { ber: true }));
  expect(typeof reference, `${label}: strict-der took what asn1js refuses: ${String(reference)}`).not.toBe('string');
  expect(view(strict), label).toEqual(view(reference as DerBlock));
  return true;
}

/** What the CMS readers make of a ContentInfo, whichever way it was decoded. */
function readMessage(info: ContentInfo): unknown {
  if (info.contentType === '1.2.840.113549.1.7.2') {
    const { version, digestAlgorithms, encapContentInfo, certificates, signerInfos } = readSignedData(info);
    return { version, digestAlgorithms, encapContentInfo, certificates, signerInfos: signerInfos.map(({ signedAttrs, ...rest }) => ({ ...rest, signedAttrs: signedAttrs?.der })) };
  }
  const { version, recipientInfos, authEncryptedContentInfo, mac } = parseAuthEnvelopedData(info.content);
  return { version, recipientInfos: recipientInfos.map((info) => info.kind), authEncryptedContentInfo, mac };
}

describe('strict DER, the fast path of message decoding', () => {
  it('takes our messages and openssl\'s DER ones, and leaves BER to asn1js', () => {
    for (const [name, bytes] of Object.entries(seeds)) {
      expect(expectSameValues(bytes, name), name).toBe(!name.includes('BER'));
    }
  });

  it.each([
    ['an empty input', ''],
    ['an indefinite length', '3080020101' + '0000'],
    ['a long form for a short length', '30810302010a'],
    ['a length with a leading zero octet', '3082000302010a'],
    ['a value shorter than its length', '3005020101'],
    ['bytes after the value', '3003020101' + '00'],
    ['a constructed OCTET STRING', '2403040100'],
    ['an empty INTEGER', '30020200'],
    ['an INTEGER not in its shortest form', '3004020200' + '7f'],
    ['a BIT STRING with 8 unused bits', '3003030108'],
    ['a NULL with contents', '3003050100'],
    ['an OBJECT IDENTIFIER arc with a leading 0x80', '300406028001'],
    ['an unfinished OBJECT IDENTIFIER arc', '3003060181'],
    ['a GeneralizedTime', '3011180f32303236303130323033303430355a'],
    ['an ENUMERATED', '30030a0101'],
    ['a multi-octet tag', '30039f2200'],
    ['an application tag', '3002' + '4000'],
  ])('leaves %s to asn1js', (_name, hex) => {
    expect(decodeStrictDer(Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)))).toBeUndefined();
  });

  it('random bytes: whatever it takes, asn1js takes and reads the same', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expectSameValues(bytes, 'random');
        expectSameValues(Uint8Array.of(0x30, bytes.length, ...bytes), 'random in a SEQUENCE');
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated messages: whatever it takes, asn1js takes and reads the same, and so do the CMS readers', () => {
    const names = Object.keys(seeds);
    let taken = 0;
    fc.assert(
      fc.property(fc.nat(), mutations, (pick, changes) => {
        const name = names[pick % names.length]!;
        const mutated = mutate(seeds[name]!, changes);
        if (!expectSameValues(mutated, name)) return;
        taken++;
        const viaStrict = outcome(() => readMessage(decodeContentInfo(mutated)));
        const viaAsn1js = outcome(() => readMessage(readContentInfo(decodeDer(mutated, name, { ber: true }))));
        if (typeof viaStrict !== 'string' && typeof viaAsn1js !== 'string') expect(viaStrict, name).toEqual(viaAsn1js);
        else expect(typeof viaStrict, name).toBe(typeof viaAsn1js);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(150); // flips inside values keep the encoding strict DER
  });

  it('its values are DerValues, which the readers take like asn1js blocks', () => {
    const value = decodeStrictDer(seeds['ours: SignedData (EC)']!);
    expect(value).toBeInstanceOf(DerValue);
    expect(decodeContentInfo(seeds['ours: SignedData (EC)']!).content).toBeInstanceOf(DerValue);
    expect(decodeContentInfo(seeds['openssl: -stream (BER)']!).content).not.toBeInstanceOf(DerValue);
  });
});
