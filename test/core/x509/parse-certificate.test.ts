import { afterEach, describe, expect, it } from 'vitest';
import { equalBytes, fromHex, toArrayBuffer, toHex, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError, type CoreErrorKind } from '../../../src/core/errors.ts';
import { importPrivateKeySet } from '../../../src/core/keys.ts';
import { derFromPemOrDer, toPem } from '../../../src/core/pem.ts';
import { assertWithinValidity, importPublicKeys, isWithinValidity, parseCertificate } from '../../../src/core/x509/index.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';
import { derToRawSignature } from './ecdsa-signature.ts';
import { fixture, fixturePath, opensslIsoDate } from './fixture.ts';

let work: Workdir | undefined;
afterEach(() => work?.cleanup());

/** Known values, read once from `openssl x509 -serial -fingerprint -sha256 -dates` (see the fixtures README). */
const KNOWN = [
  {
    file: 'bob-p256.cert',
    keyType: 'P-256',
    serialNumberHex: '4731104A22C5BAF0E8021F24F8D1B8E8E3F18378',
    fingerprintHex: '55:A3:05:AC:3F:FF:B4:3F:7B:A5:D3:8D:E0:A0:FD:1F:77:7B:64:82:D9:49:D2:F3:AF:38:AB:BA:62:33:98:CB',
    notBefore: '2026-11-22T12:18:35Z',
    notAfter: '2126-10-29T12:18:35Z',
  },
  {
    file: 'bob-rsa2048.cert',
    keyType: 'RSA',
    rsaModulusBits: 2048,
    serialNumberHex: '5A3E580A08E66AC3E706344C670F625294B321D5',
    fingerprintHex: '0C:44:2F:9B:33:77:C8:CF:75:05:29:B5:9E:B0:FB:5B:BB:23:A7:E0:18:67:AF:A2:41:E3:95:54:86:B4:9A:C7',
    notBefore: '2026-11-22T12:18:35Z',
    notAfter: '2126-10-29T12:18:35Z',
  },
] as const;

