/**
 * Vectors of the protected-header tests (seed 000 sections 4.2.1 and 4.5): alice's INVITE to bob and MESSAGE, bob's
 * 200 OK, as outer SIP messages and as the values the builder copies. The Date is RFC 3261's own example date.
 */
import { utf8 } from '../../../src/core/bytes.ts';
import { signThenEncrypt } from '../../../src/core/cms/sign-then-encrypt.ts';
import { buildMimeBody, leafEntity } from '../../../src/core/mime/index.ts';
import type { ProtectedHeadersInput } from '../../../src/core/secure-body/index.ts';
import { parseSipMessage, type SipMessage } from '../../../src/core/sip/index.ts';
import { signer, type Parties } from './parties.ts';

export const DATE = 'Thu, 21 Feb 2002 13:02:03 GMT';
export const SIGNED_AT = new Date(Date.UTC(2002, 1, 21, 13, 2, 3));
/** Three minutes after the Date: well inside the 600 s window. */
export const NOW = new Date(SIGNED_AT.getTime() + 180_000);

export const CALL_ID = 'a84b4c76e66710@pc33.example.test';
export const ALICE_FROM = '"Alice" <sip:alice@example.test>;tag=1928301774';
export const BOB_TO = 'Bob <sip:bob@example.test>';
export const BOB_TAG = 'a6c85cf';

export const INVITE_HEADERS: ProtectedHeadersInput = { kind: 'request', from: ALICE_FROM, to: BOB_TO, callId: CALL_ID, cseq: '314159 INVITE', date: DATE };
export const MESSAGE_HEADERS: ProtectedHeadersInput = { ...INVITE_HEADERS, callId: 'msg-1@pc33.example.test', cseq: '1 MESSAGE' };
/** bob's 200 OK to the INVITE: his tag on the To, the request's From, Call-ID and CSeq. */
export const OK_HEADERS: ProtectedHeadersInput = { ...INVITE_HEADERS, kind: 'response', to: `${BOB_TO};tag=${BOB_TAG}` };

/** alice's INVITE as it reaches bob: a Via and Max-Forwards that the relays may change, then the protected headers. */
export function inviteText(headers: Record<string, string | undefined> = {}): string {
  const fields: Record<string, string | undefined> = {
    Via: 'SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds',
    'Max-Forwards': '69',
    From: ALICE_FROM,
    To: BOB_TO,
    'Call-ID': CALL_ID,
    CSeq: '314159 INVITE',
    Date: DATE,
    ...headers,
  };
  const lines = Object.entries(fields).filter(([, value]) => value !== undefined).map(([name, value]) => `${name}: ${value}`);
  return ['INVITE sip:bob@example.test SIP/2.0', ...lines, 'Content-Length: 0', '', ''].join('\r\n');
}

export function invite(headers: Record<string, string | undefined> = {}): SipMessage {
  return parseSipMessage(utf8(inviteText(headers)));
}

/** `inner` (a MIME entity's text) signed by alice and encrypted to bob, as a lone base64 S/MIME session body. */
export async function sealInner(p: Parties, inner: string): Promise<{ contentType: string; contentDisposition: string; body: Uint8Array }> {
  const der = await signThenEncrypt(utf8(inner), signer(p.alice), [p.bob.certificate, p.alice.certificate], globalThis.crypto);
  const built = buildMimeBody(leafEntity({ contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m', transferEncoding: 'base64', body: der }));
  return { contentType: built.contentType, contentDisposition: 'session;handling=required', body: built.body };
}

/** multipart/mixed of `content` and a sip-secure part whose header lines are `fields`, framed by hand. */
export function innerWithAttachment(content: string, fields: readonly string[], boundary = 'inner'): string {
  return [
    `Content-Type: multipart/mixed; boundary=${boundary}`,
    '',
    `--${boundary}`,
    content,
    `--${boundary}`,
    ...fields,
    '',
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
