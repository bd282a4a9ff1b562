/**
 * The secure layer (src/sip/secure-layer.ts) between two phones, alice's and bob's, each a SecureLayer with its own
 * SecurityContext over the real crypto core (keys and certificates made by openssl, test/core/secure-body/parties.ts).
 * What one phone's `outbound` writes is what the other's `inbound` reads, as on the wire between two JsSIPs:
 *
 * - calls: signed-then-encrypted SDP beside or instead of the clear SDP (RFC 3261 section 23.4), kept for the whole
 *   dialog, 493 with our certificate for what we cannot read (RFC 3261 section 23.2), 488 with
 *   `X-SIP-SECURE-REQUIRES: smime.sec.sip.iana` for a clear offer while encrypted-only is on (seed 000 section 4.3);
 * - page-mode messages: RFC 8591 S/MIME text with a clear fallback that never repeats it, 415 for what we cannot show
 *   (RFC 3428 section 7);
 * - who signed: the signer must be the certificate verified for the From AOR (seed 000 section 4.5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMimeBody, leafEntity, multipartEntity } from '../../src/core/mime/index.ts';
import { buildEncryptedMessage, buildSecureSessionBody, readCertsOnlyBody, readSessionBody, type ClearReason } from '../../src/core/secure-body/index.ts';
import { clearReasonWords } from '../../src/ui/protection-words.ts';
import { decodeProtection, encodeProtection, PLAN_HEADER, PROTECTION_HEADER, takeSdpNote } from '../../src/sip/protection-note.ts';
import { peekHeader, peekHeaders } from '../../src/sip/sip-frame.ts';
import * as core from '../../src/core/secure-body/index.ts';
import { ENCRYPTED_MESSAGE_FALLBACK, SEALED_DRAFT_MAX_AGE_MS, SECURE_REQUIRES_HEADER, SMIME_METHOD } from '../../src/sip/secure-layer.ts';
import type { Protection } from './secure-layer-harness.ts';

const clearReasonText = (kind: ClearReason): string => clearReasonWords({ encrypted: false, kind });
import { ALICE, BOB, FINGERPRINT, SDP as ALICE_SDP, flipBase64, makeParties, signer, type Parties } from '../core/secure-body/parties.ts';
import { countingCrypto } from '../helpers/counting-crypto.ts';
import { invite, makePhone, mimeParts, read, request, response, textMessage, withBody, type Phone, type PhoneOptions } from './secure-layer-harness.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});
afterAll(() => p.w.cleanup());

const ALICE_TAG = '1928301774';
const BOB_TAG = 'a6c85cf';
const ALICE_CANDIDATE = '192.0.2.55';

const BOB_FINGERPRINT = 'sha-256 B0:B0:B0:B0:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3A:90:6F:0E:F3:2E:1D:9A:2B:3C:4D:5E';
const BOB_CANDIDATE = '198.51.100.7';
const BOB_SDP = [
  'v=0',
  'o=- 7214638716344560031 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  `a=fingerprint:${BOB_FINGERPRINT}`,
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=ice-ufrag:Rb7q',
  'a=ice-pwd:Zq1u4nKSmT0wH9yO3eLrVbXc',
  `a=candidate:1 1 udp 2122260223 ${BOB_CANDIDATE} 40000 typ host`,
  'a=setup:active',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');
/** Alice's SDP when she puts the call on hold (a re-INVITE). */
const ALICE_HOLD_SDP = ALICE_SDP.replace('o=- 4611731400430051336 2', 'o=- 4611731400430051336 3') + 'a=sendonly\r\n';

let calls = 0;
const newCallId = (): string => `${++calls}f81d4fae7dec11d0a765@df7jal23ls0d.invalid`;

/** Alice's phone: her key, and bob's verified certificate unless told otherwise. */
function alicePhone(options: Partial<PhoneOptions> = {}): Phone {
  return makePhone(ALICE, { key: signer(p.alice), certificates: { [BOB]: p.bob.certificate }, ...options });
}

/** Bob's phone: his key, and alice's verified certificate unless told otherwise. */
function bobPhone(options: Partial<PhoneOptions> = {}): Phone {
  return makePhone(BOB, { key: signer(p.bob), certificates: { [ALICE]: p.alice.certificate }, ...options });
}

/** Alice's initial INVITE as JsSIP writes it (clear SDP). */
const aliceInvite = (callId: string, body = ALICE_SDP): string => invite({ from: ALICE, fromTag: ALICE_TAG, to: BOB, callId, body });

/** Offer, answer: alice's INVITE through both layers, then bob's 200 OK through both. */
async function call(alice: Phone, bob: Phone, callId = newCallId()) {
  const sent = aliceInvite(callId);
  const offer = await alice.layer.outbound(sent);
  const atBob = await bob.layer.inbound(offer);
  if (atBob === null) throw new Error(`bob answered the offer himself: ${bob.outOfBand.at(-1)}`);
  const ok = response(atBob, 200, 'OK', { toTag: BOB_TAG, body: BOB_SDP });
  const answer = await bob.layer.outbound(ok);
  const atAlice = await alice.layer.inbound(answer);
  return { callId, sent, offer, atBob, ok, answer, atAlice };
}

const encryptedBy = (peer: string): Protection => ({ encrypted: true, verifiedPeer: peer });
const clearBecause = (reason: string): Protection => ({ encrypted: false, reason });

/** Expects the headers of a dialog and transaction to be the same in both messages (only the body was changed). */
function expectSameRouting(actual: string, expected: string, names = ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Max-Forwards']): void {
  const a = read(actual);
  const e = read(expected);
  expect(a.message.kind).toBe(e.message.kind);
  for (const name of names) expect(a.message.headers.getAll(name), name).toEqual(e.message.headers.getAll(name));
}

