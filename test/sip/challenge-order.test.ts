/** md5ChallengesLast against JsSIP's own parser: JsSIP must find the MD5 challenge whatever order the server chose. */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { md5ChallengesLast } from '../../src/sip/challenge-order.ts';

const line = (algorithm: string, header = 'WWW-Authenticate') => `${header}: Digest realm="sealphone.test", nonce="n1", opaque="o", algorithm=${algorithm}, qop="auth"`;

function response(status: string, challenges: string[]): string {
  return [`SIP/2.0 ${status}`, 'Via: SIP/2.0/WSS a.invalid;branch=z9hG4bK1', 'From: <sip:alice@sealphone.test>;tag=1', 'To: <sip:alice@sealphone.test>;tag=2', 'Call-ID: c1', 'CSeq: 1 REGISTER', ...challenges, 'Content-Length: 0', '', ''].join('\r\n');
}

const require = createRequire(import.meta.url);
const Parser = require('jssip/lib/Parser') as { parseMessage(data: string, ua: unknown): { parseHeader(name: string): { algorithm?: string } | undefined } | undefined };

/** The algorithm of the challenge JsSIP's own Parser keeps (absent: MD5). */
function jssipAnswers(wire: string, header: string): string | undefined {
  const challenge = Parser.parseMessage(wire, {})?.parseHeader(header.toLowerCase());
  return challenge ? (challenge.algorithm ?? 'MD5') : undefined;
}

describe('md5ChallengesLast', () => {
  it('moves MD5 after SHA-256 when a server offers MD5 first (--digest-algorithms MD5,SHA-256)', () => {
    const wire = response('401 Unauthorized', [line('MD5'), line('SHA-256')]);
    expect(jssipAnswers(wire, 'WWW-Authenticate')).toBe('SHA-256'); // what JsSIP would refuse
    const out = md5ChallengesLast(wire);
    expect(jssipAnswers(out, 'WWW-Authenticate')).toBe('MD5');
    expect(out.split('\r\n').slice(0, 6)).toEqual(wire.split('\r\n').slice(0, 6));
    expect(out.length).toBe(wire.length);
  });
  it('treats a challenge without algorithm as MD5 (RFC 2617 section 3.2.1)', () => {
    const md5 = 'Proxy-Authenticate: Digest realm="r", nonce="n", qop="auth"';
    const out = md5ChallengesLast(response('407 Proxy Authentication Required', [md5, line('SHA-256', 'Proxy-Authenticate')]));
    const lines = out.split('\r\n');
    expect(lines.indexOf(md5)).toBeGreaterThan(lines.indexOf(line('SHA-256', 'Proxy-Authenticate')));
  });
  it('leaves the default order, other responses and requests alone', () => {
    const ours = response('401 Unauthorized', [line('SHA-256'), line('MD5')]);
    expect(md5ChallengesLast(ours)).toBe(ours);
    const ok = response('200 OK', [line('MD5'), line('SHA-256')]);
    expect(md5ChallengesLast(ok)).toBe(ok);
    const request = 'MESSAGE sip:bob@x SIP/2.0\r\nWWW-Authenticate: Digest algorithm=MD5\r\nWWW-Authenticate: Digest algorithm=SHA-256\r\n\r\n';
    expect(md5ChallengesLast(request)).toBe(request);
  });
});
