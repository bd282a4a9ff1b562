/**
 * DigestAuthenticator end to end over parsed requests: the challenge it sends, and its verdict on answers computed
 * by an independent client (fakes.ts, node:crypto).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAuthParams } from '../../../src/core/sip/index.ts';
import { DigestAuthenticator, parseDigestAlgorithms, type DigestAuthenticatorOptions } from '../../../server/sip/auth/index.ts';
import type { TransportName } from '../../../server/sip/transport/connection.ts';
import { answerChallenge, DOMAIN, FakeConnection, FakeDirectory, FakeIncoming, PASSWORDS, parseRequest, type ClientAnswer } from './fakes.ts';

let now: number;
let directory: FakeDirectory;

beforeEach(() => {
  now = 1_767_000_000_000;
  directory = new FakeDirectory();
});

function authenticator(options: Partial<DigestAuthenticatorOptions> = {}): DigestAuthenticator {
  return new DigestAuthenticator({ realm: DOMAIN, directory, now: () => now, secret: new Uint8Array(32).fill(1), ...options });
}

function register(extra: string[] = [], uri = `sip:${DOMAIN}`): FakeIncoming {
  return new FakeIncoming(
    parseRequest([
      `REGISTER ${uri} SIP/2.0`,
      'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKnashds7',
      'Max-Forwards: 70',
      `To: <sip:alice@${DOMAIN}>`,
      `From: <sip:alice@${DOMAIN}>;tag=a73kszlfl`,
      'Call-ID: 1j9FpLxk3uxtm8tn@df7jal23ls0d.invalid',
      'CSeq: 2 REGISTER',
      'Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>',
      ...extra,
    ]),
  );
}

function invite(extra: string[] = []): FakeIncoming {
  return new FakeIncoming(
    parseRequest(
      [
        `INVITE sip:bob@${DOMAIN} SIP/2.0`,
        'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds',
        'Max-Forwards: 70',
        `To: <sip:bob@${DOMAIN}>`,
        `From: <sip:alice@${DOMAIN}>;tag=1928301774`,
        'Call-ID: a84b4c76e66710',
        'CSeq: 315 INVITE',
        'Content-Type: application/sdp',
        ...extra,
      ],
      'v=0\r\n',
    ),
  );
}

/** The challenge lines of a fresh 401/407 from `auth`. */
function challengeLines(auth: DigestAuthenticator, proxy = false, stale = false): string[] {
  const incoming = proxy ? invite() : register();
  const response = auth.challenge(incoming, { proxy, stale });
  return response.headers.getAll(proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate');
}

function answer(lines: string[], overrides: Partial<ClientAnswer> = {}): string {
  return answerChallenge(lines, { username: 'alice', password: PASSWORDS.alice!, method: 'REGISTER', uri: `sip:${DOMAIN}`, ...overrides });
}

describe('challenge', () => {
  it('answers REGISTER with 401 and two WWW-Authenticate lines: SHA-256 first, MD5 last, qop="auth" only', () => {
    const incoming = register();
    const response = authenticator().challenge(incoming, { proxy: false });
    expect(response.status).toBe(401);
    expect(incoming.responses).toEqual([response]);
    const lines = response.headers.getAll('WWW-Authenticate');
    expect(lines).toHaveLength(2);
    expect(response.headers.has('Proxy-Authenticate')).toBe(false);
    const [sha, md5] = lines.map((line) => parseAuthParams(line));
    expect(sha!.scheme).toBe('Digest');
    expect(sha!.params.get('algorithm')).toBe('SHA-256');
    expect(md5!.params.get('algorithm')).toBe('MD5');
    for (const c of [sha!, md5!]) {
      expect(c.params.get('realm')).toBe(DOMAIN);
      expect(c.params.get('qop')).toBe('auth');
      expect(c.params.get('opaque')).toMatch(/^[0-9a-f]{32}$/);
      expect(c.params.get('nonce')).toMatch(/^[A-Za-z0-9+/]{64}$/);
      expect(c.params.has('stale')).toBe(false);
    }
    expect(sha!.params.get('nonce')).toBe(md5!.params.get('nonce'));
    expect(lines[0]).toMatch(/^Digest realm="sealphone\.test", nonce="[^"]+", opaque="[0-9a-f]{32}", algorithm=SHA-256, qop="auth"$/);
  });

  it('never offers auth-int, stale or not, 401 or 407', () => {
    const auth = authenticator();
    for (const proxy of [false, true]) {
      for (const stale of [false, true]) {
        for (const line of challengeLines(auth, proxy, stale)) {
          expect(line).not.toMatch(/auth-int/i);
          expect(parseAuthParams(line).params.get('qop')).toBe('auth');
        }
      }
    }
  });

  it('answers with 407 and Proxy-Authenticate for proxied requests, and adds stale=true when asked', () => {
    const incoming = invite();
    const response = authenticator().challenge(incoming, { proxy: true, stale: true });
    expect(response.status).toBe(407);
    expect(response.headers.has('WWW-Authenticate')).toBe(false);
    const lines = response.headers.getAll('Proxy-Authenticate');
    expect(lines.map((l) => parseAuthParams(l).params.get('algorithm'))).toEqual(['SHA-256', 'MD5']);
    for (const line of lines) expect(parseAuthParams(line).params.get('stale')).toBe('true');
  });

  it('issues a new nonce with every challenge', () => {
    const auth = authenticator();
    const nonces = new Set(Array.from({ length: 20 }, () => parseAuthParams(challengeLines(auth)[0]!).params.get('nonce')));
    expect(nonces.size).toBe(20);
  });
});

describe('authenticate', () => {
  for (const algorithm of ['SHA-256', 'MD5'] as const) {
    it(`accepts a right ${algorithm} answer to its challenge (REGISTER, Authorization)`, () => {
      const auth = authenticator();
      const incoming = register([`Authorization: ${answer(challengeLines(auth), { algorithm })}`]);
      expect(auth.authenticate(incoming, { proxy: false })).toEqual({
        ok: true,
        algorithm,
        user: { username: 'alice', domain: DOMAIN, aor: `sip:alice@${DOMAIN}` },
      });
      expect(incoming.responses).toEqual([]);
    });
  }

  it('accepts a right answer to a 407 in Proxy-Authorization, and only there', () => {
    const auth = authenticator();
    const value = answer(challengeLines(auth, true), { method: 'INVITE', uri: `sip:bob@${DOMAIN}` });
    expect(auth.authenticate(invite([`Proxy-Authorization: ${value}`]), { proxy: true })).toMatchObject({ ok: true, user: { username: 'alice' } });
    expect(auth.authenticate(invite([`Authorization: ${value}`]), { proxy: true })).toMatchObject({ ok: false, reason: 'missing', stale: false });
  });

  it('says "missing" for a request without credentials', () => {
    expect(authenticator().authenticate(register(), { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'missing' });
  });

  it('refuses a wrong password (not stale), and the next challenge is an ordinary 401 with a new nonce', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const incoming = register([`Authorization: ${answer(lines, { password: 'guess' })}`]);
    expect(auth.authenticate(incoming, { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'wrong-response' });
    const user = auth.authenticateOrChallenge(incoming, { proxy: false });
    expect(user).toBeNull();
    expect(incoming.response.status).toBe(401);
    const again = incoming.response.headers.getAll('WWW-Authenticate');
    expect(parseAuthParams(again[0]!).params.has('stale')).toBe(false);
    expect(parseAuthParams(again[0]!).params.get('nonce')).not.toBe(parseAuthParams(lines[0]!).params.get('nonce'));
  });

  it('refuses an unknown user the same way', () => {
    const auth = authenticator();
    const incoming = register([`Authorization: ${answer(challengeLines(auth), { username: 'mallory', password: 'x' })}`]);
    expect(auth.authenticate(incoming, { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'unknown-user' });
  });

  it('refuses credentials for another realm, even with the right password for it', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const incoming = register([`Authorization: ${answer(lines, { realm: 'other.test' })}`]);
    expect(auth.authenticate(incoming, { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'wrong-realm' });
  });

  it('takes the credentials for its realm among several lines', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const incoming = register([`Authorization: ${answer(lines, { realm: 'other.test' })}`, `Authorization: ${answer(lines)}`]);
    expect(auth.authenticate(incoming, { proxy: false }).ok).toBe(true);
  });

  it('refuses a replayed nonce-count with stale=true and accepts a higher one', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const first = answer(lines, { nc: 1 });
    expect(auth.authenticate(register([`Authorization: ${first}`]), { proxy: false }).ok).toBe(true);
    expect(auth.authenticate(register([`Authorization: ${first}`]), { proxy: false })).toMatchObject({ ok: false, stale: true, reason: 'replayed' });
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { nc: 3 })}`]), { proxy: false }).ok).toBe(true);
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { nc: 2 })}`]), { proxy: false })).toMatchObject({ ok: false, reason: 'replayed' });
    // The same nonce used by another user has its own count.
    const bob = answerChallenge(lines, { username: 'bob', password: PASSWORDS.bob!, method: 'REGISTER', uri: `sip:${DOMAIN}` });
    expect(auth.authenticate(register([`Authorization: ${bob}`]), { proxy: false }).ok).toBe(true);
  });

  it('gives one verdict per incoming request: asking twice is not a replay', () => {
    const auth = authenticator();
    const incoming = register([`Authorization: ${answer(challengeLines(auth))}`]);
    expect(auth.authenticate(incoming, { proxy: false }).ok).toBe(true);
    expect(auth.authenticate(incoming, { proxy: false }).ok).toBe(true);
  });

  it('answers an expired nonce with a right digest as stale, and challenges again with stale=true', () => {
    const auth = authenticator({ nonceLifetimeMs: 300_000 });
    const lines = challengeLines(auth);
    now += 300_001;
    const incoming = register([`Authorization: ${answer(lines)}`]);
    expect(auth.authenticate(incoming, { proxy: false })).toMatchObject({ ok: false, stale: true, reason: 'stale-nonce' });
    expect(auth.authenticateOrChallenge(incoming, { proxy: false })).toBeNull();
    const fresh = incoming.response.headers.getAll('WWW-Authenticate');
    expect(fresh.map((l) => parseAuthParams(l).params.get('stale'))).toEqual(['true', 'true']);
    // The client retries on the new nonce and gets in.
    expect(auth.authenticate(register([`Authorization: ${answer(fresh)}`]), { proxy: false }).ok).toBe(true);
  });

  it('does not say stale for an expired nonce with a wrong digest', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    now += 600_000;
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { password: 'guess' })}`]), { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'wrong-response' });
  });

  it('rejects forged nonces: made up, tampered with, or from another secret', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const real = parseAuthParams(lines[0]!).params.get('nonce')!;
    const bytes = Buffer.from(real, 'base64');
    bytes.writeBigUInt64BE(BigInt(now + 3_600_000), 0); // pushes its expiry an hour out
    const forged = [Buffer.alloc(48, 9).toString('base64'), bytes.toString('base64'), 'bm9uY2U=', parseAuthParams(challengeLines(authenticator({ secret: new Uint8Array(32).fill(2) }))[0]!).params.get('nonce')!];
    for (const nonce of forged) {
      // A right digest over the forged nonce: the client knows the password, so it may retry (stale=true) but is not let in.
      expect(auth.authenticate(register([`Authorization: ${answer(lines, { nonce })}`]), { proxy: false })).toMatchObject({ ok: false, stale: true, reason: 'invalid-nonce' });
      expect(auth.authenticate(register([`Authorization: ${answer(lines, { nonce, password: 'guess' })}`]), { proxy: false })).toMatchObject({ ok: false, stale: false });
    }
  });

  it('rejects an opaque it did not send, and accepts credentials without opaque', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { opaque: 'abc' })}`]), { proxy: false })).toMatchObject({ ok: false, reason: 'invalid-nonce' });
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { opaque: null, nc: 2 })}`]), { proxy: false }).ok).toBe(true);
  });

  it('checks the digest-uri against the Request-URI, tolerating equivalent spellings (RFC 7616 3.4.6)', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { uri: `sip:bob@${DOMAIN}` })}`]), { proxy: false })).toMatchObject({ ok: false, stale: false, reason: 'uri-mismatch' });
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { uri: 'sip:SEALPHONE.test' })}`]), { proxy: false }).ok).toBe(true);
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { uri: `sip:${DOMAIN}`, nc: 2 })}`], 'sip:SealPhone.Test'), { proxy: false }).ok).toBe(true);
    expect(auth.authenticate(register([`Authorization: ${answer(lines, { uri: 'not a uri' })}`]), { proxy: false })).toMatchObject({ reason: 'uri-mismatch' });
  });

  it('refuses auth-int, missing qop, other algorithms and userhash as unsupported', () => {
    const auth = authenticator();
    const lines = challengeLines(auth);
    const good = answer(lines);
    const cases = [
      good.replace('qop=auth', 'qop=auth-int'),
      good.replace(', qop=auth', ''),
      good.replace('algorithm=SHA-256', 'algorithm=SHA-512-256'),
      good.replace('algorithm=SHA-256', 'algorithm=MD5-sess'),
      `${good}, userhash=true`,
    ];
    for (const value of cases) expect(auth.authenticate(register([`Authorization: ${value}`]), { proxy: false }), value).toMatchObject({ ok: false, stale: false, reason: 'unsupported' });
  });

  it('refuses malformed credentials', () => {
    const auth = authenticator();
    const good = answer(challengeLines(auth));
    const cases = [
      'Digest username="alice", realm="sealphone.test"',
      'Digest realm="sealphone.test", ,, username="unterminated',
      good.replace('nc=00000001', 'nc=1'),
      good.replace('nc=00000001', 'nc=00000000'),
      good.replace(/, cnonce="[^"]*"/, ''),
      good.replace(/response="[^"]*"/, 'response=""'),
    ];
    for (const value of cases) expect(auth.authenticate(register([`Authorization: ${value}`]), { proxy: false }), value).toMatchObject({ ok: false, stale: false, reason: 'malformed' });
    expect(auth.authenticate(register(['Authorization: Basic YWxpY2U6c2VjcmV0']), { proxy: false })).toMatchObject({ reason: 'missing' });
  });

});