/** Expects `text` to be a response of ours to `requestText`: status, and Via, From, Call-ID, CSeq copied, To tagged. */
function expectAnswerTo(text: string, requestText: string, status: number, reason: string) {
  const answer = read(text);
  const req = read(requestText);
  expect(answer.message).toMatchObject({ kind: 'response', status, reason });
  for (const name of ['Via', 'From', 'Call-ID', 'CSeq']) expect(answer.message.headers.getAll(name), name).toEqual(req.message.headers.getAll(name));
  expect(answer.header('To')).toMatch(new RegExp(`^${escape(req.header('To')!)};tag=[A-Za-z0-9]+$`));
  return answer;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- calls --------------------------------------------------------------------------------------------------------

describe('an encrypted call (RFC 3261 section 23.4)', () => {
  it("alice's initial INVITE carries the clear SDP first and the signed-then-encrypted SDP last, handling=optional", async () => {
    const alice = alicePhone();
    const callId = newCallId();
    const sent = aliceInvite(callId);
    const offer = await alice.layer.outbound(sent);

    const m = read(offer);
    expect(m.type).toBe('multipart/alternative');
    expect(m.header('Content-Disposition')).toBeUndefined(); // each part has its own
    expect(m.contentLength).toBe(m.message.body.length);
    expectSameRouting(offer, sent);
    const parts = mimeParts(offer);
    expect(parts.map((part) => part.type)).toEqual(['application/sdp', 'application/pkcs7-mime']);
    expect(parts[0]!.body).toBe(ALICE_SDP);
    expect(parts[1]).toMatchObject({ disposition: 'session', handling: 'optional' });
    expect(parts[1]!.entity.headers.get('content-type')).toContain('smime-type=auth-enveloped-data');
    // Alice learns whether the call is encrypted from bob's answer; the crypto core was needed, no fetch was made.
    expect(alice.fetched).toEqual([]);
    expect(alice.codecLoads).toBe(1);
  });

  it("bob's inbound gives JsSIP exactly alice's SDP as application/sdp and records it encrypted, signed by alice", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId, offer, atBob } = await call(alice, bob);

    const m = read(atBob);
    expect(m.header('Content-Type')).toBe('application/sdp');
    expect(m.header('Content-Disposition')).toBeUndefined();
    expect(m.body).toBe(ALICE_SDP);
    expect(m.contentLength).toBe(new TextEncoder().encode(ALICE_SDP).length);
    expectSameRouting(atBob, offer);
    expect(bob.protections).toEqual([{ callId, protection: encryptedBy(ALICE) }]);
    expect(bob.layer.protectionOf(callId)).toEqual(encryptedBy(ALICE));
    expect(bob.fetched).toEqual([ALICE]); // the sender's certificate, to verify the signature with
    expect(bob.outOfBand).toEqual([]);
  });

  it("bob's 200 OK goes encrypted only (no clear alternative, no fingerprint in the clear) and alice reads bob's SDP back", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId, ok, answer, atAlice } = await call(alice, bob);

    const wire = read(answer);
    expect(wire.type).toBe('application/pkcs7-mime');
    expect(wire.header('Content-Disposition')).toMatch(/^session; ?handling=required/);
    expect(answer).not.toContain('a=fingerprint');
    expect(answer).not.toContain(BOB_FINGERPRINT.slice('sha-256 '.length));
    expect(answer).not.toContain(BOB_CANDIDATE);
    expectSameRouting(answer, ok);

    const m = read(atAlice!);
    expect(m.header('Content-Type')).toBe('application/sdp');
    expect(m.header('Content-Disposition')).toBeUndefined();
    expect(m.body).toBe(BOB_SDP);
    expectSameRouting(atAlice!, ok);
    expect(alice.protections).toEqual([{ callId, protection: encryptedBy(BOB) }]);
    expect(alice.layer.protectionOf(callId)).toEqual(encryptedBy(BOB));
  });

  it('an encrypted-only caller sends the encrypted SDP alone: no clear alternative, no fingerprint or address visible', async () => {
    const alice = alicePhone({ secureOnly: true });
    const bob = bobPhone();
    const callId = newCallId();
    const offer = await alice.layer.outbound(aliceInvite(callId));

    const m = read(offer);
    expect(m.type).toBe('application/pkcs7-mime');
    expect(m.header('Content-Type')).toContain('smime-type=auth-enveloped-data');
    expect(m.header('Content-Disposition')).toMatch(/^session; ?handling=required/);
    for (const clear of ['v=0', 'a=fingerprint', FINGERPRINT.slice('sha-256 '.length), ALICE_CANDIDATE, 'multipart']) expect(offer).not.toContain(clear);

    const atBob = await bob.layer.inbound(offer);
    expect(read(atBob!).body).toBe(ALICE_SDP);
    expect(bob.protections).toEqual([{ callId, protection: encryptedBy(ALICE) }]);
  });
});

describe('calls that stay clear', () => {
  it('a caller without a key on this device sends the INVITE unchanged and says why', async () => {
    const alice = alicePhone({ key: null });
    const callId = newCallId();
    const sent = aliceInvite(callId);
    expect(await alice.layer.outbound(sent)).toBe(sent);
    expect(alice.protections).toEqual([{ callId, protection: clearBecause('you have no key on this device') }]);
    expect(alice.codecLoads).toBe(0);
  });

  it('a caller without a verified certificate for the peer sends the INVITE unchanged, without waiting for a fetch', async () => {
    const alice = alicePhone({ certificates: {} });
    const callId = newCallId();
    const sent = aliceInvite(callId);
    expect(await alice.layer.outbound(sent)).toBe(sent);
    expect(alice.protections).toEqual([{ callId, protection: clearBecause('the peer has no verified certificate') }]);
    expect(alice.fetched).toEqual([]);
    expect(alice.codecLoads).toBe(0);
  });

  it('after a clear offer the answer stays clear and the caller does not change its record', async () => {
    const alice = alicePhone({ certificates: {} });
    const bob = bobPhone();
    const { callId, sent, offer, atBob, ok, answer, atAlice } = await call(alice, bob);
    expect(offer).toBe(sent);
    expect(atBob).toBe(offer);
    expect(answer).toBe(ok);
    expect(atAlice).toBe(answer);
    expect(alice.protections).toEqual([{ callId, protection: clearBecause('the peer has no verified certificate') }]);
  });

  it('the callee passes a clear INVITE unchanged and records that the caller did not encrypt the call', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const sent = aliceInvite(callId);
    expect(await bob.layer.inbound(sent)).toBe(sent);
    expect(bob.protections).toEqual([{ callId, protection: clearBecause('the caller did not encrypt the call') }]);
    expect(bob.outOfBand).toEqual([]);
    expect(bob.codecLoads).toBe(0);
  });

  it('an encrypted-only callee answers a clear INVITE itself: 488 with X-SIP-SECURE-REQUIRES: smime.sec.sip.iana (seed 000 section 4.3)', async () => {
    const bob = bobPhone({ secureOnly: true });
    const sent = aliceInvite(newCallId());
    expect(await bob.layer.inbound(sent)).toBeNull();

    expect(bob.outOfBand).toHaveLength(1);
    const text = bob.outOfBand[0]!;
    expect(text.startsWith('SIP/2.0 488 Not Acceptable Here\r\n')).toBe(true);
    expect(text).toContain(`\r\nX-SIP-SECURE-REQUIRES: smime.sec.sip.iana\r\n`);
    const answer = expectAnswerTo(text, sent, 488, 'Not Acceptable Here');
    expect(answer.header(SECURE_REQUIRES_HEADER)).toBe(SMIME_METHOD);
    expect(answer.header('Warning')).toMatch(/^399 /);
    expect(answer.message.body.length).toBe(0);
    expect(bob.protections).toEqual([]); // the call never reaches JsSIP
    expect(bob.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([expect.stringContaining('with 488 Not Acceptable Here')]);
  });
});

