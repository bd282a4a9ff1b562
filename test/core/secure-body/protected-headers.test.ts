/**
 * Protected headers (seed 000 sections 4, 4.2.1 and 4.5): build -> read round trips for an INVITE's SDP, a MESSAGE's
 * text and a 200 OK's answer; the older form read as unprotected; every cross-check rule with a passing and a failing
 * vector; malformed attachments refused with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../src/core/bytes.ts';
import { CoreError } from '../../../src/core/errors.ts';
import { leafEntity } from '../../../src/core/mime/index.ts';
import {
  PROTECTED_HEADERS_REFUSALS,
  buildEncryptedMessage,
  buildSecureSessionBody,
  checkProtectedHeaders,
  outerHeaderValues,
  readMessageBody,
  readSessionBody,
  splitSignedContent,
  type OuterHeaderValues,
  type ProtectedHeaders,
  type ProtectedHeadersRefusalKind,
} from '../../../src/core/secure-body/index.ts';
import { signedContentEntity } from '../../../src/core/secure-body/signed-content.ts';
import { parseSipMessage } from '../../../src/core/sip/index.ts';
import { ALICE, BOB, SDP, fromAliceToBob, makeParties, signer, type Parties } from './parties.ts';
import {
  ALICE_FROM,
  BOB_TAG,
  BOB_TO,
  CALL_ID,
  DATE,
  INVITE_HEADERS,
  MESSAGE_HEADERS,
  NOW,
  OK_HEADERS,
  SIGNED_AT,
  innerWithAttachment,
  invite,
  inviteText,
  sealInner,
} from './protected-vectors.ts';

let p: Parties;
/** What bob read from alice's INVITE offer with protected headers. */
let inviteHeaders: ProtectedHeaders;
beforeAll(async () => {
  p = await makeParties();
  const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto, protectedHeaders: INVITE_HEADERS });
  inviteHeaders = (await readSessionBody(fromAliceToBob(p, built))).protectedHeaders!;
});
afterAll(() => p.w.cleanup());

const SDP_ENTITY = `Content-Type: application/sdp\r\n\r\n${SDP}`;

