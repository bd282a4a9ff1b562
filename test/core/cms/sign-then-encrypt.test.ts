/**
 * The whole S/MIME profile against openssl, both directions: sign-then-encrypt by us -> `openssl cms -decrypt` then
 * `openssl cms -verify`; `openssl cms -sign | openssl cms -encrypt` -> our decrypt-then-verify. And the S/MIME MIME
 * entity: ours is read by `openssl cms -decrypt -inform SMIME`, openssl's `-outform SMIME` is read by ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLatin1 } from '../../../src/core/bytes.ts';
import { decryptThenVerify, signThenEncrypt, type ContentCipher } from '../../../src/core/cms/sign-then-encrypt.ts';
import { readSmimeEntity, smimeEntity, smimeTypeOf } from '../../../src/core/cms/smime-entity.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { importPrivateKeySet, type PrivateKeySet } from '../../../src/core/keys.ts';
import { buildMimeEntity, parseMimeEntity } from '../../../src/core/mime/index.ts';
import { derFromPemOrDer } from '../../../src/core/pem.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';

interface Party {
  name: string;
  certFile: string;
  keyFile: string;
  certificate: Uint8Array;
  keys: PrivateKeySet;
}

const w = new Workdir();
const parties: Record<'ec' | 'rsa' | 'other', Party> = {} as never;
const sdp = fromLatin1('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 AB:CD\r\n'.repeat(20) + '\x00\xff\x80binary tail');

async function makeParty(name: string, keyArgs: string[]): Promise<Party> {
  w.openssl('req', '-x509', '-new', ...keyArgs, '-nodes', '-subj', `/CN=${name}`, '-days', '30',
    '-addext', `subjectAltName=URI:sip:${name}@example.test`, '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'extendedKeyUsage=emailProtection', '-keyout', `${name}.key`, '-out', `${name}.pem`);
  const certificate = derFromPemOrDer(exact(w.read(`${name}.pem`)), ['CERTIFICATE']).der;
  const keys = await importPrivateKeySet(derFromPemOrDer(exact(w.read(`${name}.key`)), ['PRIVATE KEY']).der, globalThis.crypto);
  return { name, certFile: `${name}.pem`, keyFile: `${name}.key`, certificate, keys };
}

beforeAll(async () => {
  parties.ec = await makeParty('alice', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  parties.rsa = await makeParty('bob', ['-newkey', 'rsa:2048']);
  parties.other = await makeParty('mallory', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
});
afterAll(() => w.cleanup());

const ciphers: ContentCipher[] = ['AES-128-GCM', 'AES-128-CBC', 'AES-256-CBC'];
const pairs: ['ec' | 'rsa', 'ec' | 'rsa'][] = [['ec', 'rsa'], ['rsa', 'ec'], ['ec', 'ec']];

describe('sign-then-encrypt, ours -> openssl', () => {
  for (const cipher of ciphers)
    for (const [from, to] of pairs)
      it(`${cipher}: ${from} signs, ${to} and the sender decrypt`, async () => {
        const signer = parties[from];
        const recipient = parties[to];
        const der = await signThenEncrypt(sdp, signer, [recipient.certificate, signer.certificate], globalThis.crypto, { cipher });
        w.write('msg.der', der);
        for (const reader of [recipient, signer]) {
          w.openssl('cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'msg.der', '-recip', reader.certFile, '-inkey', reader.keyFile, '-out', 'inner.der');
          w.openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'inner.der', '-CAfile', signer.certFile, '-purpose', 'any', '-out', 'plain');
          expect(exact(w.read('plain'))).toEqual(sdp);
        }
      });
});

describe('sign-then-encrypt, openssl -> ours', () => {
  const opensslCiphers: [string, ContentCipher][] = [['-aes-128-gcm', 'AES-128-GCM'], ['-aes-128-cbc', 'AES-128-CBC'], ['-aes-256-cbc', 'AES-256-CBC']];
  for (const [flag] of opensslCiphers)
    for (const [from, to] of pairs)
      it(`${flag}: openssl signs as ${from}, encrypts to ${to}`, async () => {
        const signer = parties[from];
        const recipient = parties[to];
        w.write('plain', sdp);
        w.openssl('cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER', '-in', 'plain', '-signer', signer.certFile, '-inkey', signer.keyFile, '-out', 'signed.der');
        const keyopt = recipient === parties.rsa ? ['-keyopt', 'rsa_padding_mode:oaep'] : [];
        w.openssl('cms', '-encrypt', '-binary', flag, '-outform', 'DER', '-in', 'signed.der', '-recip', recipient.certFile, ...keyopt, '-out', 'msg.der');
        const message = await decryptThenVerify(exact(w.read('msg.der')), recipient, globalThis.crypto, { expectedSigner: signer.certificate });
        expect(message.content).toEqual(sdp);
        expect(message.signerCertificate).toEqual(signer.certificate);
      });
});

describe('decrypt-then-verify refuses', () => {
  it('a message signed by someone other than the expected signer', async () => {
    const der = await signThenEncrypt(sdp, parties.other, [parties.ec.certificate], globalThis.crypto);
    await expect(decryptThenVerify(der, parties.ec, globalThis.crypto, { expectedSigner: parties.rsa.certificate })).rejects.toSatisfy((e) =>
      isCoreError(e, 'untrusted-certificate'),
    );
  });
  it('an unsigned message when a signer is expected', async () => {
    const der = await signThenEncrypt(sdp, null, [parties.ec.certificate], globalThis.crypto);
    await expect(decryptThenVerify(der, parties.ec, globalThis.crypto, { expectedSigner: parties.rsa.certificate })).rejects.toSatisfy((e) =>
      isCoreError(e, 'bad-signature'),
    );
    const unsigned = await decryptThenVerify(der, parties.ec, globalThis.crypto);
    expect(unsigned.signerCertificate).toBeNull();
    expect(unsigned.content).toEqual(sdp);
  });
  it('a message not encrypted to us', async () => {
    const der = await signThenEncrypt(sdp, parties.ec, [parties.rsa.certificate], globalThis.crypto);
    await expect(decryptThenVerify(der, parties.other, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'undecipherable'));
  });
});

describe('S/MIME entity (application/pkcs7-mime)', () => {
  it('ours is read by openssl -inform SMIME', async () => {
    const der = await signThenEncrypt(sdp, parties.ec, [parties.rsa.certificate], globalThis.crypto);
    expect(smimeTypeOf(der)).toBe('auth-enveloped-data');
    const entity = smimeEntity(der, 'auth-enveloped-data', { handling: 'optional' });
    w.write('msg.smime', buildMimeEntity(entity));
    w.openssl('cms', '-decrypt', '-binary', '-in', 'msg.smime', '-recip', parties.rsa.certFile, '-inkey', parties.rsa.keyFile, '-out', 'inner.der');
    w.openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'inner.der', '-CAfile', parties.ec.certFile, '-purpose', 'any', '-out', 'plain');
    expect(exact(w.read('plain'))).toEqual(sdp);
  });

  it("openssl's -outform SMIME is read by ours", async () => {
    w.write('plain', sdp);
    w.openssl('cms', '-encrypt', '-binary', '-aes-128-cbc', '-in', 'plain', '-recip', parties.ec.certFile, '-out', 'msg.smime');
    const part = readSmimeEntity(parseMimeEntity(exact(w.read('msg.smime'))));
    expect(part.smimeType).toBe('enveloped-data');
    expect(part.handling).toBe('required');
    const message = await decryptThenVerify(part.contentInfo, parties.ec, globalThis.crypto);
    expect(message.content).toEqual(sdp);
  });

  it('round-trips headers: handling and disposition', () => {
    const entity = parseMimeEntity(buildMimeEntity(smimeEntity(new Uint8Array([0x30, 0]), 'certs-only', { disposition: 'render' })));
    const text = new TextDecoder().decode(buildMimeEntity(smimeEntity(new Uint8Array([0x30, 0]), 'certs-only', { disposition: 'render' })));
    expect(text).toMatch(/^Content-Type: application\/pkcs7-mime; smime-type=certs-only; name=smime\.p7m\r\n/);
    expect(text).toMatch(/Content-Disposition: render; handling=required; filename=smime\.p7m\r\n/);
    expect(readSmimeEntity(entity)).toEqual({ smimeType: 'certs-only', contentInfo: new Uint8Array([0x30, 0]), handling: 'required' });
  });
});
