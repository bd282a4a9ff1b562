/**
 * Bad peer input never throws (the SIP layer must always be able to answer): random bytes, random multiparts and
 * random mutations of real bodies all give a reading, and never an encrypted one. A message/sip-secure part of
 * random fields gives protected headers or a CoreError, nothing else.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, latin1, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { buildEncryptedMessage, buildSecureSessionBody, readMessageBody, readSessionBody, splitSignedContent } from '../../../src/core/secure-body/index.ts';
import { SDP, fromAliceToBob, makeParties, signer, type Parties } from './parties.ts';
import { CALL_ID, INVITE_HEADERS, innerWithAttachment } from './protected-vectors.ts';

let p: Parties;
let sessionBody: { contentType: string; body: string };
let messageBody: { contentType: string; contentDisposition?: string; body: string };
let protectedBody: { contentType: string; body: string };
beforeAll(async () => {
  p = await makeParties();
  protectedBody = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto, protectedHeaders: INVITE_HEADERS });
  sessionBody = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto, boundary: 'b' });
  messageBody = await buildEncryptedMessage('secret', { signer: signer(p.alice), recipients: [p.bob.certificate], crypto: globalThis.crypto });
});
afterAll(() => p.w.cleanup());

const contentTypes = fc.constantFrom(
  'application/sdp',
  'text/plain',
  'application/pkcs7-mime; smime-type=auth-enveloped-data',
  'application/pkcs7-mime',
  'multipart/alternative; boundary=b',
  'multipart/mixed; boundary=b',
  'multipart/alternative',
  'garbage',
  '',
);
const dispositions = fc.option(fc.constantFrom('session', 'render;handling=optional', 'attachment; handling=required', ';;', 'x/y'), { nil: undefined });

describe('hostile input', () => {
  it('random bodies under every content type', async () => {
    await fc.assert(
      fc.asyncProperty(contentTypes, dispositions, fc.uint8Array({ maxLength: 600 }), async (contentType, contentDisposition, body) => {
        const input = fromAliceToBob(p, { contentType, body, ...(contentDisposition === undefined ? {} : { contentDisposition }) });
        const session = await readSessionBody(input);
        const message = await readMessageBody(input);
        expect(session.encrypted || message.encrypted).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('mutations of real bodies: cut, spliced and overwritten bytes', async () => {
    const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 64 }), insert: fc.uint8Array({ maxLength: 16 }) });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), mutation, async (session, m) => {
        const base = session ? sessionBody : messageBody;
        const bytes = utf8(base.body);
        const at = m.at % bytes.length;
        const mutated = latin1(new Uint8Array([...bytes.subarray(0, at), ...m.insert, ...bytes.subarray(Math.min(bytes.length, at + m.cut))]));
        const input = fromAliceToBob(p, { ...base, body: mutated });
        const reading = session ? await readSessionBody(input) : await readMessageBody(input);
        // A mutation may be harmless (whitespace in base64); then it must still be the real content.
        if (reading.encrypted) expect('sdp' in reading ? reading.sdp : reading.text).toBe(session ? SDP : 'secret');
      }),
      { numRuns: 60 },
    );
  });

  it('mutations of a body with protected headers: when it still opens, the content and headers are the real ones', async () => {
    const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 64 }), insert: fc.uint8Array({ maxLength: 16 }) });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const bytes = utf8(protectedBody.body);
        const at = m.at % bytes.length;
        const mutated = latin1(new Uint8Array([...bytes.subarray(0, at), ...m.insert, ...bytes.subarray(Math.min(bytes.length, at + m.cut))]));
        const reading = await readSessionBody(fromAliceToBob(p, { ...protectedBody, body: mutated }));
        if (reading.encrypted) expect(reading).toMatchObject({ sdp: SDP, protectedHeaders: { callId: CALL_ID } });
      }),
      { numRuns: 40 },
    );
  });

  it('a message/sip-secure part of random fields and bytes: protected headers or a CoreError', () => {
    const names = fc.constantFrom('From', 'To', 'Call-ID', 'CSeq', 'Date', 'Via', 'f', 't', 'i', 'Content-Length', 'X-SIP-SECURE-TO', 'X-SIP-SECURE-FROM', 'X-SIP-SECURE-METHOD', 'x(y)', '');
    const field = fc.tuple(names, fc.string({ maxLength: 80 })).map(([name, value]) => `${name}: ${value}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(field, fc.string({ maxLength: 40 })), { maxLength: 16 }), fc.uint8Array({ maxLength: 64 }), (fields, tail) => {
        const inner = utf8(innerWithAttachment(`Content-Type: application/sdp\r\n\r\n${SDP}`, ['Content-Type: message/sip-secure', ...fields]));
        for (const content of [inner, concatBytes(inner.subarray(0, inner.length - 12), tail)]) {
          try {
            splitSignedContent(content);
          } catch (error) {
            if (!isCoreError(error)) throw error;
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
