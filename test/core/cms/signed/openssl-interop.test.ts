/**
 * Interop with the real openssl, both ways (docs/design.md "S/MIME profile": every CMS object must round-trip with
 * `openssl cms`). openssl 3.0 accepts a self-signed end-entity certificate (cA=false) given with `-CAfile` as its own
 * trust anchor: no `-partial_chain`, `-purpose any` or `-noverify` is needed.
 */
import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signData, verifySignedData } from '../../../../src/core/cms/signed/index.ts';
import { isCoreError } from '../../../../src/core/errors.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { indexOf } from './bytes-search.ts';
import { CONTENT, type Identity, type Kind, makeIdentity } from './identities.ts';

const ID_DATA = '1.2.840.113549.1.7.1';
const KINDS: Kind[] = ['EC', 'RSA'];

let w: Workdir;
const ids = {} as Record<Kind, Identity>;
let stranger: Identity;

beforeAll(async () => {
  w = new Workdir();
  for (const kind of KINDS) ids[kind] = await makeIdentity(w, kind, kind === 'EC' ? 'alice' : 'bob');
  stranger = await makeIdentity(w, 'EC', 'mallory');
  w.write('content.bin', CONTENT);
});
afterAll(() => w.cleanup());

/** `openssl cms -verify`; returns the content openssl outputs, or throws with openssl's stderr. */
function opensslVerify(message: Uint8Array, caFile: string, detachedContentFile?: string): Uint8Array {
  w.write('ours.der', message);
  w.openssl('cms', '-verify', '-inform', 'DER', '-binary', '-CAfile', caFile, '-in', 'ours.der', '-out', 'verified.bin',
    ...(detachedContentFile ? ['-content', detachedContentFile] : []));
  return w.read('verified.bin');
}

describe('signData -> openssl cms -verify', () => {
  for (const kind of KINDS) {
    it(`${kind}, encapsulated: openssl outputs the exact content`, async () => {
      const id = ids[kind];
      const message = await signData(CONTENT, id, globalThis.crypto);
      expect(opensslVerify(message, id.certFile)).toEqual(CONTENT);
    });

    it(`${kind}, detached: openssl verifies with -content`, async () => {
      const id = ids[kind];
      const message = await signData(CONTENT, id, globalThis.crypto, { detached: true });
      expect(opensslVerify(message, id.certFile, 'content.bin')).toEqual(CONTENT);
      // and refuses another content
      w.write('other.bin', new Uint8Array([...CONTENT, 0x21]));
      expect(() => opensslVerify(message, id.certFile, 'other.bin')).toThrow(/verification failure|digest failure/i);
    });

    it(`${kind}: our output is canonical DER (openssl re-encodes it to the same bytes)`, async () => {
      const id = ids[kind];
      const message = await signData(CONTENT, { ...id }, globalThis.crypto, { extraCertificates: [stranger.certificate] });
      w.write('ours.der', message);
      w.openssl('cms', '-cmsout', '-inform', 'DER', '-outform', 'DER', '-in', 'ours.der', '-out', 'again.der');
      expect(w.read('again.der')).toEqual(message);
    });
  }

  it('openssl refuses our message under another trust anchor and when tampered (the check is real)', async () => {
    const message = await signData(CONTENT, ids.EC, globalThis.crypto);
    expect(() => opensslVerify(message, stranger.certFile)).toThrow(/certificate verify error|unable to get local issuer/i);
    const tampered = message.slice();
    const at = indexOf(tampered, CONTENT.subarray(0, 16));
    tampered[at + 3]! ^= 0x01;
    expect(() => opensslVerify(tampered, ids.EC.certFile)).toThrow(/digest failure|verification failure/i);
  });

  it('signs with @peculiar/webcrypto too, and a non-id-data eContentType', async () => {
    const peculiar = new PeculiarCrypto() as unknown as Crypto;
    const id = await makeIdentity(w, 'EC', 'carol', 30, peculiar);
    const message = await signData(CONTENT, id, peculiar, { eContentType: '1.2.840.113549.1.9.16.1.4242' });
    w.write('ours.der', message);
    // openssl writes the content of a non-data type as is; -binary keeps it exact.
    w.openssl('cms', '-verify', '-inform', 'DER', '-binary', '-CAfile', id.certFile, '-in', 'ours.der', '-out', 'verified.bin');
    expect(w.read('verified.bin')).toEqual(CONTENT);
    const result = await verifySignedData(message, peculiar);
    expect(result.eContentType).toBe('1.2.840.113549.1.9.16.1.4242');
    expect(result.content).toEqual(CONTENT);
  });
});

