/**
 * Test accounts, made through the server's CLI (`sealphone users add ... --force`) against the database the
 * Playwright webServer serves, never through the UI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const E2E_DOMAIN = 'sealphone.test';
export const E2E_DB = 'data/e2e/sealphone.db';

export interface Account {
  name: string;
  /** `alice@sealphone.test`, as a person types it. */
  address: string;
  /** `sip:alice@sealphone.test` */
  aor: string;
  password: string;
  /** The passphrase its key is protected with, when a test makes one (not the SIP password). */
  keyPassphrase: string;
}

export function account(name: string): Account {
  return { name, address: `${name}@${E2E_DOMAIN}`, aor: `sip:${name}@${E2E_DOMAIN}`, password: `${name}-e2e-pw`, keyPassphrase: 'quiet river lantern 42 orbit' };
}

/**
 * A new account no other test has used (`amy-k3x9q`), made through the CLI: no key or credential from an earlier
 * test on the server, and a fresh browser context has none either.
 */
export function freshAccount(prefix: string): Account {
  return createAccount(account(`${prefix}-${Math.random().toString(36).slice(2, 8)}`));
}

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Makes (or resets) the account in `db` (default: the database of Playwright's webServer). */
export function createAccount(a: Account, db = E2E_DB): Account {
  mkdirSync(dirname(resolve(REPO_ROOT, db)), { recursive: true });
  execFileSync(process.execPath, ['bin/sealphone.mjs', 'users', 'add', a.address, '--password', a.password, '--db', db, '--force'], { cwd: REPO_ROOT, stdio: 'pipe' });
  return a;
}
