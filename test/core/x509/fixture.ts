/** Reads the openssl-made fixtures of test/fixtures/openssl/x509-pkcs8 (see the README there). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../fixtures/openssl/x509-pkcs8/', import.meta.url));

export function fixturePath(name: string): string {
  return DIR + name;
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name))).slice();
}

/** The passphrase of every `*.epk.*` fixture. */
export const FIXTURE_PASSPHRASE = 'correct horse battery staple';

/** `2026-11-22 12:13:08Z` as printed by `openssl x509 -dateopt iso_8601`. */
export function opensslIsoDate(line: string): Date {
  const value = line.trim().replace(/^not(Before|After)=/, '').replace(' ', 'T');
  return new Date(value);
}