describe('parseCertificate with openssl-made certificates', () => {
  for (const known of KNOWN) {
    for (const form of ['der', 'pem'] as const) {
      it(`reads ${known.file}.${form}`, async () => {
        const cert = await parseCertificate(fixture(`${known.file}.${form}`), globalThis.crypto);
        expect(cert).toMatchObject({
          subject: 'O=SealPhone Test,CN=bob@example.test',
          issuer: 'O=SealPhone Test,CN=bob@example.test',
          sanUris: ['sip:bob@example.test'],
          isCA: false,
          keyUsage: [],
          extendedKeyUsage: [],
          selfSigned: true,
          keyType: known.keyType,
          serialNumberHex: known.serialNumberHex,
          fingerprintHex: known.fingerprintHex,
          notBefore: new Date(known.notBefore),
          notAfter: new Date(known.notAfter),
        });
        expect(cert.rsaModulusBits).toBe('rsaModulusBits' in known ? known.rsaModulusBits : undefined);
        expect(equalBytes(cert.der, fixture(`${known.file}.der`))).toBe(true);
        expect(toHex(cert.fingerprintSha256)).toBe(known.fingerprintHex.replaceAll(':', '').toLowerCase());
      });
    }

    it(`agrees with the installed openssl on ${known.file}`, async () => {
      work = new Workdir();
      const out = work
        .openssl('x509', '-in', fixturePath(`${known.file}.pem`), '-noout', '-serial', '-fingerprint', '-sha256', '-subject', '-issuer', '-nameopt', 'RFC2253', '-startdate', '-enddate', '-dateopt', 'iso_8601')
        .toString();
      const cert = await parseCertificate(fixture(`${known.file}.pem`), globalThis.crypto);
      expect(out).toContain(`serial=${cert.serialNumberHex}\n`);
      expect(out).toContain(`sha256 Fingerprint=${cert.fingerprintHex}\n`);
      expect(out).toContain(`subject=${cert.subject}\n`);
      expect(out).toContain(`issuer=${cert.issuer}\n`);
      expect(opensslIsoDate(/notBefore=.*/.exec(out)![0])).toEqual(cert.notBefore);
      expect(opensslIsoDate(/notAfter=.*/.exec(out)![0])).toEqual(cert.notAfter);
      expect(cert.subjectKeyIdentifier).toBeDefined();
    });
  }

  it('reads the expired certificate and reports its validity', async () => {
    const cert = await parseCertificate(fixture('carol-expired.cert.pem'), globalThis.crypto);
    expect(cert).toMatchObject({
      sanUris: ['sip:carol@example.test'],
      serialNumberHex: '1001',
      notBefore: new Date('2000-01-01T00:00:00Z'),
      notAfter: new Date('2001-01-01T00:00:00Z'),
      selfSigned: true,
    });
    expect(isWithinValidity(cert)).toBe(false);
    expect(() => assertWithinValidity(cert)).toThrow(expect.toSatisfy((e) => isCoreError(e, 'expired')));
    expect(isWithinValidity(cert, () => new Date('2000-06-01T00:00:00Z'))).toBe(true);
    expect(isWithinValidity(cert, () => new Date('2000-01-01T00:00:00Z'))).toBe(true); // inclusive (RFC 5280 4.1.2.5)
    expect(isWithinValidity(cert, () => new Date('2001-01-01T00:00:00Z'))).toBe(true);
    expect(isWithinValidity(cert, () => new Date('2001-01-01T00:00:01Z'))).toBe(false);
    expect(isWithinValidity(cert, () => new Date('1999-12-31T23:59:59Z'))).toBe(false);
    work = new Workdir();
    expect(work.tryOpenssl('x509', '-in', fixturePath('carol-expired.cert.pem'), '-noout', '-checkend', '0').status).toBe(1);
    expect(work.tryOpenssl('x509', '-in', fixturePath('bob-p256.cert.pem'), '-noout', '-checkend', '0').status).toBe(0);
    expect(isWithinValidity(await parseCertificate(fixture('bob-p256.cert.pem'), globalThis.crypto))).toBe(true);
  });

  it('reads a v1 certificate (no extensions) made by openssl x509 -req', async () => {
    work = new Workdir();
    work.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
    const subj = '/C=DE/O=A\\, B;C <x>/OU=u1+CN=#v1 \\"q\\"/emailAddress=a@b/CN=trailing \\ ';
    work.openssl('req', '-new', '-key', 'k.pem', '-multivalue-rdn', '-subj', subj, '-out', 'r.csr');
    work.openssl('x509', '-req', '-in', 'r.csr', '-signkey', 'k.pem', '-days', '1', '-outform', 'DER', '-out', 'v1.der');
    const cert = await parseCertificate(work.read('v1.der'), globalThis.crypto);
    expect(cert.pkijs.version).toBe(0);
    expect(cert).toMatchObject({ sanUris: [], isCA: false, keyUsage: [], selfSigned: true });
    const subject = work.openssl('x509', '-inform', 'DER', '-in', 'v1.der', '-noout', '-subject', '-nameopt', 'RFC2253').toString();
    expect(subject).toBe(`subject=${cert.subject}\n`);
    expect(cert.subject).toBe('CN=trailing \\ ,emailAddress=a@b,CN=\\#v1 \\"q\\"+OU=u1,O=A\\, B\\;C \\<x\\>,C=DE');
  });
});