describe('guessing limits (issue 15 defect 4)', () => {
  const from = (transport: TransportName, remoteAddress: string): FakeConnection => Object.assign(new FakeConnection(transport), { remoteAddress });
  function attemptWith(auth: DigestAuthenticator, connection: FakeConnection, username: string, password: string): ReturnType<DigestAuthenticator['authenticate']> {
    const incoming = new FakeIncoming(register([`Authorization: ${answer(challengeLines(auth), { username, password })}`]).request, connection);
    return auth.authenticate(incoming, { proxy: false });
  }

  it('locks a username after its free failures, whatever connection or address they come from, with a doubling back-off', () => {
    const auth = authenticator({ failureLimits: { user: { freeFailures: 3, firstLockMs: 1000, maxLockMs: 4000 } } });
    const fresh = (n: number): FakeConnection => from('TCP', `192.0.2.${n}`);
    for (let n = 1; n <= 3; n++) expect(attemptWith(auth, fresh(n), 'alice', 'guess')).toMatchObject({ ok: false, reason: 'wrong-response' });
    // Locked: even the right password is refused unchecked, from anywhere.
    expect(attemptWith(auth, fresh(4), 'alice', PASSWORDS.alice!)).toMatchObject({ ok: false, reason: 'rate-limited', retryAfter: 1 });
    expect(attemptWith(auth, fresh(5), 'bob', PASSWORDS.bob!).ok).toBe(true); // another user is not affected
    now += 1000;
    expect(attemptWith(auth, fresh(6), 'alice', 'guess')).toMatchObject({ reason: 'wrong-response' });
    expect(attemptWith(auth, fresh(7), 'alice', PASSWORDS.alice!)).toMatchObject({ reason: 'rate-limited', retryAfter: 2 });
    now += 2000;
    expect(attemptWith(auth, fresh(8), 'alice', 'guess')).toMatchObject({ reason: 'wrong-response' });
    now += 4000;
    expect(attemptWith(auth, fresh(9), 'alice', 'guess')).toMatchObject({ reason: 'wrong-response' });
    expect(attemptWith(auth, fresh(10), 'alice', PASSWORDS.alice!)).toMatchObject({ reason: 'rate-limited', retryAfter: 4 }); // at most maxLockMs
    now += 4000;
    expect(attemptWith(auth, fresh(11), 'alice', PASSWORDS.alice!).ok).toBe(true);
  });

  it('locks an unknown username the same way, so a lock does not tell whether the user exists', () => {
    const auth = authenticator({ failureLimits: { user: { freeFailures: 2 } } });
    for (const name of ['alice', 'nobody']) {
      for (let n = 0; n < 2; n++) expect(attemptWith(auth, from('TCP', `198.51.100.${n}`), name, 'guess').ok).toBe(false);
      expect(attemptWith(auth, from('TCP', '198.51.100.9'), name, 'guess')).toMatchObject({ reason: 'rate-limited', retryAfter: 1 });
    }
  });

  it('locks a source address after its free failures across usernames; IPv6 by /64; other addresses go on', () => {
    const auth = authenticator({ failureLimits: { address: { freeFailures: 3 } } });
    for (const name of ['alice', 'bob', 'nobody']) expect(attemptWith(auth, from('UDP', '2001:db8:1:2::10'), name, 'guess').ok).toBe(false);
    expect(attemptWith(auth, from('TCP', '2001:db8:1:2:ffff::1'), 'bob', PASSWORDS.bob!)).toMatchObject({ reason: 'rate-limited', retryAfter: 1 });
    expect(attemptWith(auth, from('TCP', '2001:db8:1:3::10'), 'bob', PASSWORDS.bob!).ok).toBe(true);
    expect(attemptWith(auth, from('TCP', '::ffff:192.0.2.1'), 'bob', PASSWORDS.bob!).ok).toBe(true);
  });

  it('does not lock a user out of an address she logged in from over a connection (not UDP)', () => {
    const auth = authenticator({ failureLimits: { user: { freeFailures: 2 } } });
    expect(attemptWith(auth, from('WS', '203.0.113.5'), 'alice', PASSWORDS.alice!).ok).toBe(true);
    for (let n = 0; n < 2; n++) attemptWith(auth, from('TCP', '192.0.2.66'), 'alice', 'guess');
    expect(attemptWith(auth, from('TCP', '192.0.2.67'), 'alice', PASSWORDS.alice!)).toMatchObject({ reason: 'rate-limited' });
    expect(attemptWith(auth, from('WSS', '203.0.113.5'), 'alice', PASSWORDS.alice!).ok).toBe(true);
    expect(attemptWith(auth, from('UDP', '203.0.113.5'), 'alice', PASSWORDS.alice!)).toMatchObject({ reason: 'rate-limited' });
  });

  it('logs each lock and, once per interval, the failure counters', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log = pino({ level: 'info' }, sink);
    const auth = authenticator({ log, failureLimits: { user: { freeFailures: 2 }, reportIntervalMs: 60_000 } });
    const connection = from('TCP', '192.0.2.1');
    attemptWith(auth, connection, 'alice', 'guess');
    attemptWith(auth, connection, 'alice', 'guess');
    attemptWith(auth, connection, 'alice', 'guess');
    now += 60_000;
    attemptWith(auth, connection, 'bob', 'guess');
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      expect(lines.filter((l) => l.msg === 'authentication locked after failures')).toEqual([expect.objectContaining({ level: 40, limit: 'user', key: 'alice', failures: 2, lockMs: 1000 })]);
      expect(lines.filter((l) => l.msg === 'authentication failure counters')).toEqual([expect.objectContaining({ level: 30, failures: 3, refused: 1, locks: 1, lockedUsers: 0, lockedAddresses: 0, seconds: 60 })]);
    });
  });
});

