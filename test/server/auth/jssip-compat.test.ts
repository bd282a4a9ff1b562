/**
 * The compatibility that matters: JsSIP 3.13.8's own code reads our challenge and answers it, and we accept the
 * answer. Our 401/407 is serialized, parsed by JsSIP's Parser (which keeps only the last WWW-Authenticate line, the
 * MD5 one, since it speaks nothing else), answered by jssip/lib/DigestAuthentication, and the Authorization it writes
 * goes back into a request that our DigestAuthenticator checks.
 */
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { serializeSipMessage, type SipResponse } from '../../../src/core/sip/index.ts';
import { DigestAuthenticator } from '../../../server/sip/auth/index.ts';
import { DOMAIN, FakeDirectory, FakeIncoming, PASSWORDS, parseRequest } from './fakes.ts';

/** What JsSIP's grammar makes of a WWW-Authenticate / Proxy-Authenticate value. */
interface JsSipChallenge {
  realm?: string;
  nonce?: string;
  opaque?: string;
  algorithm?: string;
  qop?: string[];
  stale?: boolean;
}

interface JsSipDigestAuthentication {
  authenticate(request: { method: string; ruri: string; body?: string }, challenge: JsSipChallenge, cnonce?: string | null): boolean;
  toString(): string;
}

interface JsSipIncomingResponse {
  status_code: number;
  parseHeader(name: string): JsSipChallenge | undefined;
  getHeaders(name: string): string[];
}

const require = createRequire(import.meta.url);
const DigestAuthentication = require('jssip/lib/DigestAuthentication') as new (credentials: { username: string; password?: string; ha1?: string; realm?: string }) => JsSipDigestAuthentication;
const Parser = require('jssip/lib/Parser') as { parseMessage(data: string, ua: unknown): JsSipIncomingResponse | undefined };

let now: number;
let auth: DigestAuthenticator;

beforeEach(() => {
  now = 1_767_000_000_000;
  auth = new DigestAuthenticator({ realm: DOMAIN, directory: new FakeDirectory(), now: () => now });
});

function registerLines(cseq: number, extra: string[] = []): string[] {
  return [
    `REGISTER sip:${DOMAIN} SIP/2.0`,
    'Via: SIP/2.0/WSS 3ar1mi2ofvdv.invalid;branch=z9hG4bK8227917',
    'Max-Forwards: 69',
    `To: <sip:alice@${DOMAIN}>`,
    `From: <sip:alice@${DOMAIN}>;tag=4hh5v1kq2t`,
    'Call-ID: ptb0oa5pv0pfc8tuspf9f8',
    `CSeq: ${cseq} REGISTER`,
    'Contact: <sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:7f4b4c2a-42d0-4bd4-a1c4-9e33c6d9b2f1>";expires=600',
    'Expires: 600',
    'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
    'Supported: path,gruu,outbound',
    'User-Agent: JsSIP 3.13.8',
    ...extra,
  ];
}

/** Our response as JsSIP receives it off the wire. */
function asJsSip(response: SipResponse): JsSipIncomingResponse {
  const parsed = Parser.parseMessage(new TextDecoder().decode(serializeSipMessage(response)), null);
  if (!parsed) throw new Error('JsSIP could not parse our response');
  return parsed;
}

