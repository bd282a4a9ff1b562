/**
 * `sealphone users` as operators run it (a real process): add, list, remove, the default database under ./data,
 * one-line errors with exit code 1, and digest hashes as the only trace of a password.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.ts';

const BIN = new URL('../../bin/sealphone.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sealphone-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sealphone(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

describe('sealphone users', () => {
  it('adds to data/sealphone.db by default, lists and removes', () => {
    expect(sealphone('users', 'add', 'alice@example.test', '--password', 'alice pw')).toMatchObject({ status: 0, stdout: 'added alice@example.test\n' });
    expect(sealphone('users', 'add', 'sip:bob@Example.Test', '--password', 'bob pw')).toMatchObject({ status: 0, stdout: 'added bob@example.test\n' });
    expect(existsSync(join(dir, 'data', 'sealphone.db'))).toBe(true);

    const list = sealphone('users', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0])).toEqual(['alice@example.test', 'bob@example.test']);
    expect(list.stdout).toMatch(/alice@example\.test\tadded \d{4}-\d\d-\d\dT/);

    expect(sealphone('users', 'remove', 'bob@example.test')).toMatchObject({ status: 0, stdout: 'removed bob@example.test\n' });
    expect(sealphone('users', 'list').stdout).not.toContain('bob@');
  });

  it('refuses to add an existing user (exit 1, one line); --force resets the password', () => {
    const file = join(dir, 'force.db');
    sealphone('users', 'add', 'carol@example.test', '--password', 'one', '--db', file);
    const again = sealphone('users', 'add', 'carol@example.test', '--password', 'two', '--db', file);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('carol@example.test already exists');
    expect(again.stderr).toContain('--force');

    const reset = sealphone('users', 'add', 'carol@example.test', '--password', 'two', '--db', file, '--force');
    expect(reset).toMatchObject({ status: 0, stdout: 'reset the password of carol@example.test\n' });
    const store = openStore(file);
    try {
      expect(store.getUser('carol', 'example.test')?.ha1Md5).toBe(md5('carol:example.test:two'));
    } finally {
      store.close();
    }
  });

  it('stores digest hashes only, never the password', () => {
    const file = join(dir, 'secret.db');
    const password = 'Tr0ub4dor-and-3-unique-words';
    expect(sealphone('users', 'add', 'dave@example.test', '--password', password, '--db', file).status).toBe(0);
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f));
    expect(bytes.some((b) => b.includes(Buffer.from(md5(`dave:example.test:${password}`))))).toBe(true);
    expect(bytes.some((b) => b.includes(Buffer.from(password)))).toBe(false);
  });

  it.each([
    { name: 'an unknown user', args: ['remove', 'nobody@example.test'], status: 1, error: 'no user nobody@example.test' },
    { name: 'a username with a space', args: ['add', 'a b@example.test', '--password', 'x'], status: 1, error: 'invalid username' },
    { name: 'an empty password', args: ['add', 'eve@example.test', '--password', ''], status: 2, error: '--password is required' },
    { name: 'no password', args: ['add', 'eve@example.test'], status: 2, error: '--password is required' },
    { name: 'no domain', args: ['add', 'eve', '--password', 'x'], status: 2, error: 'expected user@domain' },
    { name: 'no verb', args: [], status: 2, error: 'expected `users add`' },
    { name: 'an unknown verb', args: ['rename', 'a@b.test'], status: 2, error: 'expected `users add`' },
    { name: 'an unknown option', args: ['list', '--bogus'], status: 2, error: 'bogus' },
  ])('reports $name', ({ args, status, error }) => {
    const r = sealphone('users', ...args, '--db', join(dir, 'errors.db'));
    expect(r.status).toBe(status);
    expect(r.stderr).toContain(error);
    expect(r.stderr.split('\n')[0]).toMatch(/^sealphone users: /);
  });

  it('reports a file that is not a database in one line, exit 1', () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'These are notes, not a database.\n'.repeat(100));
    const r = sealphone('users', 'list', '--db', file);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`cannot use the database ${file}: file is not a database (SQLITE_NOTADB)`);
    expect(readFileSync(file, 'utf8')).toBe('These are notes, not a database.\n'.repeat(100));
  });

  it('is listed in sealphone --help', () => {
    expect(sealphone('--help').stdout).toContain('users add alice@example.test --password PW');
  });
});