describe('an encrypted part that cannot be used (RFC 3261 sections 23.2 and 23.4)', () => {
  it("a flipped byte in the encrypted part: the callee falls back to the clear SDP and gives the core's reason", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const callId = newCallId();
    const offer = await alice.layer.outbound(aliceInvite(callId));
    const flipped = withBody(offer, flipBase64);
    expect(flipped).not.toBe(offer);
    expect(flipped.length).toBe(offer.length);

    const atBob = await bob.layer.inbound(flipped);
    const m = read(atBob!);
    expect(m.header('Content-Type')).toBe('application/sdp');
    expect(m.body).toBe(ALICE_SDP);

    // What the core says of that body, and how the layer words it: "<reason text> (<detail>)".
    const reading = await readSessionBody({
      contentType: read(flipped).header('Content-Type')!,
      body: read(flipped).message.body,
      fromAor: ALICE,
      recipient: signer(p.bob),
      peerCertificate: p.alice.certificate,
      crypto: globalThis.crypto,
    });
    expect(reading.reason).toBe('decrypt-failed');
    expect(reading.detail).toBeTruthy();
    expect(bob.protections).toEqual([{ callId, protection: clearBecause(`${clearReasonText('decrypt-failed')} (${reading.detail})`) }]);
    expect(bob.outOfBand).toEqual([]);

    // The dialog did not go encrypted: bob's answer leaves clear.
    const ok = response(atBob!, 200, 'OK', { toTag: BOB_TAG, body: BOB_SDP });
    expect(await bob.layer.outbound(ok)).toBe(ok);
  });

  it('a callee without a key falls back to the clear SDP, saying that this device holds no key', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ key: null });
    const callId = newCallId();
    const atBob = await bob.layer.inbound(await alice.layer.outbound(aliceInvite(callId)));
    expect(read(atBob!).body).toBe(ALICE_SDP);
    const protection = bob.lastProtection(callId);
    expect(protection).toMatchObject({ encrypted: false });
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('no-own-key'))} \\(.+\\)$`));
  });

  it("an encrypted-only offer bob cannot decrypt (not encrypted to him): 493 with bob's certificate, certs-only", async () => {
    // Alice's cache holds mallory's certificate under bob's address: the offer is encrypted to mallory and alice.
    const alice = alicePhone({ secureOnly: true, certificates: { [BOB]: p.mallory.certificate } });
    const bob = bobPhone();
    const offer = await alice.layer.outbound(aliceInvite(newCallId()));
    expect(read(offer).type).toBe('application/pkcs7-mime');

    expect(await bob.layer.inbound(offer)).toBeNull();
    expect(bob.outOfBand).toHaveLength(1);
    const answer = expectAnswerTo(bob.outOfBand[0]!, offer, 493, 'Undecipherable');
    expect(answer.header('Content-Type')).toMatch(/^application\/pkcs7-mime; ?smime-type=certs-only/);
    expect(answer.header('Content-Disposition')).toMatch(/^attachment; ?handling=optional/);
    expect(readCertsOnlyBody({ contentType: answer.header('Content-Type')!, body: answer.message.body })).toEqual([p.bob.certificate]);
    expect(bob.protections).toEqual([]);
  });

  it('an encrypted-only caller sends nothing when the offer cannot be encrypted: no SDP in clear (issue 16, seed 000 4.3)', async () => {
    // The policy refuses such a call before it starts; here the certificate went between the plan and the INVITE.
    for (const phone of [alicePhone({ secureOnly: true, certificates: {} }), alicePhone({ secureOnly: true, key: null })]) {
      const callId = newCallId();
      const sent = await phone.layer.outbound(aliceInvite(callId).replace('\r\nCall-ID:', `\r\n${PLAN_HEADER}: encrypt\r\nCall-ID:`));
      expect(sent).toBe('');
      expect(phone.logs.some((l) => l.level === 'error' && /not sent, as only encrypted ones are wanted/.test(l.message))).toBe(true);
    }
    // Without encrypted-only, the same INVITE leaves clear and says why.
    const relaxed = alicePhone({ certificates: {} });
    expect(read(await relaxed.layer.outbound(aliceInvite(newCallId()).replace('\r\nCall-ID:', `\r\n${PLAN_HEADER}: encrypt\r\nCall-ID:`))).body).toBe(ALICE_SDP);
  });

  it('an encrypted-only offer to a callee without a key: 493 without a body', async () => {
    const alice = alicePhone({ secureOnly: true });
    const bob = bobPhone({ key: null });
    const offer = await alice.layer.outbound(aliceInvite(newCallId()));

    expect(await bob.layer.inbound(offer)).toBeNull();
    expect(bob.outOfBand).toHaveLength(1);
    const answer = expectAnswerTo(bob.outOfBand[0]!, offer, 493, 'Undecipherable');
    expect(answer.header('Content-Type')).toBeUndefined();
    expect(answer.contentLength).toBe(0);
  });
});

describe('inside an encrypted dialog', () => {
  /** Alice's re-INVITE (hold) in the dialog of `callId`. */
  const aliceReInvite = (callId: string): string =>
    invite({ from: ALICE, fromTag: ALICE_TAG, to: BOB, toTag: BOB_TAG, callId, cseq: 2, branch: 'z9hG4bKreinvite2', body: ALICE_HOLD_SDP });

  it("alice's re-INVITE is encrypted only, bob reads it, and his 200 OK goes encrypted back", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);

    const sent = aliceReInvite(callId);
    const offer = await alice.layer.outbound(sent);
    expect(read(offer).type).toBe('application/pkcs7-mime'); // the peer has shown it can read it: no clear alternative
    expect(read(offer).header('Content-Disposition')).toMatch(/^session; ?handling=required/);
    expect(offer).not.toContain('a=sendonly');
    expectSameRouting(offer, sent);

    const atBob = await bob.layer.inbound(offer);
    expect(read(atBob!).body).toBe(ALICE_HOLD_SDP);
    expect(bob.lastProtection(callId)).toEqual(encryptedBy(ALICE));

    const answer = await bob.layer.outbound(response(atBob!, 200, 'OK', { body: BOB_SDP }));
    expect(read(answer).type).toBe('application/pkcs7-mime');
    expect(read((await alice.layer.inbound(answer))!).body).toBe(BOB_SDP);
    expect(alice.lastProtection(callId)).toEqual(encryptedBy(BOB));
  });

  it("bob's own re-INVITE (callee to caller) is encrypted and alice checks it was signed by bob", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);

    const sent = invite({ from: BOB, fromTag: BOB_TAG, to: ALICE, toTag: ALICE_TAG, callId, cseq: 1, branch: 'z9hG4bKbobre1', body: BOB_SDP });
    const offer = await bob.layer.outbound(sent);
    expect(read(offer).type).toBe('application/pkcs7-mime');
    const atAlice = await alice.layer.inbound(offer);
    expect(read(atAlice!).body).toBe(BOB_SDP);
    expect(alice.lastProtection(callId)).toEqual(encryptedBy(BOB));
  });

  it('an UPDATE with SDP in the dialog is encrypted too', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);
    const sent = request({ method: 'UPDATE', from: ALICE, fromTag: ALICE_TAG, to: BOB, toTag: BOB_TAG, callId, cseq: 3, body: ALICE_HOLD_SDP });
    const offer = await alice.layer.outbound(sent);
    expect(read(offer).type).toBe('application/pkcs7-mime');
    expect(read((await bob.layer.inbound(offer))!).body).toBe(ALICE_HOLD_SDP);
  });

  it('a 4xx or 5xx response with a body in that dialog is not encrypted, and passes inbound unchanged', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);
    const atBob = await bob.layer.inbound(await alice.layer.outbound(aliceReInvite(callId)));
    const before = alice.protections.length;

    for (const [status, reason] of [
      [488, 'Not Acceptable Here'],
      [500, 'Server Internal Error'],
    ] as const) {
      const refusal = response(atBob!, status, reason, { body: BOB_SDP });
      const out = await bob.layer.outbound(refusal);
      expect(out, `${status}`).toBe(refusal);
      expect(await alice.layer.inbound(out), `${status}`).toBe(out);
    }
    expect(alice.protections).toHaveLength(before);
    expect(alice.layer.protectionOf(callId)).toEqual(encryptedBy(BOB));
  });

  it('a clear re-INVITE in an encrypted dialog is reported as an unencrypted update', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);
    const clear = aliceReInvite(callId);
    expect(await bob.layer.inbound(clear)).toBe(clear);
    expect(bob.lastProtection(callId)).toEqual(clearBecause('the peer sent an unencrypted update'));
  });

  it('a clear answer to an encrypted offer is reported as an answer without encryption', async () => {
    const alice = alicePhone();
    const callId = newCallId();
    const offer = await alice.layer.outbound(aliceInvite(callId));
    const clearOk = response(offer, 200, 'OK', { toTag: BOB_TAG, body: BOB_SDP });
    expect(await alice.layer.inbound(clearOk)).toBe(clearOk);
    expect(alice.protections).toEqual([{ callId, protection: clearBecause('the peer answered without encryption') }]);
  });
});

// ---- messages -----------------------------------------------------------------------------------------------------

describe('page-mode MESSAGE (RFC 3428, RFC 8591)', () => {
  /** Non-ASCII, a line break inside, white space at both ends: "exactly the text" means all of it. */
  const SECRET = '  Meet at gate B7 — 19:40 ✓\r\nBring the blue folder.\n';
  const aliceMessage = (callId: string, body = SECRET, contentType?: string): string =>
    textMessage({ from: ALICE, to: BOB, callId, body, ...(contentType ? { contentType } : {}) });

  it('text/plain to a peer with a verified certificate: the text never appears on the wire, only the fallback note', async () => {
    const alice = alicePhone();
    const callId = newCallId();
    const sent = aliceMessage(callId);
    const out = await alice.layer.outbound(sent);

    for (const secret of [SECRET, 'gate B7', 'blue folder']) expect(out).not.toContain(secret);
    expect(out).toContain(ENCRYPTED_MESSAGE_FALLBACK);
    const parts = mimeParts(out);
    expect(parts.map((part) => part.type)).toEqual(['text/plain', 'application/pkcs7-mime']);
    expect(parts[0]!.body).toBe(ENCRYPTED_MESSAGE_FALLBACK);
    expect(parts[1]).toMatchObject({ disposition: 'render', handling: 'optional' });
    expectSameRouting(out, sent);
    // What alice did is told with bob's 200 OK (the message sender's `delivered`).
    await alice.layer.inbound(response(out, 200, 'OK', { toTag: BOB_TAG }));
    expect(alice.protections).toEqual([{ callId, protection: encryptedBy(BOB) }]);
  });

  it('bob reads exactly the text, as text/plain, encrypted and signed by alice', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const callId = newCallId();
    const sent = aliceMessage(callId);
    const atBob = await bob.layer.inbound(await alice.layer.outbound(sent));

    const m = read(atBob!);
    expect(m.type).toBe('text/plain');
    expect(m.header('Content-Type')).toMatch(/charset=utf-8/i);
    expect(m.body).toBe(SECRET);
    expectSameRouting(atBob!, sent);
    expect(bob.protections).toEqual([{ callId, protection: encryptedBy(ALICE) }]);
    expect(bob.fetched).toEqual([]); // alice's verified certificate was at hand: nothing to wait for
  });

  it('an encrypted-only sender sends the S/MIME part alone, without the fallback note', async () => {
    const alice = alicePhone({ secureOnly: true });
    const bob = bobPhone();
    const out = await alice.layer.outbound(aliceMessage(newCallId()));
    const m = read(out);
    expect(m.type).toBe('application/pkcs7-mime');
    expect(m.header('Content-Disposition')).toMatch(/^render; ?handling=required/);
    expect(out).not.toContain(ENCRYPTED_MESSAGE_FALLBACK);
    expect(out).not.toContain('gate B7');
    expect(read((await bob.layer.inbound(out))!).body).toBe(SECRET);
  });

  it('a device that cannot decrypt shows the fallback note, never the text, and says why', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ key: signer(p.mallory) }); // not a recipient
    const callId = newCallId();
    const atBob = await bob.layer.inbound(await alice.layer.outbound(aliceMessage(callId)));
    expect(read(atBob!).body).toBe(ENCRYPTED_MESSAGE_FALLBACK);
    const protection = bob.lastProtection(callId);
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('decrypt-failed'))} \\(.+\\)$`));
  });

  it("an encrypted-only message bob cannot decrypt: 493 with bob's certificate (RFC 8591 section 9)", async () => {
    const alice = alicePhone({ secureOnly: true, certificates: { [BOB]: p.mallory.certificate } });
    const bob = bobPhone();
    const out = await alice.layer.outbound(aliceMessage(newCallId()));
    expect(await bob.layer.inbound(out)).toBeNull();
    const answer = expectAnswerTo(bob.outOfBand[0]!, out, 493, 'Undecipherable');
    expect(readCertsOnlyBody({ contentType: answer.header('Content-Type')!, body: answer.message.body })).toEqual([p.bob.certificate]);
  });

  it('a secure-looking body with nothing we can show (multipart/alternative of text/html only): 415 with Accept', async () => {
    const bob = bobPhone();
    const html = buildMimeBody(multipartEntity('alternative', [leafEntity({ contentType: 'text/html; charset=utf-8', body: '<p>hello</p>' })]), { crypto: globalThis.crypto });
    const sent = aliceMessage(newCallId(), new TextDecoder().decode(html.body), html.contentType);
    expect(await bob.layer.inbound(sent)).toBeNull();
    expect(bob.outOfBand).toHaveLength(1);
    const answer = expectAnswerTo(bob.outOfBand[0]!, sent, 415, 'Unsupported Media Type');
    expect(answer.header('Accept')).toBe('text/plain, multipart/alternative, application/pkcs7-mime');
    expect(bob.protections).toEqual([]);
  });

  it('a clear text/plain MESSAGE at an encrypted-only receiver: 488 with X-SIP-SECURE-REQUIRES', async () => {
    const bob = bobPhone({ secureOnly: true });
    const sent = aliceMessage(newCallId());
    expect(await bob.layer.inbound(sent)).toBeNull();
    expect(bob.outOfBand).toHaveLength(1);
    expect(bob.outOfBand[0]).toContain(`\r\nX-SIP-SECURE-REQUIRES: smime.sec.sip.iana\r\n`);
    expectAnswerTo(bob.outOfBand[0]!, sent, 488, 'Not Acceptable Here');
    expect(bob.protections).toEqual([]);
  });

  it('a clear text/plain MESSAGE otherwise passes unchanged, recorded as not encrypted', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const sent = aliceMessage(callId);
    expect(await bob.layer.inbound(sent)).toBe(sent);
    expect(bob.protections).toEqual([{ callId, protection: clearBecause('the sender did not encrypt it') }]);
  });

  it('a message being written gets its envelope ready: Send then only signs and encrypts, and bob reads it', async () => {
    const { crypto, calls } = countingCrypto();
    const alice = alicePhone({ crypto });
    alice.layer.prepareMessage(BOB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alice.codecLoads).toBe(1); // the first character loads the crypto core
    calls.clear();
    const callId = newCallId();
    const out = await alice.layer.outbound(textMessage({ from: ALICE, to: BOB, callId, body: 'prepared ahead' }));
    // Without the preparation: an ephemeral ECDH key for alice's own copy, RSA-OAEP for bob's, and the content.
    expect([calls.get('generateKey'), calls.get('deriveBits'), calls.get('encrypt')]).toEqual([undefined, undefined, 1]);
    const bob = bobPhone();
    expect(read((await bob.layer.inbound(out))!).body).toBe('prepared ahead');
    expect(bob.lastProtection(callId)).toEqual({ encrypted: true, verifiedPeer: ALICE });
  });

  it('the text being written is sealed ahead: Send of that very text signs and encrypts nothing, and bob reads it', async () => {
    const { crypto, calls } = countingCrypto();
    const alice = alicePhone({ crypto });
    for (const text of ['s', 'se', 'sealed', 'sealed ahead']) alice.layer.prepareMessage(BOB, text); // typed in one task
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.get('sign')).toBe(1); // only the latest text was sealed
    calls.clear();
    const out = await alice.layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'sealed ahead' }));
    expect([...calls.keys()]).toEqual([]);
    // It leaves with the Call-ID, From tag, CSeq and Date the draft was sealed with (its protected headers).
    const callId = peekHeader(out, 'Call-ID')!;
    expect(peekHeader(out, 'Date')).toBeDefined();
    await alice.layer.inbound(response(out, 200, 'OK', { toTag: BOB_TAG })); // what was sent is told with the 200 OK
    expect(alice.lastProtection(callId)).toEqual({ encrypted: true, verifiedPeer: BOB });
    const bob = bobPhone();
    expect(read((await bob.layer.inbound(out))!).body).toBe('sealed ahead');
    expect(bob.lastProtection(callId)).toEqual({ encrypted: true, verifiedPeer: ALICE });
    expect(mimeParts(out).map((part) => part.type)).toEqual(['text/plain', 'application/pkcs7-mime']); // with the fallback, as the draft was sealed
  });

  it('a sealed draft serves only its own text, once, and while fresh: any other Send is sealed then', async () => {
    let now = 1_000_000;
    const { crypto, calls } = countingCrypto();
    const alice = alicePhone({ crypto, now: () => now });
    const bob = bobPhone({ now: () => now });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    const send = async (body: string) => {
      calls.clear();
      const out = await alice.layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body }));
      return { out, signed: calls.get('sign') ?? 0, read: read((await bob.layer.inbound(out))!).body };
    };

    alice.layer.prepareMessage(BOB, 'hello');
    await settle();
    expect(await send('hello world')).toMatchObject({ signed: 1, read: 'hello world' }); // typed on and sent at once

    alice.layer.prepareMessage(BOB, 'twice');
    await settle();
    const first = await send('twice');
    const second = await send('twice');
    expect([first.signed, first.read, second.signed, second.read]).toEqual([0, 'twice', 1, 'twice']);
    expect(second.out).not.toBe(first.out);

    alice.layer.prepareMessage(BOB, 'left alone');
    await settle();
    now += SEALED_DRAFT_MAX_AGE_MS + 1;
    expect(await send('left alone')).toMatchObject({ signed: 1, read: 'left alone' }); // a fresh signing-time

    alice.layer.prepareMessage(BOB, 'then encrypted-only');
    await settle();
    alice.secureOnly = true;
    const strict = await send('then encrypted-only');
    expect(strict).toMatchObject({ signed: 1, read: 'then encrypted-only' });
    expect(read(strict.out).type).toBe('application/pkcs7-mime'); // no fallback: not the draft's body
    alice.secureOnly = false;

    alice.layer.prepareMessage(BOB, 'signed out');
    await settle();
    alice.layer.use(alice.context); // a new session (sign-out, sign-in) forgets the draft
    expect(await send('signed out')).toMatchObject({ signed: 1, read: 'signed out' });
  });

  it('nothing is prepared (nor the core loaded) for a peer without a verified certificate, or without a key', async () => {
    for (const alice of [alicePhone({ certificates: {} }), alicePhone({ key: null })]) {
      alice.layer.prepareMessage(BOB);
      alice.layer.prepareMessage(BOB, 'hello');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(alice.codecLoads).toBe(0);
      expect(alice.logs).toEqual([]);
    }
  });

  it('a MESSAGE of another type (isComposing, RFC 3994) is not ours to judge: unchanged both ways, nothing recorded', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ secureOnly: true });
    const composing = '<?xml version="1.0" encoding="UTF-8"?>\r\n<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state></isComposing>';
    const sent = aliceMessage(newCallId(), composing, 'application/im-iscomposing+xml');
    expect(await alice.layer.outbound(sent)).toBe(sent);
    expect(await bob.layer.inbound(sent)).toBe(sent);
    expect([...alice.protections, ...bob.protections, ...bob.outOfBand]).toEqual([]);
    expect(alice.codecLoads + bob.codecLoads).toBe(0);
  });
});