describe('authenticateOrChallenge', () => {
  it('challenges a request without credentials, and takes the connection-bound user when the stack set one', () => {
    const auth = authenticator();
    const bare = register();
    expect(auth.authenticateOrChallenge(bare, { proxy: false })).toBeNull();
    expect(bare.response.status).toBe(401);

    const alice = { username: 'alice', domain: DOMAIN, aor: `sip:alice@${DOMAIN}` };
    const bound = new FakeIncoming(register().request, new FakeConnection(), alice);
    expect(auth.authenticateOrChallenge(bound, { proxy: false })).toBe(alice);
    expect(bound.responses).toEqual([]);

    // Wrong credentials on an authenticated connection are still challenged.
    const wrong = new FakeIncoming(register([`Authorization: ${answer(challengeLines(auth), { password: 'guess' })}`]).request, new FakeConnection(), alice);
    expect(auth.authenticateOrChallenge(wrong, { proxy: false })).toBeNull();
    expect(wrong.response.status).toBe(401);
  });

  it('answers 407 for proxied requests and 403 with Retry-After once locked, also from challenge (the proxy path)', () => {
    const auth = authenticator({ failureLimits: { user: { freeFailures: 1, firstLockMs: 30_000, maxLockMs: 30_000 } } });
    const first = invite();
    expect(auth.authenticateOrChallenge(first, { proxy: true })).toBeNull();
    expect(first.response.status).toBe(407);
    const connection = new FakeConnection();
    const value = answer(challengeLines(auth, true), { method: 'INVITE', uri: `sip:bob@${DOMAIN}`, password: 'guess' });
    const wrong = new FakeIncoming(invite([`Proxy-Authorization: ${value}`]).request, connection);
    expect(auth.authenticateOrChallenge(wrong, { proxy: true })).toBeNull();
    expect(wrong.response.status).toBe(407);
    const again = new FakeIncoming(invite([`Proxy-Authorization: ${value}`]).request, connection);
    expect(auth.authenticateOrChallenge(again, { proxy: true })).toBeNull();
    expect(again.response.status).toBe(403);
    expect(again.response.headers.get('Retry-After')).toBe('30');
    expect(again.response.headers.has('Proxy-Authenticate')).toBe(false);
    // The stack asks authenticate, the proxy then calls challenge: the same 403.
    const proxied = new FakeIncoming(invite([`Proxy-Authorization: ${value}`]).request, connection);
    expect(auth.authenticate(proxied, { proxy: true })).toMatchObject({ reason: 'rate-limited', retryAfter: 30 });
    expect(auth.challenge(proxied, { proxy: true })).toMatchObject({ status: 403 });
    expect(proxied.response.headers.get('Retry-After')).toBe('30');
  });
});

