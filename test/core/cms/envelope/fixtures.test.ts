/**
 * Messages made once by openssl and committed (test/fixtures/openssl/cms-envelope/README.md has the commands):
 * a table of `{ message, recipient, want }`, decrypted by ours and, as a check of the fixture, by openssl.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, decryptEnvelope, OID, type ContentCipher } from '../../../../src/core/cms/envelope/index.ts';
import { importPrivateKeySet, type PrivateKeySet } from '../../../../src/core/keys.ts';
import { derFromPemOrDer } from '../../../../src/core/pem.ts';
import { Workdir, exact } from '../../../helpers/openssl.ts';

const dir = join(import.meta.dirname, '../../../fixtures/openssl/cms-envelope');
const read = (name: string): Uint8Array => exact(readFileSync(join(dir, name)));
const content = read('content.txt');

interface Recipient {
  certificate: Uint8Array;
  keys: PrivateKeySet;
  certFile: string;
  keyFile: string;
}
const recipients: Record<'ec' | 'rsa', Recipient> = {} as Record<'ec' | 'rsa', Recipient>;

beforeAll(async () => {
  for (const type of ['ec', 'rsa'] as const) {
    const certificate = derFromPemOrDer(read(`${type}-cert.pem`), ['CERTIFICATE']).der;
    const keys = await importPrivateKeySet(derFromPemOrDer(read(`${type}-key.pem`), ['PRIVATE KEY']).der, globalThis.crypto);
    recipients[type] = { certificate, keys, certFile: join(dir, `${type}-cert.pem`), keyFile: join(dir, `${type}-key.pem`) };
  }
});

const table: { message: string; recipient: 'ec' | 'rsa'; cipher: ContentCipher; contentType: string }[] = [
  { message: 'gcm-ec.der', recipient: 'ec', cipher: 'AES-128-GCM', contentType: OID.authEnvelopedData },
  { message: 'cbc-ec.der', recipient: 'ec', cipher: 'AES-128-CBC', contentType: OID.envelopedData },
  { message: 'gcm-rsa.der', recipient: 'rsa', cipher: 'AES-128-GCM', contentType: OID.authEnvelopedData },
  { message: 'cbc-rsa.der', recipient: 'rsa', cipher: 'AES-256-CBC', contentType: OID.envelopedData },
  { message: 'gcm-both.der', recipient: 'ec', cipher: 'AES-128-GCM', contentType: OID.authEnvelopedData },
  { message: 'gcm-both.der', recipient: 'rsa', cipher: 'AES-128-GCM', contentType: OID.authEnvelopedData },
];

describe('openssl fixtures', () => {
  it.each(table)('$message for the $recipient key: $cipher', async ({ message, recipient, cipher, contentType }) => {
    const der = read(message);
    const who = recipients[recipient];
    expect(contentTypeOf(der)).toBe(contentType);
    const opened = await decryptEnvelope(der, who, globalThis.crypto);
    expect(opened).toEqual({ content, cipher, contentType: OID.data });

    const w = new Workdir();
    try {
      w.write('m.der', der);
      expect(exact(w.openssl('cms', '-decrypt', '-inform', 'DER', '-in', 'm.der', '-recip', who.certFile, '-inkey', who.keyFile))).toEqual(content);
    } finally {
      w.cleanup();
    }
  });
});
