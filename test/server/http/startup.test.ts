/**
 * A start-up that fails on its store stops there: `sealphone server` exits with a non-zero code and a line on
 * stderr, and nothing was left listening (no web app with SIP down).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/server.ts';

const BIN = new URL('../../../bin/sealphone.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sealphone-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database file that is not SQLite. */
function badDatabase(): string {
  const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.db`);
  writeFileSync(file, 'this is not a SQLite database, it is text that is long enough to be read as a header '.repeat(20));
  return file;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** True when something accepts connections on the port. */
async function listening(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

describe('start-up with a bad database', () => {
  it('`sealphone server` exits with code 1 and says why', () => {
    const r = spawnSync(process.execPath, [BIN, 'server', '--port', '0', '--sip-port', '0', '--db', badDatabase(), '--log-level', 'silent', '--web-root', dir], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.signal, 'the process was still running after 20 s').toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sealphone server: .*cannot use the database/);
  });

  it('startServer rejects before listening on the HTTP port', async () => {
    const port = await freePort();
    await expect(startServer({ host: '127.0.0.1', port, webRoot: dir, db: badDatabase(), sipPort: 0 })).rejects.toThrow(/cannot use the database/);
    expect(await listening(port)).toBe(false);
  });
});

describe('limit options', () => {
  it('refuses a limit that is not a positive number with the usage (exit code 2)', () => {
    const r = spawnSync(process.execPath, [BIN, 'server', '--port', '0', '--sip-port', '0', '--db', join(dir, 'ok.db'), '--max-connections-per-address', '0'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-connections-per-address 0 is not a positive number/);
  });
});

