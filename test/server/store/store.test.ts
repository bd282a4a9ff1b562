import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreError, digestHa1, openStore, type Store } from '../../../server/store/index.ts';

let dir: string;
let file: string;
let clock: number;
const open = (): Store => openStore(file, { now: () => clock });
const opened: Store[] = [];
function track(store: Store): Store {
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealphone-store-'));
  file = join(dir, 'nested', 'sealphone.db');
  clock = 1_767_000_000_000;
});
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

const H = (algorithm: string, text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex');

describe('digestHa1', () => {
  // RFC 7616 section 3.9.1: the responses of its example, computed from our HA1.
  it.each([
    { algorithm: 'MD5' as const, hash: 'md5', response: '8ca523f5e9506fed4657c9700eebdbec' },
    { algorithm: 'SHA-256' as const, hash: 'sha256', response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1' },
  ])('gives the RFC 7616 example response ($algorithm)', ({ algorithm, hash, response }) => {
    const ha1 = digestHa1(algorithm, 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    const ha2 = H(hash, 'GET:/dir/index.html');
    const nonce = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
    const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
    expect(H(hash, `${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`)).toBe(response);
  });

  it('gives the RFC 2617 example HA1 (MD5)', () => {
    expect(digestHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
  });
});

describe('users', () => {
  it('adds, reads, lists and removes; HA1 = H(username:domain:password)', () => {
    const store = track(open());
    const alice = store.addUser('alice', 'Example.TEST', 'pä55 word');
    expect(alice).toEqual({
      username: 'alice',
      domain: 'example.test',
      ha1Md5: H('md5', 'alice:example.test:pä55 word'),
      ha1Sha256: H('sha256', 'alice:example.test:pä55 word'),
      createdAt: clock,
    });
    clock += 1000;
    store.addUser('bob', 'example.test', 'b');
    store.addUser('carol', 'a.test', 'c');
    expect(store.getUser('alice', 'EXAMPLE.test')).toEqual(alice);
    expect(store.getUser('Alice', 'example.test')).toBeUndefined(); // the user part is case-sensitive
    expect(store.listUsers().map((u) => `${u.username}@${u.domain}`)).toEqual(['carol@a.test', 'alice@example.test', 'bob@example.test']);
    expect(store.removeUser('bob', 'example.test')).toBe(true);
    expect(store.removeUser('bob', 'example.test')).toBe(false);
    expect(store.getUser('bob', 'example.test')).toBeUndefined();
  });

  it('refuses a second add unless replace, which resets the password and keeps createdAt', () => {
    const store = track(open());
    const first = store.addUser('alice', 'example.test', 'one');
    expect(storeError(() => store.addUser('alice', 'example.test', 'two')).code).toBe('exists');
    expect(store.getUser('alice', 'example.test')).toEqual(first);
    clock += 5000;
    const reset = store.addUser('alice', 'example.test', 'two', { replace: true });
    expect(reset).toEqual({ ...first, ha1Md5: H('md5', 'alice:example.test:two'), ha1Sha256: H('sha256', 'alice:example.test:two') });
  });

  it.each(['a@b', 'a b', 'a\u0001b', 'a\tb', '', 'a;b', 'a?b', 'al%41ce', 'x'.repeat(65), 'ä', 'a:b'])('refuses the username %j', (username) => {
    expect(storeError(() => track(open()).addUser(username, 'example.test', 'pw')).code).toBe('invalid');
  });

  it.each(['', 'a b', 'exa_mple.test', 'a@b.test', '-x.test', 'x'.repeat(254)])('refuses the domain %j', (domain) => {
    expect(storeError(() => track(open()).addUser('alice', domain, 'pw')).code).toBe('invalid');
  });

  it('accepts RFC 3261 user characters', () => {
    const store = track(open());
    expect(store.addUser("a-b_c.d!e~f*g'h(i)j&k=l+m$n,o/p", 'x.test', 'pw').username).toBe("a-b_c.d!e~f*g'h(i)j&k=l+m$n,o/p");
    expect(store.addUser('alice', '192.0.2.1', 'pw').domain).toBe('192.0.2.1');
  });

  it('refuses an empty password', () => {
    expect(storeError(() => track(open()).addUser('alice', 'example.test', '')).code).toBe('invalid');
  });

  it('never stores the password: not in the database, nor in its WAL, open or closed', () => {
    const password = 'Correct-Horse-Battery-Staple-7Q';
    const store = open();
    store.addUser('alice', 'example.test', password);
    store.addUser('bob', 'example.test', 'x', { replace: false });
    store.addUser('bob', 'example.test', password, { replace: true });
    const files = () => [file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f));
    const contains = (needle: string) => files().some((bytes) => bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le')));
    expect(contains('alice')).toBe(true); // the search works: what is stored is found
    expect(contains(password)).toBe(false);
    store.close();
    expect(contains(password)).toBe(false);
  });
});

describe('credentials', () => {
  const certificate = Uint8Array.from([0x30, 0x82, 0x01, 0x00, 1, 2, 3]);
  const encryptedKey = Uint8Array.from([0x30, 0x81, 0x80, 9, 9, 9]);

  it('puts and gets, with and without the encrypted key; versions grow', () => {
    const store = track(open());
    const first = store.putCredential({ aor: 'sip:alice@Example.Test', certificate, encryptedKey, etag: 'e1', expiresAt: clock + 3600_000 });
    expect(first).toEqual({ aor: 'sip:alice@example.test', certificate, encryptedKey, etag: 'e1', expiresAt: clock + 3600_000, updatedAt: clock, version: 1 });
    expect(store.getCredential('sip:alice@example.test')).toEqual(first);
    clock += 10;
    const second = store.putCredential({ aor: 'sip:alice@example.test', certificate: certificate.subarray(1), etag: 'e2', expiresAt: clock + 60_000 });
    expect(second).toEqual({ aor: 'sip:alice@example.test', certificate: certificate.subarray(1), etag: 'e2', expiresAt: clock + 60_000, updatedAt: clock, version: 2 });
    expect(store.getCredential('sip:alice@EXAMPLE.test')).toEqual(second);
    expect('encryptedKey' in store.getCredential('sip:alice@example.test')!).toBe(false);
    expect(store.getCredential('sip:bob@example.test')).toBeUndefined();
    expect(store.getCredential('not an aor')).toBeUndefined();
  });

  it('removes (revocation) with a new version, and versions never repeat after a new put', () => {
    const store = track(open());
    store.putCredential({ aor: 'sip:alice@example.test', certificate, etag: 'e1', expiresAt: clock + 1000 });
    expect(store.removeCredential('sip:alice@example.test')).toEqual({ aor: 'sip:alice@example.test', version: 2 });
    expect(store.removeCredential('sip:alice@example.test')).toBeUndefined();
    expect(store.removeCredential('nonsense')).toBeUndefined();
    expect(store.getCredential('sip:alice@example.test')).toBeUndefined();
    expect(store.putCredential({ aor: 'sip:alice@example.test', certificate, etag: 'e3', expiresAt: clock + 1000 }).version).toBe(3);
  });

  it('hides and expires credentials whose expiresAt has passed', () => {
    const store = track(open());
    store.putCredential({ aor: 'sip:a@x.test', certificate, etag: 'a', expiresAt: clock + 1000 });
    store.putCredential({ aor: 'sip:b@x.test', certificate, etag: 'b', expiresAt: clock + 2000 });
    store.putCredential({ aor: 'sip:c@x.test', certificate, etag: 'c', expiresAt: clock + 3000 });
    expect(store.nextCredentialExpiry()).toBe(clock + 1000);
    clock += 2000;
    expect(store.getCredential('sip:a@x.test')).toBeUndefined();
    expect(store.getCredential('sip:b@x.test')).toBeUndefined(); // expiresAt <= now is expired
    expect(store.getCredential('sip:c@x.test')?.etag).toBe('c');
    expect(store.getCredential('sip:b@x.test', clock - 1)?.etag).toBe('b');
    expect(store.expireCredentials()).toEqual(['sip:a@x.test', 'sip:b@x.test']);
    expect(store.expireCredentials()).toEqual([]);
    expect(store.nextCredentialExpiry()).toBe(clock + 1000);
    expect(store.putCredential({ aor: 'sip:a@x.test', certificate, etag: 'a2', expiresAt: clock + 1000 }).version).toBe(3);
  });

  it.each([
    { name: 'AOR without user', change: { aor: 'sip:example.test' } },
    { name: 'AOR with parameters', change: { aor: 'sip:alice@example.test;transport=ws' } },
    { name: 'empty certificate', change: { certificate: new Uint8Array(0) } },
    { name: 'etag with a space', change: { etag: 'a b' } },
    { name: 'empty etag', change: { etag: '' } },
    { name: 'fractional expiry', change: { expiresAt: 1.5 } },
    { name: 'NaN expiry', change: { expiresAt: Number.NaN } },
  ])('refuses $name', ({ change }) => {
    const store = track(open());
    expect(storeError(() => store.putCredential({ aor: 'sip:alice@example.test', certificate, etag: 'e', expiresAt: clock + 1, ...change })).code).toBe('invalid');
  });
});

describe('files and restarts', () => {
  it('creates the folder and a 0600 WAL database', () => {
    track(open()).addUser('alice', 'example.test', 'pw');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: SCHEMA_VERSION }]);
    } finally {
      raw.close();
    }
  });

  it('keeps users and credentials across a restart; a removed credential stays removed', () => {
    const certificate = Uint8Array.from([0x30, 1, 2]);
    let store = open();
    store.addUser('alice', 'example.test', 'pw');
    store.addUser('bob', 'example.test', 'pw');
    store.putCredential({ aor: 'sip:alice@example.test', certificate, encryptedKey: Uint8Array.from([7]), etag: 'ea', expiresAt: clock + 10_000 });
    store.putCredential({ aor: 'sip:bob@example.test', certificate, etag: 'eb', expiresAt: clock + 10_000 });
    store.removeCredential('sip:bob@example.test');
    store.removeUser('bob', 'example.test');
    const alice = store.getCredential('sip:alice@example.test');
    store.close();

    store = track(open());
    expect(store.listUsers().map((u) => u.username)).toEqual(['alice']);
    expect(store.getUser('alice', 'example.test')?.ha1Md5).toBe(H('md5', 'alice:example.test:pw'));
    expect(store.getCredential('sip:alice@example.test')).toEqual(alice);
    expect(store.getCredential('sip:bob@example.test')).toBeUndefined();
    expect(store.putCredential({ aor: 'sip:bob@example.test', certificate, etag: 'eb2', expiresAt: clock + 10_000 }).version).toBe(3);
  });

  it('two connections see each other’s commits (the CLI beside a running server)', () => {
    const server = track(open());
    const cli = open();
    cli.addUser('carol', 'example.test', 'pw');
    cli.close();
    expect(server.getUser('carol', 'example.test')).toBeDefined();
  });

  it.each([
    { name: 'not a database', make: () => writeFileSync(file, 'This is not an SQLite file, just text. '.repeat(200)) },
    { name: 'a damaged header', make: () => writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xff)])) },
    { name: 'a folder', make: () => mkdirSync(file, { recursive: true }) },
  ])('gives a clear error for $name', ({ make }) => {
    mkdirSync(join(dir, 'nested'), { recursive: true });
    make();
    const error = storeError(() => open());
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/move it away/);
  });

  it('refuses a database from a newer SealPhone', () => {
    open().close();
    const raw = new Database(file);
    raw.prepare('UPDATE schema_version SET version = 99').run();
    raw.close();
    const error = storeError(() => open());
    expect(error.code).toBe('newer-schema');
    expect(error.message).toContain('99');
  });

  it('works in memory', () => {
    const store = track(openStore(':memory:'));
    store.addUser('alice', 'example.test', 'pw');
    expect(store.listUsers()).toHaveLength(1);
  });
});