// ---- robustness ---------------------------------------------------------------------------------------------------

describe('robustness: the layer passes what it cannot or need not protect, and never throws', () => {
  it('with nothing to encrypt the answer is synchronous (the socket codec sends it at once), and the core is loaded once', async () => {
    const alice = alicePhone({ certificates: {} });
    const clear = aliceInvite(newCallId());
    expect(alice.layer.outbound(clear)).toBe(clear); // a string, not a promise
    expect(alice.codecLoads).toBe(0);

    const bobsCertificate = alicePhone();
    await bobsCertificate.layer.outbound(aliceInvite(newCallId()));
    await bobsCertificate.layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'hi' }));
    expect(bobsCertificate.codecLoads).toBe(1);
  });

  it('a message without a body passes unchanged both ways', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ secureOnly: true });
    const callId = newCallId();
    const bye = request({ method: 'BYE', from: ALICE, to: BOB, toTag: BOB_TAG, callId, cseq: 2 });
    const lateOffer = invite({ from: ALICE, to: BOB, callId: newCallId() }); // INVITE without SDP (RFC 3261 section 13.2.1)
    for (const text of [bye, lateOffer]) {
      expect(await alice.layer.outbound(text)).toBe(text);
      expect(await bob.layer.inbound(text)).toBe(text);
    }
    expect([...alice.protections, ...bob.protections, ...bob.outOfBand]).toEqual([]);
  });

  it('text that is not SIP passes unchanged both ways', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ secureOnly: true });
    for (const text of ['not a SIP message\r\n\r\nv=0\r\n', 'INVITE\r\nFrom: nobody\r\n\r\nbody']) {
      expect(await alice.layer.outbound(text)).toBe(text);
      expect(await bob.layer.inbound(text)).toBe(text);
    }
    expect(bob.outOfBand).toEqual([]);
  });

  it('use(null): no context, so offers and messages pass unchanged and nothing is recorded', async () => {
    const alice = alicePhone();
    const offer = await alice.layer.outbound(aliceInvite(newCallId()));
    const bob = bobPhone({ secureOnly: true });
    bob.layer.use(null);
    alice.layer.use(null);
    expect(bob.layer.context).toBeNull();

    const sent = aliceInvite(newCallId());
    expect(await alice.layer.outbound(sent)).toBe(sent);
    expect(await bob.layer.inbound(offer)).toBe(offer);
    const message = textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'hello' });
    expect(await alice.layer.outbound(message)).toBe(message);
    expect(await bob.layer.inbound(message)).toBe(message);
    expect([...bob.protections, ...bob.outOfBand]).toEqual([]);
    expect(bob.codecLoads).toBe(0);
  });

  it('the crypto core failing to load: the INVITE leaves clear and the reason starts with "encryption failed"', async () => {
    const alice = alicePhone({ codec: () => Promise.reject(new Error('the crypto chunk did not load')) });
    const callId = newCallId();
    const sent = aliceInvite(callId);
    await expect(alice.layer.outbound(sent)).resolves.toBe(sent);
    await alice.layer.inbound(response(sent, 180, 'Ringing', { toTag: BOB_TAG })); // the verdict comes up with the first response
    expect(alice.protections).toEqual([{ callId, protection: clearBecause('encryption failed: the crypto chunk did not load') }]);
    expect(alice.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['could not encrypt an outgoing body; sent clear']);
  });

  it('encryption throwing: an INVITE and a MESSAGE leave clear, each recorded as "encryption failed: ..."', async () => {
    const failing = async () => {
      throw new TypeError('no AES-GCM here');
    };
    const alice = alicePhone({ codec: async () => ({ ...core, buildSecureSessionBody: failing, buildEncryptedMessage: failing }) });
    const inviteId = newCallId();
    const messageId = newCallId();
    const sentInvite = aliceInvite(inviteId);
    const sentMessage = textMessage({ from: ALICE, to: BOB, callId: messageId, body: 'hello' });
    expect(await alice.layer.outbound(sentInvite)).toBe(sentInvite);
    expect(await alice.layer.outbound(sentMessage)).toBe(sentMessage);
    await alice.layer.inbound(response(sentInvite, 180, 'Ringing', { toTag: BOB_TAG }));
    await alice.layer.inbound(response(sentMessage, 200, 'OK', { toTag: BOB_TAG }));
    expect(alice.protections).toEqual([
      { callId: inviteId, protection: clearBecause('encryption failed: no AES-GCM here') },
      { callId: messageId, protection: clearBecause('encryption failed: no AES-GCM here') },
    ]);
    // The dialog did not go encrypted: a later in-dialog offer is not encrypted either.
    const reInvite = invite({ from: ALICE, to: BOB, toTag: BOB_TAG, callId: inviteId, cseq: 2, body: ALICE_HOLD_SDP });
    expect(await alice.layer.outbound(reInvite)).toBe(reInvite);
  });

  it('a broken secure body (multipart/alternative without a boundary) is read without throwing and passed on', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const sent = invite({ from: ALICE, to: BOB, callId, contentType: 'multipart/alternative', body: ALICE_SDP });
    await expect(bob.layer.inbound(sent)).resolves.toBe(sent);
    expect(bob.lastProtection(callId)).toMatchObject({ encrypted: false });
  });
});