/** openssl -sign variants; `detached` ones need the content given back. */
const VARIANTS: { name: string; args: string[]; detached?: boolean; attrs: boolean }[] = [
  { name: 'default (with SMIMECapabilities)', args: ['-nodetach'], attrs: true },
  { name: '-nosmimecap', args: ['-nodetach', '-nosmimecap'], attrs: true },
  { name: '-noattr', args: ['-nodetach', '-noattr'], attrs: false },
  { name: 'detached', args: [], detached: true, attrs: true },
  { name: '-stream (BER, indefinite lengths)', args: ['-nodetach', '-stream'], attrs: true },
  { name: '-keyid (SubjectKeyIdentifier sid)', args: ['-nodetach', '-keyid'], attrs: true },
];

function opensslSign(id: Identity, args: string[], md = 'sha256'): Uint8Array {
  w.openssl('cms', '-sign', '-binary', '-md', md, '-outform', 'DER', '-signer', id.certFile, '-inkey', id.keyFile,
    '-in', 'content.bin', '-out', 'theirs.der', ...args);
  return exact(w.read('theirs.der'));
}

describe('openssl cms -sign -> verifySignedData', () => {
  for (const kind of KINDS) {
    for (const variant of VARIANTS) {
      it(`${kind}, ${variant.name}`, async () => {
        const id = ids[kind];
        const message = opensslSign(id, variant.args);
        const before = Date.now();
        const result = await verifySignedData(message, globalThis.crypto, variant.detached ? { detachedContent: CONTENT } : {});
        expect(result.content).toEqual(CONTENT);
        expect(result.signerCertificate).toEqual(id.certificate);
        expect(result.eContentType).toBe(ID_DATA);
        if (variant.attrs) expect(Math.abs(result.signingTime!.getTime() - before)).toBeLessThan(120_000);
        else expect(result.signingTime).toBeUndefined();
        // pinned to the right certificate: same answer
        const pinned = await verifySignedData(message, globalThis.crypto, { expectedSigner: id.certificate, ...(variant.detached ? { detachedContent: CONTENT } : {}) });
        expect(pinned.content).toEqual(CONTENT);
      });
    }
  }

  it('EC with -md sha384 (ecdsa-with-SHA384) verifies, also with @peculiar/webcrypto', async () => {
    const message = opensslSign(ids.EC, ['-nodetach'], 'sha384');
    expect((await verifySignedData(message, globalThis.crypto)).content).toEqual(CONTENT);
    expect((await verifySignedData(message, new PeculiarCrypto() as unknown as Crypto)).content).toEqual(CONTENT);
  });

  it('RSA with -md sha1 is refused as unsupported', async () => {
    const message = opensslSign(ids.RSA, ['-nodetach'], 'sha1');
    await expect(verifySignedData(message, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'unsupported'));
  });

  it('-nocerts: verifies against expectedSigner, else untrusted-certificate', async () => {
    const message = opensslSign(ids.RSA, ['-nodetach', '-nocerts']);
    const result = await verifySignedData(message, globalThis.crypto, { expectedSigner: ids.RSA.certificate });
    expect(result.content).toEqual(CONTENT);
    expect(result.signerCertificate).toEqual(ids.RSA.certificate);
    await expect(verifySignedData(message, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'untrusted-certificate'));
    await expect(verifySignedData(message, globalThis.crypto, { expectedSigner: ids.EC.certificate })).rejects.toSatisfy((e) =>
      isCoreError(e, 'untrusted-certificate'),
    );
  });

  it('two signers (openssl -signer twice): both verified; expectedSigner picks its SignerInfo', async () => {
    const message = opensslSign(ids.EC, ['-nodetach', '-signer', ids.RSA.certFile, '-inkey', ids.RSA.keyFile]);
    expect((await verifySignedData(message, globalThis.crypto)).content).toEqual(CONTENT);
    const asBob = await verifySignedData(message, globalThis.crypto, { expectedSigner: ids.RSA.certificate });
    expect(asBob.signerCertificate).toEqual(ids.RSA.certificate);
    await expect(verifySignedData(message, globalThis.crypto, { expectedSigner: stranger.certificate })).rejects.toSatisfy((e) =>
      isCoreError(e, 'untrusted-certificate'),
    );
  });
});