describe('importPublicKeys', () => {
  it('verifies an openssl ECDSA signature and agrees on an ECDH secret with openssl', async () => {
    work = new Workdir();
    const cert = await parseCertificate(fixture('bob-p256.cert.der'), globalThis.crypto);
    const keys = await importPublicKeys(cert, globalThis.crypto);
    expect(keys.keyTransport).toBeUndefined();
    work.write('data', 'hello bob');
    work.openssl('dgst', '-sha256', '-sign', fixturePath('bob-p256.key.pem'), '-out', 'sig.der', 'data');
    const raw = derToRawSignature(work.read('sig.der'));
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.verify, toArrayBuffer(raw), toArrayBuffer(utf8('hello bob')))).toBe(true);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.verify, toArrayBuffer(raw), toArrayBuffer(utf8('hello eve')))).toBe(false);

    work.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'alice.pem');
    work.openssl('x509', '-in', fixturePath('bob-p256.cert.pem'), '-noout', '-pubkey', '-out', 'bob.pub.pem');
    const expected = exact(work.openssl('pkeyutl', '-derive', '-inkey', 'alice.pem', '-peerkey', 'bob.pub.pem'));
    const alice = await importPrivateKeySet(derFromPemOrDer(work.read('alice.pem'), ['PRIVATE KEY']).der, globalThis.crypto);
    const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: keys.keyAgreement! }, alice.keyAgreement!, 256);
    expect(toHex(new Uint8Array(secret))).toBe(toHex(expected));
  });

  it('encrypts RSA-OAEP (SHA-1 and SHA-256) for openssl and verifies its PKCS#1 v1.5 signature', async () => {
    work = new Workdir();
    const cert = await parseCertificate(fixture('bob-rsa2048.cert.pem'), globalThis.crypto);
    const keys = await importPublicKeys(cert, globalThis.crypto);
    expect(keys.keyAgreement).toBeUndefined();
    for (const hash of ['SHA-1', 'SHA-256'] as const) {
      const cek = fromHex('00112233445566778899aabbccddeeff');
      work.write(`ct-${hash}`, new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, keys.keyTransport![hash], toArrayBuffer(cek))));
      const md = hash === 'SHA-1' ? 'sha1' : 'sha256';
      const clear = work.openssl('pkeyutl', '-decrypt', '-inkey', fixturePath('bob-rsa2048.key.pem'), '-in', `ct-${hash}`,
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`);
      expect(toHex(exact(clear))).toBe(toHex(cek));
    }
    work.write('data', 'hello bob');
    work.openssl('dgst', '-sha256', '-sign', fixturePath('bob-rsa2048.key.pem'), '-out', 'sig', 'data');
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', keys.verify, toArrayBuffer(work.read('sig')), toArrayBuffer(utf8('hello bob')))).toBe(true);
  });
});

describe('parseCertificate refusals', () => {
  const valid = fixture('bob-p256.cert.der');
  const cases: { name: string; input: () => Uint8Array; want: CoreErrorKind }[] = [
    { name: 'empty input', input: () => new Uint8Array(0), want: 'malformed-der' },
    { name: 'random bytes', input: () => fromHex('deadbeef00ff'), want: 'malformed-der' },
    { name: 'trailing bytes', input: () => new Uint8Array([...valid, 0]), want: 'malformed-der' },
    { name: 'a truncated certificate', input: () => valid.subarray(0, 300), want: 'malformed-der' },
    { name: 'DER that is not a certificate', input: () => fixture('bob-p256.key.der'), want: 'malformed-certificate' },
    { name: 'PEM with another label', input: () => fixture('bob-p256.key.pem'), want: 'malformed-pem' },
    { name: 'PEM with broken base64', input: () => utf8('-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n'), want: 'malformed-pem' },
    { name: 'a certificate PEM with a bad body', input: () => utf8(toPem('CERTIFICATE', fromHex('300100'))), want: 'malformed-der' },
  ];
  it.each(cases)('refuses $name with $want', async ({ input, want }) => {
    await expect(parseCertificate(input(), globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, want));
  });

  it.each([
    { name: 'a P-384 key', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], ext: [] },
    { name: 'an Ed25519 key', key: ['-algorithm', 'ED25519'], ext: [] },
    { name: 'an unknown critical extension', key: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], ext: ['-addext', '1.2.3.4=critical,ASN1:NULL'] },
  ])('refuses a certificate with $name as unsupported', async ({ key, ext }) => {
    work = new Workdir();
    work.openssl('genpkey', ...key, '-out', 'k.pem');
    work.openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=x', '-days', '1', ...ext, '-out', 'c.pem');
    await expect(parseCertificate(work.read('c.pem'), globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'unsupported'));
  });

  it('accepts an unknown non-critical extension', async () => {
    work = new Workdir();
    work.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
    work.openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=x', '-days', '1', '-addext', '1.2.3.4=ASN1:NULL', '-out', 'c.pem');
    expect((await parseCertificate(work.read('c.pem'), globalThis.crypto)).selfSigned).toBe(true);
  });
});
