/**
 * `kill -9` in the middle of a PUBLISH storm loses no acknowledged write: a child process puts credentials and prints
 * each one after putCredential returns; we SIGKILL it after a few hundred, reopen the database and find every one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/index.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const SCRIPT = new URL('./put-credential-storm.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sealphone-storm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  aor: string;
  etag: string;
  version: number;
}

/** Runs the storm until `acks` puts were acknowledged, then SIGKILLs it; resolves to every complete ack line. */
function storm(file: string, acks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!killed && out.split('\n').length > acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the storm ended by itself (${code}): ${err}`));
      const lines = out.split('\n').slice(0, -1); // the last piece may be a line cut short: not acknowledged
      resolve(
        lines.map((line) => {
          const [aor, etag, version] = line.split(' ');
          return { aor: aor!, etag: etag!, version: Number(version) };
        }),
      );
    });
  });
}

describe('durability', () => {
  it('every put acknowledged before kill -9 is in the database afterwards', async () => {
    const file = join(dir, 'storm.db');
    const acks = await storm(file, 400);
    expect(acks.length).toBeGreaterThanOrEqual(400);

    const store = openStore(file);
    try {
      let shared: Ack | undefined;
      for (const ack of acks) {
        if (ack.aor === 'sip:shared@storm.test') {
          shared = ack;
          continue;
        }
        const stored = store.getCredential(ack.aor);
        expect(stored, ack.aor).toBeDefined();
        expect({ etag: stored!.etag, version: stored!.version }).toEqual({ etag: ack.etag, version: ack.version });
      }
      // The shared AOR may hold a later put that was committed but not yet printed; never an earlier one.
      const latest = store.getCredential('sip:shared@storm.test')!;
      expect(latest.version).toBeGreaterThanOrEqual(shared!.version);
      if (latest.version === shared!.version) expect(latest.etag).toBe(shared!.etag);
      // And the database is consistent after the kill.
      expect(store.putCredential({ aor: 'sip:after@storm.test', certificate: Uint8Array.from([1]), etag: 'after', expiresAt: Date.now() + 1000 }).version).toBe(1);
    } finally {
      store.close();
    }
  }, 60_000);
});