describe('build -> read', () => {
  it("an INVITE's SDP: read with its protected headers, parsed, and accepted against the outer INVITE", async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: false, crypto: globalThis.crypto, protectedHeaders: INVITE_HEADERS });
    const reading = await readSessionBody(fromAliceToBob(p, built));
    expect(reading).toMatchObject({ sdp: SDP, encrypted: true, signerAor: ALICE });
    expect(reading.protectedHeaders).toEqual({
      secureTo: BOB,
      secureFrom: ALICE,
      method: { method: 'smime.sec.sip.iana' },
      from: { displayName: 'Alice', uri: expect.objectContaining({ scheme: 'sip', user: 'alice', host: 'example.test' }), params: new Map([['tag', '1928301774']]) },
      to: { displayName: 'Bob', uri: expect.objectContaining({ scheme: 'sip', user: 'bob', host: 'example.test' }), params: new Map() },
      callId: CALL_ID,
      cseq: { seq: 314159, method: 'INVITE' },
      date: SIGNED_AT,
    });
    expect(checkProtectedHeaders(outerHeaderValues(invite()), reading.protectedHeaders!, reading.signerAor!, NOW)).toEqual({ ok: true });
  });

  it("a MESSAGE's text, with a clear fallback: the encrypted text carries the headers, the fallback none", async () => {
    const built = await buildEncryptedMessage('meet at nine', { signer: signer(p.alice), recipients: [p.bob.certificate], crypto: globalThis.crypto, fallback: 'an encrypted message', protectedHeaders: MESSAGE_HEADERS });
    const reading = await readMessageBody(fromAliceToBob(p, built));
    expect(reading).toMatchObject({ text: 'meet at nine', encrypted: true, signerAor: ALICE, protectedHeaders: { callId: 'msg-1@pc33.example.test', cseq: { seq: 1, method: 'MESSAGE' } } });
    expect(checkProtectedHeaders(MESSAGE_HEADERS, reading.protectedHeaders!, reading.signerAor!, NOW)).toEqual({ ok: true });
    const fallback = await readMessageBody(fromAliceToBob(p, built, { recipient: null }));
    expect(fallback).toMatchObject({ text: 'an encrypted message', encrypted: false });
    expect(fallback.protectedHeaders).toBeUndefined();
  });

  it("bob's 200 OK: X-SIP-SECURE-FROM names the responder (the To), X-SIP-SECURE-TO the caller", async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.bob), recipients: [p.alice.certificate], clearAlternative: false, crypto: globalThis.crypto, protectedHeaders: OK_HEADERS });
    const reading = await readSessionBody({ ...built, fromAor: BOB, recipient: signer(p.alice), peerCertificate: p.bob.certificate, crypto: globalThis.crypto });
    expect(reading).toMatchObject({ sdp: SDP, encrypted: true, signerAor: BOB, protectedHeaders: { secureFrom: BOB, secureTo: ALICE } });
    expect(reading.protectedHeaders!.to.params.get('tag')).toBe(BOB_TAG);
    expect(checkProtectedHeaders(OK_HEADERS, reading.protectedHeaders!, BOB, NOW)).toEqual({ ok: true });
    // The same headers taken for a request: the sender would be the From, alice, and bob did not sign as her.
    expect(checkProtectedHeaders({ ...OK_HEADERS, kind: 'request' }, reading.protectedHeaders!, BOB, NOW)).toMatchObject({ ok: false, kind: 'sender-mismatch' });
  });

  it('the older form (no attachment) is still read, and reported without protected headers', async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto });
    const reading = await readSessionBody(fromAliceToBob(p, built));
    expect(reading).toEqual({ sdp: SDP, encrypted: true, signerAor: ALICE, offeredEncrypted: true, requiredButUnreadable: false });
    expect('protectedHeaders' in reading).toBe(false);
    const sealed = await sealInner(p, SDP_ENTITY);
    expect('protectedHeaders' in (await readSessionBody(fromAliceToBob(p, sealed)))).toBe(false);
  });

  it('without the option the signed entity is the content itself, byte for byte as before', () => {
    const content = leafEntity({ contentType: 'application/sdp', body: SDP });
    expect(signedContentEntity(content, undefined)).toBe(content);
    expect(splitSignedContent(utf8(SDP_ENTITY))).toEqual({ content: utf8(SDP_ENTITY) });
  });

  it('an attachment written by another hand, in other letter case and compact forms, reads the same', async () => {
    const inner = innerWithAttachment(SDP_ENTITY, [
      'content-type: Message/SIP-Secure',
      'x-sip-secure-to: sip:bob@example.test',
      'x-sip-secure-from: <sip:alice@EXAMPLE.test>',
      'x-sip-secure-method: SMIME.sec.sip.iana',
      `f: ${ALICE_FROM}`,
      `t: ${BOB_TO}`,
      `i: ${CALL_ID}`,
      'cseq: 314159 INVITE',
      `date: ${DATE}`,
    ]);
    const reading = await readSessionBody(fromAliceToBob(p, await sealInner(p, inner)));
    expect(reading).toMatchObject({ sdp: SDP, encrypted: true, protectedHeaders: { callId: CALL_ID, cseq: { seq: 314159, method: 'INVITE' }, date: SIGNED_AT } });
    expect(checkProtectedHeaders(outerHeaderValues(invite()), reading.protectedHeaders!, ALICE, NOW)).toEqual({ ok: true });
  });
});

describe('building refuses values that are not what the outer message can carry', () => {
  const cases: { name: string; change: Partial<typeof INVITE_HEADERS> }[] = [
    { name: 'a From that is not an address', change: { from: '<sip:alice@example.test' } },
    { name: 'a To that is not a SIP URI with a user', change: { to: '<tel:+15551234>' } },
    { name: 'a Call-ID with a line break (header injection)', change: { callId: `${CALL_ID}\r\nVia: SIP/2.0/UDP evil.test` } },
    { name: 'a CSeq without a method', change: { cseq: '314159' } },
    { name: 'a Date that is not a SIP-date', change: { date: '2002-02-21T13:02:03Z' } },
    { name: 'a missing Date (the builder never invents one)', change: { date: undefined as unknown as string } },
  ];
  it.each(cases)('$name', async ({ change }) => {
    const options = { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: false, crypto: globalThis.crypto, protectedHeaders: { ...INVITE_HEADERS, ...change } };
    await expect(buildSecureSessionBody(SDP, options)).rejects.toMatchObject({ name: 'CoreError', kind: 'invalid-argument' });
  });
});

