/** certs-only SignedData (RFC 8551 section 3.6) against openssl pkcs7 / crl2pkcs7. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertsOnly, parseCertsOnly, signData, signedDataCertificates } from '../../../../src/core/cms/signed/index.ts';
import { encodeSignedData } from '../../../../src/core/cms/signed/signed-data.ts';
import { toHex } from '../../../../src/core/bytes.ts';
import { sequence, smallInteger } from '../../../../src/core/der/index.ts';
import { isCoreError } from '../../../../src/core/errors.ts';
import { parsePem } from '../../../../src/core/pem.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';
import { CONTENT, type Identity, makeIdentity } from './identities.ts';

let w: Workdir;
let alice: Identity;
let bob: Identity;

beforeAll(async () => {
  w = new Workdir();
  alice = await makeIdentity(w, 'EC', 'alice');
  bob = await makeIdentity(w, 'RSA', 'bob');
});
afterAll(() => w.cleanup());

const sorted = (certs: Uint8Array[]): string[] => certs.map(toHex).sort();

describe('certs-only', () => {
  it('ours is read by openssl pkcs7 -print_certs, byte for byte, and is canonical DER', () => {
    const message = buildCertsOnly([alice.certificate, bob.certificate, alice.certificate]);
    w.write('certs.p7', message);
    const printed = w.openssl('pkcs7', '-inform', 'DER', '-in', 'certs.p7', '-print_certs').toString('latin1');
    expect(printed).toMatch(/subject=CN ?= ?alice/);
    expect(printed).toMatch(/subject=CN ?= ?bob/);
    const certs = parsePem(printed).filter((b) => b.label === 'CERTIFICATE').map((b) => b.der);
    expect(sorted(certs)).toEqual(sorted([alice.certificate, bob.certificate]));
    w.openssl('cms', '-cmsout', '-inform', 'DER', '-outform', 'DER', '-in', 'certs.p7', '-out', 'again.p7');
    expect(w.read('again.p7')).toEqual(message);
    expect(sorted(parseCertsOnly(message))).toEqual(sorted([alice.certificate, bob.certificate]));
  });

  it('openssl crl2pkcs7 -nocrl output is read by parseCertsOnly', () => {
    w.openssl('crl2pkcs7', '-nocrl', '-certfile', alice.certFile, '-certfile', bob.certFile, '-outform', 'DER', '-out', 'theirs.p7');
    const certs = parseCertsOnly(exact(w.read('theirs.p7')));
    expect(sorted(certs)).toEqual(sorted([alice.certificate, bob.certificate]));
    expect(sorted(signedDataCertificates(exact(w.read('theirs.p7'))))).toEqual(sorted(certs));
  });

  it('a signed message is not certs-only, but signedDataCertificates reads its certificates', async () => {
    const signed = await signData(CONTENT, alice, globalThis.crypto, { extraCertificates: [bob.certificate] });
    expect(() => parseCertsOnly(signed)).toThrow(expect.objectContaining({ kind: 'malformed-cms' }));
    expect(sorted(signedDataCertificates(signed))).toEqual(sorted([alice.certificate, bob.certificate]));
  });

  it('refuses bad arguments and input with typed errors', () => {
    const kindOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return isCoreError(error) ? error.kind : 'not a CoreError';
      }
      return undefined;
    };
    expect(kindOf(() => buildCertsOnly([]))).toBe('invalid-argument');
    expect(kindOf(() => buildCertsOnly([CONTENT]))).toBe('invalid-argument');
    expect(kindOf(() => parseCertsOnly(new Uint8Array([0x30, 0x80])))).toBe('malformed-der');
    expect(kindOf(() => parseCertsOnly(CONTENT))).toBe('malformed-der');
    // decodable DER whose certificate is a SEQUENCE that is no certificate
    const notACertificate = encodeSignedData({
      digestAlgorithms: [],
      encapContentInfo: { eContentType: '1.2.840.113549.1.7.1' },
      certificates: [sequence(smallInteger(1))],
      signerInfos: [],
    });
    expect(kindOf(() => parseCertsOnly(notACertificate))).toBe('malformed-cms');
    expect(kindOf(() => signedDataCertificates(notACertificate))).toBe('malformed-cms');
  });
});
