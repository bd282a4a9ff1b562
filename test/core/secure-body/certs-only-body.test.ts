/** The 493 Undecipherable body (rfc3261#section-23.2): our certificate as certs-only, and reading one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/bytes.ts';
import { buildCertsOnly } from '../../../src/core/cms/signed/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { certsOnlyBody, readCertsOnlyBody } from '../../../src/core/secure-body/index.ts';
import { makeParties, type Parties } from './parties.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});
afterAll(() => p.w.cleanup());

describe('certsOnlyBody', () => {
  it('is application/pkcs7-mime; smime-type=certs-only in base64 that openssl reads', () => {
    const body = certsOnlyBody(p.alice.certificate);
    expect(body.contentType).toBe('application/pkcs7-mime; smime-type=certs-only; name=smime.p7c');
    expect(body.contentDisposition).toBe('attachment; handling=optional; filename=smime.p7c');
    p.w.write('certs.p7c', fromBase64(body.body));
    const printed = p.w.openssl('pkcs7', '-inform', 'DER', '-in', 'certs.p7c', '-print_certs').toString();
    expect(printed).toContain('subject=CN = alice');
  });

  it('round-trips through readCertsOnlyBody, base64 or binary', () => {
    const body = certsOnlyBody(p.bob.certificate);
    expect(readCertsOnlyBody(body)).toEqual([p.bob.certificate]);
    const both = readCertsOnlyBody({ contentType: body.contentType, body: buildCertsOnly([p.bob.certificate, p.alice.certificate]) });
    // A SET OF in DER order, not ours.
    expect(both).toHaveLength(2);
    expect(both).toEqual(expect.arrayContaining([p.bob.certificate, p.alice.certificate]));
  });

  it('reads openssl crl2pkcs7 output', () => {
    p.w.openssl('crl2pkcs7', '-nocrl', '-certfile', p.alice.certFile, '-outform', 'DER', '-out', 'o.p7c');
    expect(readCertsOnlyBody({ contentType: 'application/pkcs7-mime; smime-type=certs-only', body: p.w.read('o.p7c') })).toEqual([p.alice.certificate]);
  });

  it('refuses what is not a certs-only body', () => {
    for (const input of [
      { contentType: 'application/pkix-cert', body: p.alice.certificate },
      { contentType: 'application/pkcs7-mime; smime-type=enveloped-data', body: buildCertsOnly([p.alice.certificate]) },
      { contentType: 'application/pkcs7-mime; smime-type=certs-only', body: 'MIIB!!' },
      { contentType: 'application/pkcs7-mime; smime-type=certs-only', body: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]) },
    ]) {
      expect(() => readCertsOnlyBody(input)).toThrow(expect.toSatisfy((e: unknown) => isCoreError(e) && e.kind.startsWith('malformed')));
    }
  });
});