describe('JsSIP DigestAuthentication against our challenges', () => {
  it('registers: JsSIP picks the MD5 challenge with qop=auth, and we accept its Authorization', () => {
    const first = new FakeIncoming(parseRequest(registerLines(1)));
    expect(auth.authenticateOrChallenge(first, { proxy: false })).toBeNull();
    const response = asJsSip(first.response);
    expect(response.status_code).toBe(401);
    const challenge = response.parseHeader('www-authenticate');
    expect(challenge).toMatchObject({ realm: DOMAIN, algorithm: 'MD5', qop: ['auth'] });
    expect(challenge?.stale).toBeUndefined();

    const digest = new DigestAuthentication({ username: 'alice', password: PASSWORDS.alice! });
    expect(digest.authenticate({ method: 'REGISTER', ruri: `sip:${DOMAIN}`, body: '' }, challenge!)).toBe(true);
    const authorization = digest.toString();
    expect(authorization).toContain('qop=auth,');
    expect(authorization).not.toContain('auth-int');

    const second = new FakeIncoming(parseRequest(registerLines(2, [`Authorization: ${authorization}`])));
    expect(auth.authenticate(second, { proxy: false })).toEqual({ ok: true, algorithm: 'MD5', user: { username: 'alice', domain: DOMAIN, aor: `sip:alice@${DOMAIN}` } });
  });

  it('sends a MESSAGE with a body through a 407: qop=auth, so the body does not enter the digest', () => {
    const lines = [
      `MESSAGE sip:bob@${DOMAIN} SIP/2.0`,
      'Via: SIP/2.0/WSS 3ar1mi2ofvdv.invalid;branch=z9hG4bK5527991',
      'Max-Forwards: 69',
      `To: <sip:bob@${DOMAIN}>`,
      `From: <sip:alice@${DOMAIN}>;tag=o8a2m4d9c1`,
      'Call-ID: 1j1qafkd4k3v0b8mp2he',
      'CSeq: 7419 MESSAGE',
      'Content-Type: text/plain',
    ];
    const first = new FakeIncoming(parseRequest(lines, 'hello'));
    expect(auth.authenticateOrChallenge(first, { proxy: true })).toBeNull();
    const challenge = asJsSip(first.response).parseHeader('proxy-authenticate');
    expect(challenge).toMatchObject({ algorithm: 'MD5', qop: ['auth'] });

    const digest = new DigestAuthentication({ username: 'alice', password: PASSWORDS.alice! });
    expect(digest.authenticate({ method: 'MESSAGE', ruri: `sip:bob@${DOMAIN}`, body: 'hello' }, challenge!)).toBe(true);
    // An edge that re-encodes the body changes nothing we check.
    const retried = new FakeIncoming(parseRequest([...lines.slice(0, 6), 'CSeq: 7420 MESSAGE', 'Content-Type: text/plain', `Proxy-Authorization: ${digest.toString()}`], 'hello, re-encoded'));
    expect(auth.authenticate(retried, { proxy: true })).toMatchObject({ ok: true, user: { username: 'alice' } });
  });

  it('retries on its own after stale=true and gets in', () => {
    const first = new FakeIncoming(parseRequest(registerLines(1)));
    auth.challenge(first, { proxy: false });
    const digest = new DigestAuthentication({ username: 'alice', password: PASSWORDS.alice! });
    digest.authenticate({ method: 'REGISTER', ruri: `sip:${DOMAIN}` }, asJsSip(first.response).parseHeader('www-authenticate')!);
    now += 10 * 60_000; // the nonce has expired by the time the answer arrives

    const late = new FakeIncoming(parseRequest(registerLines(2, [`Authorization: ${digest.toString()}`])));
    expect(auth.authenticateOrChallenge(late, { proxy: false })).toBeNull();
    const stale = asJsSip(late.response).parseHeader('www-authenticate');
    // JsSIP's RequestSender retries once more when the challenge says stale (RequestSender.js _receiveResponse).
    expect(stale?.stale).toBe(true);
    expect(digest.authenticate({ method: 'REGISTER', ruri: `sip:${DOMAIN}` }, stale!)).toBe(true);
    const retry = new FakeIncoming(parseRequest(registerLines(3, [`Authorization: ${digest.toString()}`])));
    expect(auth.authenticate(retry, { proxy: false }).ok).toBe(true);
  });

  it('works with JsSIP configured with ha1 and realm instead of a password', () => {
    const first = new FakeIncoming(parseRequest(registerLines(1)));
    auth.challenge(first, { proxy: false });
    const ha1 = new FakeDirectory().getUser('alice', DOMAIN)!.ha1Md5;
    const digest = new DigestAuthentication({ username: 'alice', ha1, realm: DOMAIN });
    expect(digest.authenticate({ method: 'REGISTER', ruri: `sip:${DOMAIN}` }, asJsSip(first.response).parseHeader('www-authenticate')!)).toBe(true);
    const second = new FakeIncoming(parseRequest(registerLines(2, [`Authorization: ${digest.toString()}`])));
    expect(auth.authenticate(second, { proxy: false }).ok).toBe(true);
  });

  it('a wrong password from JsSIP gets a fresh, non-stale challenge (JsSIP then reports the failure)', () => {
    const first = new FakeIncoming(parseRequest(registerLines(1)));
    auth.challenge(first, { proxy: false });
    const digest = new DigestAuthentication({ username: 'alice', password: 'wrong' });
    digest.authenticate({ method: 'REGISTER', ruri: `sip:${DOMAIN}` }, asJsSip(first.response).parseHeader('www-authenticate')!);
    const second = new FakeIncoming(parseRequest(registerLines(2, [`Authorization: ${digest.toString()}`])));
    expect(auth.authenticateOrChallenge(second, { proxy: false })).toBeNull();
    expect(asJsSip(second.response).parseHeader('www-authenticate')?.stale).toBeUndefined();
  });
});