// ---- who signed ---------------------------------------------------------------------------------------------------

describe('the signer must be the certificate verified for the From AOR (seed 000 section 4.5)', () => {
  /** A phone that holds `who`'s key but writes alice's address in From, encrypting to bob's real certificate. */
  const forger = (key: Parties['mallory'], secureOnly = false): Phone =>
    makePhone(ALICE, { key: signer(key), certificates: { [BOB]: p.bob.certificate }, secureOnly });

  it("mallory signs an INVITE whose From is alice: bob, holding alice's certificate, does not accept it as encrypted", async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const atBob = await bob.layer.inbound(await forger(p.mallory).layer.outbound(aliceInvite(callId)));
    expect(read(atBob!).body).toBe(ALICE_SDP); // the clear alternative, for what it is worth
    const protection = bob.lastProtection(callId);
    expect(protection).toMatchObject({ encrypted: false });
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('signer-mismatch'))} \\(.+\\)$`));
    expect(bob.protections.some((r) => r.protection.encrypted)).toBe(false);
  });

  it("an impostor certificate that names alice's address is still not alice's verified certificate", async () => {
    const bob = bobPhone();
    const callId = newCallId();
    await bob.layer.inbound(await forger(p.impostor).layer.outbound(aliceInvite(callId)));
    const protection = bob.lastProtection(callId);
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('signer-mismatch'))} \\(`));
  });

  it('at an encrypted-only callee the forged offer is refused: 488 (clear alternative) or 493 (encrypted alone)', async () => {
    const bob = bobPhone({ secureOnly: true });
    expect(await bob.layer.inbound(await forger(p.mallory).layer.outbound(aliceInvite(newCallId())))).toBeNull();
    expect(await bob.layer.inbound(await forger(p.mallory, true).layer.outbound(aliceInvite(newCallId())))).toBeNull();
    expect(bob.outOfBand.map((text) => read(text).message).map((m) => (m.kind === 'response' ? m.status : 0))).toEqual([488, 493]);
    expect(bob.protections).toEqual([]);
  });

  it("an encrypted answer signed by someone else than the callee is not accepted by the caller", async () => {
    const alice = alicePhone();
    const callId = newCallId();
    const offer = await alice.layer.outbound(aliceInvite(callId));
    const forged = await buildSecureSessionBody(BOB_SDP, { signer: signer(p.mallory), recipients: [p.alice.certificate], clearAlternative: false, crypto: globalThis.crypto });
    const ok = response(offer, 200, 'OK', { toTag: BOB_TAG, body: forged.body, contentType: forged.contentType });
    const answer = ok.replace('\r\nContent-Length:', `\r\nContent-Disposition: ${forged.contentDisposition}\r\nContent-Length:`);
    await alice.layer.inbound(answer);
    const protection = alice.lastProtection(callId);
    expect(protection).toMatchObject({ encrypted: false });
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('signer-mismatch'))} \\(`));
  });

  it('a message signed by mallory with From alice is not shown as encrypted from alice', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const body = await buildEncryptedMessage('transfer the money', { signer: signer(p.mallory), recipients: [p.bob.certificate], fallback: ENCRYPTED_MESSAGE_FALLBACK, crypto: globalThis.crypto });
    const atBob = await bob.layer.inbound(textMessage({ from: ALICE, to: BOB, callId, body: body.body, contentType: body.contentType }));
    expect(read(atBob!).body).toBe(ENCRYPTED_MESSAGE_FALLBACK);
    const protection = bob.lastProtection(callId);
    expect(protection && !protection.encrypted && protection.reason).toMatch(new RegExp(`^${escape(clearReasonText('signer-mismatch'))} \\(`));
  });
});

// ---- bodies that end with an empty line ---------------------------------------------------------------------------

/**
 * RFC 3261 section 7: the first empty line ends the headers; a body may itself end with CRLF CRLF (a text with a
 * trailing blank line, an SDP with an empty last line) and must not skip the layer.
 */
describe('a body that itself ends with CRLF CRLF', () => {
  it('an outbound MESSAGE whose text ends with a blank line is still encrypted', async () => {
    const alice = alicePhone();
    const sent = textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'the code is 4711\r\n\r\n' });
    const out = await alice.layer.outbound(sent);
    expect(out).not.toContain('4711');
    const bob = bobPhone();
    expect(read((await bob.layer.inbound(out))!).body).toBe('the code is 4711\r\n\r\n');
  });

  it('an encrypted-only callee still refuses a clear INVITE whose SDP ends with an empty line (488)', async () => {
    const bob = bobPhone({ secureOnly: true });
    const sent = aliceInvite(newCallId(), `${ALICE_SDP}\r\n`);
    expect(await bob.layer.inbound(sent)).toBeNull();
    expectAnswerTo(bob.outOfBand[0]!, sent, 488, 'Not Acceptable Here');
  });

  it('a clear re-INVITE whose SDP ends with an empty line is reported as an unencrypted update', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const { callId } = await call(alice, bob);
    const clear = invite({ from: ALICE, fromTag: ALICE_TAG, to: BOB, toTag: BOB_TAG, callId, cseq: 2, body: `${ALICE_HOLD_SDP}\r\n` });
    await bob.layer.inbound(clear);
    expect(bob.lastProtection(callId)).toEqual(clearBecause('the peer sent an unencrypted update'));
  });
});

// ---- the key going away, the core failing on what arrives --------------------------------------------------------

describe('what the screen says when this side cannot take part', () => {
  it("bob's answer leaves clear when his key is gone mid-call, and his record says so", async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const callId = newCallId();
    const atBob = await bob.layer.inbound(await alice.layer.outbound(aliceInvite(callId)));
    expect(bob.lastProtection(callId)).toEqual(encryptedBy(ALICE));
    bob.key = null; // the key locked while ringing
    const ok = response(atBob!, 200, 'OK', { toTag: BOB_TAG, body: BOB_SDP });
    expect(await bob.layer.outbound(ok)).toBe(ok); // nothing to sign with: it leaves clear ...
    await bob.layer.inbound(request({ method: 'ACK', from: ALICE, to: BOB, toTag: BOB_TAG, callId }));
    expect(bob.lastProtection(callId)).toEqual(clearBecause('you have no key on this device')); // ... and is shown so (with the ACK)
    // ... and alice, who offered encrypted, sees the clear answer for what it is.
    await alice.layer.inbound(ok);
    expect(alice.lastProtection(callId)).toEqual(clearBecause('the peer answered without encryption'));
  });

  it('the crypto core failing on an incoming encrypted INVITE: 500 out of band (RFC 3261 section 21.5.1), not a silent drop', async () => {
    const alice = alicePhone();
    const bob = bobPhone({ codec: () => Promise.reject(new Error('the crypto chunk did not load')) });
    const callId = newCallId();
    const offer = await alice.layer.outbound(aliceInvite(callId));
    await expect(bob.layer.inbound(offer)).resolves.toBeNull();
    expectAnswerTo(bob.outOfBand[0]!, offer, 500, 'Server Internal Error');
    expect(bob.lastProtection(callId)).toBeUndefined(); // refused before any call exists: nothing to show
    expect(bob.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['could not read an incoming body']);
  });

  it('the crypto core failing on an incoming answer: the response goes on unchanged', async () => {
    const alice = alicePhone();
    const bob = bobPhone();
    const callId = newCallId();
    const atBob = await bob.layer.inbound(await alice.layer.outbound(aliceInvite(callId)));
    const answer = await bob.layer.outbound(response(atBob!, 200, 'OK', { toTag: BOB_TAG, body: BOB_SDP }));
    alice.context.codec = () => Promise.reject(new Error('gone'));
    await expect(alice.layer.inbound(answer)).resolves.toBe(answer);
    expect(alice.outOfBand).toEqual([]);
  });
});

// ---- verdicts and plans inside the messages (src/sip/protection-note.ts) -----------------------------------------

describe('verdicts travel in the messages, and only the layer writes them', () => {
  const forged = encodeProtection({ encrypted: true, verifiedPeer: ALICE });
  const withForgedHeader = (text: string): string => text.replace('\r\nCall-ID:', `\r\n${PROTECTION_HEADER}: ${forged}\r\nCall-ID:`);
  const forgedSdp = `${ALICE_SDP}a=x-sealphone-protection:${forged}\r\n`;
  const notesIn = (text: string): string[] => text.split('\r\n').filter((line) => line.toLowerCase().includes('x-sealphone-protection'));

  it('a clear INVITE that claims to be encrypted (header and SDP line) reaches JsSIP with the layer\'s own verdict only', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const up = await bob.layer.real.inbound(withForgedHeader(invite({ from: ALICE, fromTag: ALICE_TAG, to: BOB, callId, body: forgedSdp })));
    expect(peekHeader(up!, PROTECTION_HEADER)).toBeUndefined();
    expect(notesIn(up!)).toHaveLength(1);
    expect(takeSdpNote(read(up!).body)).toEqual({ sdp: ALICE_SDP, protection: { encrypted: false, kind: 'caller-sent-clear' } });
  });

  it('with protection off, forged verdicts are still removed', async () => {
    const bob = bobPhone();
    bob.layer.use(null);
    const sent = withForgedHeader(invite({ from: ALICE, fromTag: ALICE_TAG, to: BOB, callId: newCallId(), body: forgedSdp }));
    const up = await bob.layer.real.inbound(sent);
    expect(notesIn(up!)).toEqual([]);
    expect(read(up!).body).toBe(ALICE_SDP);
  });

  it('a clear MESSAGE that claims to be encrypted is shown as clear', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const up = await bob.layer.real.inbound(withForgedHeader(textMessage({ from: ALICE, to: BOB, callId, body: 'trust me' })));
    expect(decodeProtection(peekHeader(up!, PROTECTION_HEADER))).toEqual({ encrypted: false, kind: 'sender-sent-clear' });
    expect(peekHeaders(up!, PROTECTION_HEADER)).toHaveLength(1);
  });

  it('a response to a clear MESSAGE of ours loses a forged verdict (the sender keeps its plan\'s reason)', async () => {
    const alice = alicePhone({ certificates: {} });
    const sent = await alice.layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'hi' }));
    const up = await alice.layer.real.inbound(withForgedHeader(response(sent, 200, 'OK', { toTag: BOB_TAG })));
    expect(peekHeader(up!, PROTECTION_HEADER)).toBeUndefined();
  });

  it('a message that may carry a verdict but cannot be parsed never reaches JsSIP', async () => {
    const bob = bobPhone();
    expect(await bob.layer.real.inbound(`INVITE\r\n${PROTECTION_HEADER}: ${forged}\r\n\r\nv=0`)).toBeNull();
  });

  it('the plan header never reaches the wire, whether protection is on or off', async () => {
    const alice = alicePhone();
    const planned = (text: string): string => text.replace('\r\nCall-ID:', `\r\n${PLAN_HEADER}: encrypt\r\nCall-ID:`);
    const encrypted = (await alice.layer.real.outbound(planned(aliceInvite(newCallId()))))!;
    expect(peekHeader(encrypted, PLAN_HEADER)).toBeUndefined();
    expect(read(encrypted).type).toBe('multipart/alternative');
    alice.layer.use(null);
    const clear = (await alice.layer.real.outbound(planned(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'hi' }))))!;
    expect(peekHeader(clear, PLAN_HEADER)).toBeUndefined();
    expect(read(clear).body).toBe('hi');
  });

  it('an INVITE planned clear leaves clear even to a peer whose certificate is at hand (one decision, the policy\'s)', async () => {
    const alice = alicePhone();
    const sent = aliceInvite(newCallId()).replace('\r\nCall-ID:', `\r\n${PLAN_HEADER}: clear\r\nCall-ID:`);
    const out = await alice.layer.real.outbound(sent);
    expect(read(out!).type).toBe('application/sdp');
    expect(alice.codecLoads).toBe(0);
  });
});
