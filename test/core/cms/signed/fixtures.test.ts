/** The committed openssl-made messages (test/fixtures/openssl/cms-signed/README.md says how each was made). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCertsOnly, signedDataCertificates, verifySignedData } from '../../../../src/core/cms/signed/index.ts';
import { type CoreErrorKind, isCoreError } from '../../../../src/core/errors.ts';
import { derFromPemOrDer } from '../../../../src/core/pem.ts';
import { exact } from '../../../helpers/openssl.ts';

const dir = new URL('../../../fixtures/openssl/cms-signed/', import.meta.url);
const read = (name: string): Uint8Array => exact(readFileSync(fileURLToPath(new URL(name, dir))));
const cert = (name: string): Uint8Array => derFromPemOrDer(read(name), ['CERTIFICATE']).der;

const CONTENT = read('content.sdp');
const EC = cert('ec-cert.pem');
const RSA = cert('rsa-cert.pem');
/** Inside every fixture certificate's validity (2026-11-22 .. 2126-10-29), whatever the clock says. */
const NOW = new Date('2030-01-01T00:00:00Z');

describe('openssl fixtures verify', () => {
  const table: { file: string; signer: Uint8Array; detached?: boolean; signingTime: boolean }[] = [
    { file: 'ec-signed.der', signer: EC, signingTime: true },
    { file: 'ec-detached.der', signer: EC, detached: true, signingTime: true },
    { file: 'rsa-signed.der', signer: RSA, signingTime: true },
    { file: 'rsa-stream-noattr.der', signer: RSA, signingTime: false },
  ];
  for (const { file, signer, detached, signingTime } of table) {
    it(file, async () => {
      const options = { now: NOW, ...(detached ? { detachedContent: CONTENT } : {}) };
      const result = await verifySignedData(read(file), globalThis.crypto, options);
      expect(result.content).toEqual(CONTENT);
      expect(result.signerCertificate).toEqual(signer);
      expect(result.eContentType).toBe('1.2.840.113549.1.7.1');
      expect(result.signingTime instanceof Date).toBe(signingTime);
      expect((await verifySignedData(read(file), globalThis.crypto, { ...options, expectedSigner: signer })).content).toEqual(CONTENT);
      expect(signedDataCertificates(read(file))).toEqual([signer]);
    });
  }

  it('takes Node Buffers (views on a pooled slab) and returns exact arrays', async () => {
    const buffer = readFileSync(fileURLToPath(new URL('ec-detached.der', dir)));
    const content = Buffer.from(CONTENT);
    const result = await verifySignedData(buffer, globalThis.crypto, { now: NOW, detachedContent: content, expectedSigner: Buffer.from(EC) });
    for (const out of [result.content, result.signerCertificate]) expect(out.buffer.byteLength).toBe(out.length);
    expect(result.content).toEqual(CONTENT);
    expect(result.signerCertificate).toEqual(EC);
  });

  it('certs-only.p7c carries both certificates', () => {
    const certs = parseCertsOnly(read('certs-only.p7c'));
    expect(certs).toHaveLength(2);
    expect(certs).toContainEqual(EC);
    expect(certs).toContainEqual(RSA);
  });

  const refusals: { name: string; file: string; options: Parameters<typeof verifySignedData>[2]; kind: CoreErrorKind }[] = [
    { name: 'pinned to the other certificate', file: 'ec-signed.der', options: { now: NOW, expectedSigner: RSA }, kind: 'untrusted-certificate' },
    { name: 'after notAfter', file: 'rsa-signed.der', options: { now: new Date('2127-01-01T00:00:00Z') }, kind: 'expired' },
    { name: 'detached, another content', file: 'ec-detached.der', options: { now: NOW, detachedContent: CONTENT.subarray(1) }, kind: 'bad-signature' },
  ];
  for (const r of refusals) {
    it(`refuses ${r.file} ${r.name}`, async () => {
      await expect(verifySignedData(read(r.file), globalThis.crypto, r.options)).rejects.toSatisfy((e) => isCoreError(e, r.kind));
    });
  }
});