describe('the algorithms offered (--digest-algorithms, issue 18 item 2)', () => {
  it('challenges with the given algorithms in the given order', () => {
    const algorithms = (lines: string[]) => lines.map((l) => parseAuthParams(l).params.get('algorithm'));
    expect(algorithms(challengeLines(authenticator({ algorithms: ['MD5', 'SHA-256'] })))).toEqual(['MD5', 'SHA-256']);
    expect(algorithms(challengeLines(authenticator({ algorithms: ['MD5'] }), true))).toEqual(['MD5']);
  });
  it('accepts only an algorithm it offers', () => {
    const md5Only = authenticator({ algorithms: ['MD5'] });
    const offered = challengeLines(md5Only);
    // A client that computes SHA-256 anyway (with the same nonce) is refused, unchecked, as unsupported.
    const sha = answer([offered[0]!.replace('algorithm=MD5', 'algorithm=SHA-256')]);
    const result = md5Only.authenticate(register([`Authorization: ${sha}`]), { proxy: false });
    expect(result).toMatchObject({ ok: false, reason: 'unsupported' });
    const md5 = answer(offered, { algorithm: 'MD5' });
    expect(md5Only.authenticate(register([`Authorization: ${md5}`]), { proxy: false }).ok).toBe(true);
  });
  it('reads the option: names in any case, no unknown or repeated one, not empty', () => {
    expect(parseDigestAlgorithms('md5, sha-256')).toEqual(['MD5', 'SHA-256']);
    expect(() => parseDigestAlgorithms('SHA-512-256')).toThrow(/not a digest algorithm/);
    expect(() => parseDigestAlgorithms('MD5,md5')).toThrow(/twice/);
    expect(() => parseDigestAlgorithms(' , ')).toThrow(/no digest algorithm/);
  });
});