describe('checkProtectedHeaders', () => {
  interface Vector {
    name: string;
    outer?: Record<string, string | undefined>;
    headers?: Partial<ProtectedHeaders>;
    signer?: string;
    now?: Date;
    window?: number;
    want: 'ok' | ProtectedHeadersRefusalKind;
  }
  const minutes = (n: number): Date => new Date(SIGNED_AT.getTime() + n * 60_000);
  const vectors: Vector[] = [
    { name: 'the outer message as sent', want: 'ok' },
    { name: 'another display name on the From (a phone book or privacy service)', outer: { From: '"Alice Liddell" <sip:alice@example.test>;tag=1928301774' }, want: 'ok' },
    { name: 'no display name, addr-spec form', outer: { From: 'sip:alice@example.test;tag=1928301774', To: 'sip:bob@example.test' }, want: 'ok' },
    { name: 'the host in capitals (rfc3261#section-19.1.4)', outer: { From: '<sip:alice@EXAMPLE.TEST>;tag=1928301774' }, want: 'ok' },
    { name: 'no outer Date (the protected one counts)', outer: { Date: undefined }, want: 'ok' },
    { name: 'the same Date with its day name in lower case', outer: { Date: 'thu, 21 Feb 2002 13:02:03 gmt' }, want: 'ok' },
    { name: 'the signer AOR spelled in other letter case', signer: 'sip:alice@Example.Test', want: 'ok' },
    { name: 'Date 9 minutes old', now: minutes(9), want: 'ok' },
    { name: 'Date 11 minutes old', now: minutes(11), want: 'stale-date' },
    { name: 'Date 11 minutes ahead', now: minutes(-11), want: 'stale-date' },
    { name: 'a 60 s window, Date 2 minutes old', now: minutes(2), window: 60, want: 'stale-date' },
    { name: 'the From rewritten to carol', outer: { From: '"Alice" <sip:carol@example.test>;tag=1928301774' }, want: 'from-mismatch' },
    { name: 'the From given a transport (another URI by rfc3261#section-19.1.4)', outer: { From: '<sip:alice@example.test;transport=tcp>;tag=1928301774' }, want: 'from-mismatch' },
    { name: 'another From tag', outer: { From: '"Alice" <sip:alice@example.test>;tag=999' }, want: 'from-mismatch' },
    { name: 'the From tag removed', outer: { From: '"Alice" <sip:alice@example.test>' }, want: 'from-mismatch' },
    { name: 'the To rewritten to carol', outer: { To: '<sip:carol@example.test>' }, want: 'to-mismatch' },
    { name: 'a To tag on a request whose protected To has none', outer: { To: `${BOB_TO};tag=${BOB_TAG}` }, want: 'to-mismatch' },
    { name: 'another Call-ID', outer: { 'Call-ID': 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6@pc33.example.test' }, want: 'call-id-mismatch' },
    { name: 'the Call-ID in capitals (Call-IDs are case-sensitive)', outer: { 'Call-ID': CALL_ID.toUpperCase() }, want: 'call-id-mismatch' },
    { name: 'another CSeq number', outer: { CSeq: '314160 INVITE' }, want: 'cseq-mismatch' },
    { name: 'another outer Date', outer: { Date: 'Thu, 21 Feb 2002 13:02:04 GMT' }, want: 'date-mismatch' },
    { name: 'an outer Date that is not a SIP-date', outer: { Date: 'yesterday' }, want: 'date-mismatch' },
    { name: 'a signer who is not the protected From (mallory signed alice\'s headers)', signer: 'sip:mallory@example.test', want: 'signer-mismatch' },
    { name: 'mallory signed as herself, with alice in the protected From', headers: { secureFrom: 'sip:mallory@example.test' }, signer: 'sip:mallory@example.test', want: 'sender-mismatch' },
    { name: 'X-SIP-SECURE-TO is carol, the protected To bob', headers: { secureTo: 'sip:carol@example.test' }, want: 'recipient-mismatch' },
    { name: 'X-SIP-SECURE-METHOD names the pre-shared crypto-system', headers: { method: { method: 'preshared.sec.sip.iana' } }, want: 'method-mismatch' },
  ];

  it.each(vectors)('$name: $want', ({ outer, headers, signer: signerAor, now, window, want }) => {
    const verdict = checkProtectedHeaders(outerHeaderValues(invite(outer)), { ...inviteHeaders, ...headers }, signerAor ?? ALICE, now ?? NOW, window);
    if (want === 'ok') {
      expect(verdict).toEqual({ ok: true });
    } else {
      expect(verdict).toMatchObject({ ok: false, kind: want });
      if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(10);
    }
  });

  it('the CSeq method compares with case (RFC 3261 section 7.1), and an unparsable outer value is malformed', () => {
    const outer: OuterHeaderValues = { ...INVITE_HEADERS };
    expect(checkProtectedHeaders({ ...outer, cseq: '314159 invite' }, inviteHeaders, ALICE, NOW)).toMatchObject({ ok: false, kind: 'cseq-mismatch' });
    expect(checkProtectedHeaders({ ...outer, cseq: 'one INVITE' }, inviteHeaders, ALICE, NOW)).toMatchObject({ ok: false, kind: 'malformed' });
    expect(checkProtectedHeaders({ ...outer, to: '<sip:bob@example.test' }, inviteHeaders, ALICE, NOW)).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('header names in other letter case and compact forms on the outer message', () => {
    const text = inviteText().replace('From:', 'f:').replace('To:', 'T:').replace('Call-ID:', 'i:').replace('CSeq:', 'cseq:').replace('Date:', 'DATE:');
    expect(checkProtectedHeaders(outerHeaderValues(parseSipMessage(utf8(text))), inviteHeaders, ALICE, NOW)).toEqual({ ok: true });
  });

  it('every refusal kind is listed once', () => {
    expect(new Set(PROTECTED_HEADERS_REFUSALS).size).toBe(PROTECTED_HEADERS_REFUSALS.length);
  });

  it("a caller's mistake is a CoreError 'invalid-argument'", () => {
    expect(() => checkProtectedHeaders({ ...INVITE_HEADERS, kind: 'other' as 'request' }, inviteHeaders, ALICE, NOW)).toThrow(CoreError);
    expect(() => checkProtectedHeaders(INVITE_HEADERS, inviteHeaders, ALICE, new Date(Number.NaN))).toThrow(/now/);
    expect(() => checkProtectedHeaders(INVITE_HEADERS, inviteHeaders, ALICE, NOW, -1)).toThrow(/window/);
  });
});

describe('outerHeaderValues', () => {
  it('reads From, To, Call-ID, CSeq and the Date of a parsed message', () => {
    expect(outerHeaderValues(invite())).toEqual(INVITE_HEADERS);
    expect(outerHeaderValues(invite({ Date: undefined }))).toEqual({ kind: 'request', from: ALICE_FROM, to: BOB_TO, callId: CALL_ID, cseq: '314159 INVITE' });
  });

  it('two Dates are malformed', () => {
    const message = invite();
    message.headers.append('Date', DATE);
    expect(() => outerHeaderValues(message)).toThrow(expect.objectContaining({ kind: 'malformed-sip' }));
  });
});

describe('malformed attachments: a reason, never a crash', () => {
  const fields = (change: Record<string, string | null>): string[] => {
    const base: Record<string, string> = {
      'Content-Type': 'message/sip-secure',
      'X-SIP-SECURE-TO': BOB,
      'X-SIP-SECURE-FROM': ALICE,
      'X-SIP-SECURE-METHOD': 'smime.sec.sip.iana',
      From: ALICE_FROM,
      To: BOB_TO,
      'Call-ID': CALL_ID,
      CSeq: '314159 INVITE',
      Date: DATE,
    };
    for (const [name, value] of Object.entries(change)) {
      if (value === null) delete base[name];
      else base[name] = value;
    }
    return Object.entries(base).map(([name, value]) => `${name}: ${value}`);
  };
  const cases: { name: string; inner: string; detail: RegExp }[] = [
    { name: 'no fields but its Content-Type', inner: innerWithAttachment(SDP_ENTITY, ['Content-Type: message/sip-secure']), detail: /no X-SIP-SECURE-METHOD header/ },
    { name: 'no Date', inner: innerWithAttachment(SDP_ENTITY, fields({ Date: null })), detail: /no Date header/ },
    { name: 'a From that is garbage', inner: innerWithAttachment(SDP_ENTITY, fields({ From: '<<<garbage' })), detail: /From/ },
    { name: 'a line that is not a header field', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), 'garbage without a colon']), detail: /without ":"/ },
    { name: 'two CSeq', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), 'CSeq: 1 INVITE']), detail: /more than one CSeq/ },
    { name: 'a Via (seed 000 section 4)', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), 'Via: SIP/2.0/UDP relay.test;branch=z9hG4bK1']), detail: /Via/ },
    { name: 'two methods', inner: innerWithAttachment(SDP_ENTITY, fields({ 'X-SIP-SECURE-METHOD': 'smime.sec.sip.iana; tls.sec.sip.iana' })), detail: /exactly one method/ },
    { name: 'an X-SIP-SECURE-FROM that is not an AOR', inner: innerWithAttachment(SDP_ENTITY, fields({ 'X-SIP-SECURE-FROM': 'alice' })), detail: /X-SIP-SECURE-FROM/ },
    { name: 'a Content-Length that is not the body', inner: innerWithAttachment(SDP_ENTITY, fields({ 'Content-Length': '12' })), detail: /Content-Length/ },
    { name: 'a Date that is not a SIP-date', inner: innerWithAttachment(SDP_ENTITY, fields({ Date: 'tomorrow' })), detail: /Date/ },
    { name: 'a header name that is not a SIP token', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), 'X(y): z']), detail: /not a token/ },
    {
      name: 'two attachments',
      inner: innerWithAttachment(`${SDP_ENTITY}\r\n--inner\r\n${fields({}).join('\r\n')}\r\n`, fields({})),
      detail: /2 message\/sip-secure parts/,
    },
    {
      name: 'the attachment alone, with no content beside it',
      inner: `Content-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n${fields({}).join('\r\n')}\r\n\r\n\r\n--inner--\r\n`,
      detail: /not 1 parts/,
    },
    { name: '100 kB of one header', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), `X-Pad: ${'a'.repeat(100_000)}`]), detail: /more than 16384/ },
    { name: '70 header fields', inner: innerWithAttachment(SDP_ENTITY, [...fields({}), ...Array.from({ length: 70 }, (_, i) => `X-Pad-${i}: a`)]), detail: /more than 64 header fields/ },
  ];

  it.each(cases)('$name', async ({ inner, detail }) => {
    const reading = await readSessionBody(fromAliceToBob(p, await sealInner(p, inner)));
    expect(reading).toMatchObject({ sdp: null, encrypted: false, reason: 'malformed', requiredButUnreadable: true });
    expect(reading.detail).toMatch(detail);
  });

  it('1 MB of header fields: refused by the MIME limits with a reason, not a crash', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `X-Pad-${i}: ${'a'.repeat(40)}`);
    const inner = innerWithAttachment(SDP_ENTITY, [...fields({}), ...many]);
    expect(inner.length).toBeGreaterThan(1024 * 1024);
    const reading = await readSessionBody(fromAliceToBob(p, await sealInner(p, inner)));
    expect(reading).toMatchObject({ sdp: null, encrypted: false, reason: 'malformed' });
    expect(reading.detail).toMatch(/exceeds the 1048576-byte limit/);
    // Inside the limits, the decrypted content itself: the older form when it is not MIME at all, no exception.
    expect(splitSignedContent(utf8(inner)).protectedHeaders).toBeUndefined();
  });

  it('the reading of the content itself is unchanged: a text attachment beside it is the older form', () => {
    const inner = innerWithAttachment(SDP_ENTITY, ['Content-Type: text/plain', 'X-Note: not a sip-secure part']);
    const split = splitSignedContent(utf8(inner));
    expect(split.protectedHeaders).toBeUndefined();
    expect(fromUtf8(split.content)).toBe(inner);
  });
});
