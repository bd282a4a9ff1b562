/**
 * Protected headers in the secure layer (issue 16 deliverable 1, seed 000 sections 4.2.1 and 4.5), as attacks by a
 * server or relay on the way: every encrypted body carries signed copies of From, To, Call-ID, CSeq and Date; bob
 * refuses (403, with the reason) a body whose outer headers were rewritten or which was replayed, lets a retransmission
 * through, and reads an older SealPhone's body (no copies) as encrypted with "headers not protected".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEncryptedMessage } from '../../src/core/secure-body/index.ts';
import { peekHeader } from '../../src/sip/sip-frame.ts';
import { ALICE, BOB, makeParties, signer, type Parties } from '../core/secure-body/parties.ts';
import { invite, makePhone, read, textMessage, type Phone, type PhoneOptions } from './secure-layer-harness.ts';
import { SDP as ALICE_SDP } from '../core/secure-body/parties.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});

const alicePhone = (options: Partial<PhoneOptions> = {}): Phone => makePhone(ALICE, { key: signer(p.alice), certificates: { [BOB]: p.bob.certificate }, ...options });
const bobPhone = (options: Partial<PhoneOptions> = {}): Phone => makePhone(BOB, { key: signer(p.bob), certificates: { [ALICE]: p.alice.certificate }, ...options });

let calls = 0;
const newCallId = (): string => `${++calls}a84b4c76e66710@pc33.invalid`;
/** A message as a relay would rewrite one header of it. */
const rewrite = (text: string, name: string, value: string): string => text.replace(new RegExp(`\\r\\n${name}: [^\\r]*`), `\r\n${name}: ${value}`);
const withBranch = (text: string, branch: string): string => text.replace(/;branch=[^\r;]*/, `;branch=${branch}`);

/** Bob's answer to a request he refused himself (the layer answers out of band), or null when he took it. */
async function bobsAnswer(bob: Phone, text: string): Promise<{ status: number; warning: string } | null> {
  const before = bob.outOfBand.length;
  const up = await bob.layer.inbound(text);
  if (up !== null) return null;
  const answer = read(bob.outOfBand[before]!);
  return { status: answer.message.kind === 'response' ? answer.message.status : 0, warning: answer.header('Warning') ?? '' };
}

describe('protected headers of an encrypted MESSAGE', () => {
  it('are sent: the body signs a message/sip-secure part with the outer From, To, Call-ID, CSeq and Date', async () => {
    const alice = alicePhone();
    const out = await alice.layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'hello' }));
    expect(peekHeader(out, 'Date')).toBeDefined();
    const bob = bobPhone();
    expect(read((await bob.layer.inbound(out))!).body).toBe('hello');
    expect(bob.lastProtection(peekHeader(out, 'Call-ID')!)).toEqual({ encrypted: true, verifiedPeer: ALICE });
  });

  const rewrites: [what: string, change: (text: string) => string, reason: RegExp][] = [
    ['the From tag', (t) => rewrite(t, 'From', `"alice" <${ALICE}>;tag=99999`), /./],
    ['the To (another recipient)', (t) => rewrite(t, 'To', '<sip:carol@example.com>'), /./],
    ['the Call-ID', (t) => rewrite(t, 'Call-ID', 'another-call@pc33.invalid'), /./],
    ['the CSeq', (t) => rewrite(t, 'CSeq', '77 MESSAGE'), /./],
    ['the Date', (t) => rewrite(t, 'Date', 'Sat, 13 Nov 2010 23:29:00 GMT'), /./],
  ];
  for (const [what, change, reason] of rewrites) {
    it(`a relay that rewrites ${what}: refused with 403 and the reason, never shown`, async () => {
      const out = await alicePhone().layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'the original' }));
      const answer = await bobsAnswer(bobPhone(), change(out));
      expect(answer?.status).toBe(403);
      expect(answer?.warning).toMatch(reason);
    });
  }

  it('a relay that rewrites the From to another sender: the body is not theirs, so neither the text nor "encrypted" is shown', async () => {
    const bob = bobPhone({ certificates: { [ALICE]: p.alice.certificate, 'sip:carol@example.com': p.alice.certificate } });
    const out = await alicePhone().layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'the original' }));
    const forged = rewrite(out, 'From', '"carol" <sip:carol@example.com>;tag=1928301774');
    const up = await bob.layer.inbound(forged);
    if (up !== null) {
      expect(up).not.toContain('the original');
      expect(bob.lastProtection(peekHeader(out, 'Call-ID')!)).toMatchObject({ encrypted: false });
    } else {
      expect(read(bob.outOfBand.at(-1)!).message).toMatchObject({ kind: 'response' });
    }
  });

  it('a replay (the same message again, with a new branch) is refused; a retransmission (the same branch) is not', async () => {
    const bob = bobPhone();
    const out = await alicePhone().layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'once' }));
    expect(await bobsAnswer(bob, out)).toBeNull();
    expect(await bobsAnswer(bob, out)).toBeNull(); // a retransmission: JsSIP's transaction absorbs it
    const replayed = await bobsAnswer(bob, withBranch(out, 'z9hG4bKreplayed'));
    expect(replayed).toEqual({ status: 403, warning: expect.stringMatching(/replay/) });
  });

  it('a body moved into another message (its Call-ID and CSeq rewritten to fit a new transaction) is refused', async () => {
    const bob = bobPhone();
    const out = await alicePhone().layer.outbound(textMessage({ from: ALICE, to: BOB, callId: newCallId(), body: 'pay 10' }));
    const moved = withBranch(rewrite(rewrite(out, 'Call-ID', 'fresh@pc33.invalid'), 'CSeq', '1 MESSAGE'), 'z9hG4bKmoved');
    expect((await bobsAnswer(bob, moved))?.status).toBe(403);
  });

  it('an older SealPhone\'s body (no attachment) is read as encrypted, with its headers not protected', async () => {
    const bob = bobPhone();
    const callId = newCallId();
    const body = await buildEncryptedMessage('from an older version', { signer: signer(p.alice), recipients: [p.bob.certificate, p.alice.certificate], crypto: globalThis.crypto });
    const text = textMessage({ from: ALICE, to: BOB, callId, body: typeof body.body === 'string' ? body.body : new TextDecoder('latin1').decode(body.body), contentType: body.contentType });
    expect(read((await bob.layer.inbound(text))!).body).toBe('from an older version');
    expect(bob.lastProtection(callId)).toEqual({ encrypted: true, verifiedPeer: ALICE, headersUnprotected: true });
  });
});

describe('protected headers of an encrypted INVITE', () => {
  it('a replayed INVITE (a captured call set up again) is refused with 403', async () => {
    const bob = bobPhone();
    const out = await alicePhone().layer.outbound(invite({ from: ALICE, to: BOB, callId: newCallId(), body: ALICE_SDP }).replace('\r\nCall-ID:', '\r\nX-SealPhone-Protect: encrypt\r\nCall-ID:'));
    expect(await bobsAnswer(bob, out)).toBeNull();
    expect(await bobsAnswer(bob, withBranch(out, 'z9hG4bKagain'))).toEqual({ status: 403, warning: expect.stringMatching(/replay/) });
  });
});
