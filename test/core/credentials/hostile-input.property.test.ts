/**
 * Hostile input to the credential parsers and the trust check: random and mutated bytes and header values never make
 * them throw anything but a CoreError, and the trust check never throws at all for what the network sends.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, latin1, toArrayBuffer, utf8 } from '../../../src/core/bytes.ts';
import {
  aorParts,
  buildCredentialBody,
  certificateFromNotifyBody,
  checkCertificateNotify,
  parseCredentialBody,
  type CertificateNotifyVerdict,
} from '../../../src/core/credentials/index.ts';
import { formatIdentityHeader, identityDigestString, signIdentity } from '../../../src/core/identity/index.ts';
import { SipHeaders } from '../../../src/core/sip/index.ts';
import { mutate, mutations, okOrCoreError } from '../../helpers/mutations.ts';
import { AS_URL, NOW, fixture, notify } from './fixture.ts';

const crypto = globalThis.crypto;
const AS = { certificate: fixture('as.cer'), identityInfoUrl: AS_URL };
const CREDENTIAL = buildCredentialBody({ certificate: fixture('bob.cer'), encryptedKey: fixture('bob.epk.der') });
const CONTENT_TYPES = [
  CREDENTIAL.contentType,
  'multipart/mixed; boundary=frontier',
  'application/pkix-cert',
  'application/pkcs8',
  'multipart/mixed',
  'text/plain',
  'multipart/mixed; boundary=""',
  'application/pkix-cert; x="',
];
const CTES = [undefined, 'base64', 'binary', '7bit', 'quoted-printable', 'x-token', 'base64; x=1'];

let asKey: CryptoKey;
beforeAll(async () => {
  const pem = latin1(fixture('as-key.pem')).replace(/-----[^-]+-----/g, '');
  asKey = await crypto.subtle.importKey('pkcs8', toArrayBuffer(fromBase64(pem)), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
});

/** A NOTIFY with `body` that the fixture AS really signed, so that the check reaches the certificate. */
async function signedNotify(body: Uint8Array, cte: string | undefined): Promise<ReturnType<typeof notify>> {
  const req = notify(body, 'notify-bob.sig', cte === undefined ? {} : { 'Content-Transfer-Encoding': cte });
  const h = req.headers;
  const digest = identityDigestString({
    fromUri: h.get('From')!,
    toUri: h.get('To')!,
    callId: h.get('Call-ID')!,
    cseq: { seq: 1, method: 'NOTIFY' },
    date: h.get('Date')!,
    contactUri: h.get('Contact')!,
    body,
  });
  h.set('Identity', formatIdentityHeader(fromBase64(await signIdentity(digest, asKey, crypto))));
  return req;
}

async function verdictOf(req: ReturnType<typeof notify>): Promise<CertificateNotifyVerdict> {
  return checkCertificateNotify({ subscribedUri: 'sip:bob@example.test', notify: req, authorities: [AS] }, crypto, () => NOW);
}

describe('credential parsers on hostile input', () => {
  it('parseCredentialBody: random bytes and types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CONTENT_TYPES), fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...CTES), async (type, body, cte) => {
        await okOrCoreError(() => parseCredentialBody(type, body, cte === undefined ? [] : [['Content-Transfer-Encoding', cte]]));
      }),
      { numRuns: 1000 },
    );
  });

  it('parseCredentialBody: mutated credential bodies', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (changes) => {
        await okOrCoreError(() => parseCredentialBody(CREDENTIAL.contentType, mutate(CREDENTIAL.body, changes)));
      }),
      { numRuns: 1000 },
    );
  });

  it('certificateFromNotifyBody: random bodies and headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CONTENT_TYPES, undefined), fc.constantFrom(...CTES), fc.uint8Array({ maxLength: 400 }), async (type, cte, body) => {
        const headers = new SipHeaders();
        if (type !== undefined) headers.set('Content-Type', type);
        if (cte !== undefined) headers.set('Content-Transfer-Encoding', cte);
        await okOrCoreError(() => certificateFromNotifyBody({ headers, body }));
      }),
      { numRuns: 1000 },
    );
  });

  it('aorParts: random text', async () => {
    const pieces = fc.constantFrom('sip:', 'sips:', 'tel:', 'bob', '@', 'example.test', ':', ';', '?', '<', '>', '"', '%', '%6', '%62', '[', ']', '::1', ' ', ',', 'x');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''))), async (text) => {
        await okOrCoreError(() => aorParts(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkCertificateNotify on hostile input', () => {
  it('random header values and bodies give a verdict', async () => {
    const value = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', '<sip:bob@example.test>', '"x" <sip:bob@example.test', '1 NOTIFY', 'NOTIFY 1', '"AAAA"', '<https://example.test/as.cer>;alg=rsa-sha256', 'Tue, 01 Jan 2030 00:00:00 GMT', '|'));
    const names = fc.constantFrom('From', 'To', 'Call-ID', 'CSeq', 'Date', 'Contact', 'Identity', 'Identity-Info', 'Content-Type', 'Content-Transfer-Encoding');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(names, fc.option(value, { nil: undefined })), { maxLength: 4 }), fc.uint8Array({ maxLength: 300 }), async (changes, body) => {
        const change: Record<string, string | undefined> = {};
        for (const [name, v] of changes) change[name] = v?.replace(/[\r\n]/g, ' ');
        const verdict = await verdictOf(notify(body, 'notify-bob.sig', change));
        expect(['verified', 'no-certificate', 'rejected']).toContain(verdict.kind);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated certificates under a valid signature give a verdict, never verified for a changed AOR', async () => {
    const cert = fixture('bob.cer');
    await fc.assert(
      fc.asyncProperty(mutations, fc.boolean(), async (changes, base64) => {
        const der = mutate(cert, changes);
        const body = base64 ? utf8(btoa(latin1(der))) : der;
        const verdict = await verdictOf(await signedNotify(body, base64 ? 'base64' : undefined));
        if (verdict.kind === 'verified') expect(verdict.certificate.sanUris).toContain('sip:bob@example.test');
        expect(body.length === 0 ? ['no-certificate'] : ['verified', 'rejected']).toContain(verdict.kind);
      }),
      { numRuns: 200 },
    );
  });
});
