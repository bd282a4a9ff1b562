/** Reads the openssl-made fixtures of test/fixtures/openssl/credentials (see the README there) and builds NOTIFYs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toBase64 } from '../../../src/core/bytes.ts';
import { SipHeaders, type SipRequest } from '../../../src/core/sip/index.ts';

const DIR = fileURLToPath(new URL('../../fixtures/openssl/credentials/', import.meta.url));

export function fixturePath(name: string): string {
  return DIR + name;
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name))).slice();
}

export const PASSPHRASE = 'correct horse battery staple';

/** The Date of every fixture NOTIFY, and the time the tests check them at (a minute later). */
export const SIGNED_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT';
export const SIGNED_AT = new Date('2030-01-01T00:00:00Z');
export const NOW = new Date(SIGNED_AT.getTime() + 60_000);

export const AS_URL = 'https://example.test/as.cer';
export const OTHER_AS_URL = 'https://other.test/as.cer';

/** The header fields the README's digest-strings were made from, in wire order. */
export function notifyHeaders(signatureFile: string, alg = 'rsa-sha256', infoUrl = AS_URL): [string, string][] {
  return [
    ['Via', 'SIP/2.0/WSS example.test;branch=z9hG4bK-notify-1'],
    ['Max-Forwards', '70'],
    ['From', '<sip:bob@example.test>;tag=cs-1'],
    ['To', '"Alice" <sip:alice@example.test>;tag=a-1'],
    ['Call-ID', 'notify-1@example.test'],
    ['CSeq', '1 NOTIFY'],
    ['Date', SIGNED_DATE],
    ['Contact', '<sip:credentials@example.test;transport=ws>'],
    ['Event', 'certificate'],
    ['Subscription-State', 'active;expires=86400'],
    ['Content-Type', 'application/pkix-cert'],
    ['Content-Disposition', 'signal'],
    ['Identity', `"${toBase64(fixture(signatureFile))}"`],
    ['Identity-Info', `<${infoUrl}>;alg=${alg}`],
  ];
}

/** A NOTIFY request with `body`, signed by `signatureFile`; `change` replaces (or with undefined removes) fields. */
export function notify(body: Uint8Array, signatureFile: string, change: Record<string, string | undefined> = {}, alg?: string, infoUrl?: string): SipRequest {
  const headers = new SipHeaders(notifyHeaders(signatureFile, alg, infoUrl));
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
  }
  return { kind: 'request', method: 'NOTIFY', uri: 'sip:alice@192.0.2.4;transport=ws', headers, body };
}
