/**
 * The `sealphone` command as operators and QA run it (a real process), judged by openssl:
 * `cert new` output opens with `openssl x509` and `openssl pkcs8`; `smime encrypt` output opens with
 * `openssl cms -decrypt` then `openssl cms -verify`; openssl's output opens with `smime decrypt`.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/openssl.ts';

const BIN = new URL('../../bin/sealphone.mjs', import.meta.url).pathname;
const w = new Workdir();

function sealphone(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: w.dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]) {
  const r = sealphone(...args);
  if (r.status !== 0) throw new Error(`sealphone ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

const input = 'v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\ns=secret call\r\n' + 'a=x\r\n'.repeat(500);

beforeAll(() => {
  w.write('in.txt', input);
  ok('cert', 'new', '--aor', 'sip:alice@example.test', '--cert-out', 'alice.der', '--key-out', 'alice.p8', '--passphrase', 'alice pw');
  ok('cert', 'new', '--aor', 'sip:bob@example.test', '--cert-out', 'bob.der', '--key-out', 'bob.p8', '--passphrase', 'bob pw', '--rsa');
  w.openssl('x509', '-inform', 'DER', '-in', 'alice.der', '-out', 'alice.pem');
  w.openssl('x509', '-inform', 'DER', '-in', 'bob.der', '-out', 'bob.pem');
  w.openssl('pkcs8', '-inform', 'DER', '-in', 'alice.p8', '-passin', 'pass:alice pw', '-out', 'alice.key');
  w.openssl('pkcs8', '-inform', 'DER', '-in', 'bob.p8', '-passin', 'pass:bob pw', '-out', 'bob.key');
}, 60_000);
afterAll(() => w.cleanup());

describe('sealphone --help', () => {
  it('lists every command and exits 0', () => {
    const r = ok('--help');
    for (const word of ['server', 'cert new', 'smime encrypt', 'smime decrypt']) expect(r.stdout).toContain(word);
  });
  it('works through npx, as the README says', () => {
    const r = spawnSync('npx', ['--no-install', 'sealphone', '--help'], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: sealphone');
  });
  it('rejects an unknown command with exit code 2', () => {
    expect(sealphone('frobnicate').status).toBe(2);
  });
});

describe('sealphone cert new', () => {
  it.each([
    ['alice', 'id-ecPublicKey', 'Key Agreement'],
    ['bob', 'rsaEncryption', 'Key Encipherment'],
  ])('%s: openssl reads the certificate and the key belongs to it', (name, algorithm, usage) => {
    const text = w.openssl('x509', '-in', `${name}.pem`, '-noout', '-text').toString();
    expect(text).toContain(`URI:sip:${name}@example.test`);
    expect(text).toContain('CA:FALSE');
    expect(text).toContain(algorithm);
    expect(text).toContain(usage);
    const fromCert = w.openssl('x509', '-in', `${name}.pem`, '-noout', '-pubkey').toString();
    const fromKey = w.openssl('pkey', '-in', `${name}.key`, '-pubout').toString();
    expect(fromKey).toBe(fromCert);
  });
  it('refuses a key with a wrong passphrase (openssl agrees the blob is protected)', () => {
    expect(w.tryOpenssl('pkcs8', '-inform', 'DER', '-in', 'alice.p8', '-passin', 'pass:nope').status).not.toBe(0);
  });
  it('reports a missing option', () => {
    const r = sealphone('cert', 'new', '--aor', 'sip:x@example.test');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--cert-out is required');
  });
});

describe('sealphone smime encrypt -> openssl', () => {
  it.each([
    ['AES-128-GCM', []],
    ['AES-128-CBC', ['--cbc']],
    ['AES-256-CBC', ['--cipher', 'aes-256-cbc']],
  ])('%s, signed by alice, to bob and alice', (_cipher, flags) => {
    ok('smime', 'encrypt', '--in', 'in.txt', '--out', 'msg.der', '--recip', 'bob.der', '--recip', 'alice.pem',
      '--sign-cert', 'alice.der', '--sign-key', 'alice.p8', '--passphrase', 'alice pw', ...flags);
    for (const reader of ['bob', 'alice']) {
      w.openssl('cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'msg.der', '-recip', `${reader}.pem`, '-inkey', `${reader}.key`, '-out', 'inner.der');
      w.openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'inner.der', '-CAfile', 'alice.pem', '-purpose', 'any', '-out', 'out.txt');
      expect(w.readText('out.txt')).toBe(input);
    }
  });
  it('unsigned, to bob', () => {
    ok('smime', 'encrypt', '--in', 'in.txt', '--out', 'msg.der', '--recip', 'bob.pem');
    w.openssl('cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'msg.der', '-recip', 'bob.pem', '-inkey', 'bob.key', '-out', 'out.txt');
    expect(w.readText('out.txt')).toBe(input);
  });
});

describe('openssl -> sealphone smime decrypt', () => {
  it.each(['-aes-128-gcm', '-aes-128-cbc', '-aes-256-cbc'])('%s, signed by bob, to alice', (flag) => {
    w.openssl('cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER', '-in', 'in.txt', '-signer', 'bob.pem', '-inkey', 'bob.key', '-out', 'signed.der');
    w.openssl('cms', '-encrypt', '-binary', flag, '-outform', 'DER', '-in', 'signed.der', '-recip', 'alice.pem', '-out', 'msg.der');
    const r = ok('smime', 'decrypt', '--in', 'msg.der', '--out', 'out.txt', '--cert', 'alice.der', '--key', 'alice.p8', '--passphrase', 'alice pw', '--signer', 'bob.pem');
    expect(w.readText('out.txt')).toBe(input);
    expect(r.stderr).toContain('signature verified');
  });
  it('accepts PEM keys, clear and encrypted', () => {
    w.openssl('pkcs8', '-topk8', '-in', 'alice.key', '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-passout', 'pass:pem pw', '-out', 'alice.enc.pem');
    w.openssl('cms', '-encrypt', '-binary', '-aes-128-gcm', '-outform', 'DER', '-in', 'in.txt', '-recip', 'alice.pem', '-out', 'msg.der');
    ok('smime', 'decrypt', '--in', 'msg.der', '--out', 'a.txt', '--cert', 'alice.pem', '--key', 'alice.enc.pem', '--passphrase', 'pem pw');
    ok('smime', 'decrypt', '--in', 'msg.der', '--out', 'b.txt', '--cert', 'alice.pem', '--key', 'alice.key');
    expect(w.readText('a.txt')).toBe(input);
    expect(w.readText('b.txt')).toBe(input);
  });
});

describe('sealphone smime decrypt failures: non-zero exit, one line of reason', () => {
  function expectFailure(r: ReturnType<typeof sealphone>, kind: string) {
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(kind);
  }
  beforeAll(() => {
    ok('smime', 'encrypt', '--in', 'in.txt', '--out', 'good.der', '--recip', 'alice.der', '--sign-cert', 'bob.der', '--sign-key', 'bob.p8', '--passphrase', 'bob pw');
  });
  it('the wrong key', () => {
    expectFailure(sealphone('smime', 'decrypt', '--in', 'good.der', '--out', 'x', '--cert', 'bob.der', '--key', 'bob.p8', '--passphrase', 'bob pw'), 'undecipherable');
  });
  it('the wrong passphrase', () => {
    expectFailure(sealphone('smime', 'decrypt', '--in', 'good.der', '--out', 'x', '--cert', 'alice.der', '--key', 'alice.p8', '--passphrase', 'nope'), 'wrong-passphrase');
  });
  it('a tampered message', () => {
    const bytes = w.read('good.der');
    bytes[bytes.length - 40]! ^= 0x01;
    w.write('tampered.der', bytes);
    expectFailure(sealphone('smime', 'decrypt', '--in', 'tampered.der', '--out', 'x', '--cert', 'alice.der', '--key', 'alice.p8', '--passphrase', 'alice pw'), 'undecipherable');
  });
  it('a signer other than the one expected', () => {
    expectFailure(
      sealphone('smime', 'decrypt', '--in', 'good.der', '--out', 'x', '--cert', 'alice.der', '--key', 'alice.p8', '--passphrase', 'alice pw', '--signer', 'alice.der'),
      'untrusted-certificate',
    );
  });
  it('garbage input', () => {
    w.write('garbage.der', 'not a cms message at all');
    const r = sealphone('smime', 'decrypt', '--in', 'garbage.der', '--out', 'x', '--cert', 'alice.der', '--key', 'alice.p8', '--passphrase', 'alice pw');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
