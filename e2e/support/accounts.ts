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
}

export function account(name: string): Account {
  return { name, address: `${name}@${E2E_DOMAIN}`, aor: `sip:${name}@${E2E_DOMAIN}`, password: `${name}-e2e-pw` };
}

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Makes (or resets) the account in `db` (default: the database of Playwright's webServer). */
export function createAccount(a: Account, db = E2E_DB): Account {
  mkdirSync(dirname(resolve(REPO_ROOT, db)), { recursive: true });
  execFileSync(process.execPath, ['bin/sealphone.mjs', 'users', 'add', a.address, '--password', a.password, '--db', db, '--force'], { cwd: REPO_ROOT, stdio: 'pipe' });
  return a;
}
