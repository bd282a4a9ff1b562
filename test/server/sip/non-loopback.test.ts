/**
 * The credential package only over TLS or loopback (RFC 6072 section 10.5), checked with a real client on another
 * host: a network namespace of our own with a veth pair (10.213.0.1 here, 10.213.0.2 there). Needs root and
 * iproute2 (CI has both); elsewhere the test says why it cannot run.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

const run = promisify(execFile);
const NS = `sp-test-${process.pid}`;
const HOST_IP = '10.213.0.1';
const canNetns = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
let ts: TestServer;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

beforeAll(async () => {
  if (!canNetns) return;
  ip('netns', 'add', NS);
  ip('link', 'add', `${NS}a`.slice(0, 15), 'type', 'veth', 'peer', 'name', `${NS}b`.slice(0, 15));
  ip('link', 'set', `${NS}b`.slice(0, 15), 'netns', NS);
  ip('addr', 'add', `${HOST_IP}/30`, 'dev', `${NS}a`.slice(0, 15));
  ip('link', 'set', `${NS}a`.slice(0, 15), 'up');
  ip('netns', 'exec', NS, 'ip', 'addr', 'add', '10.213.0.2/30', 'dev', `${NS}b`.slice(0, 15));
  ip('netns', 'exec', NS, 'ip', 'link', 'set', `${NS}b`.slice(0, 15), 'up');
  ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
  ts = await startTestServer({ host: HOST_IP, users: TEST_USERS });
});

afterAll(async () => {
  if (!canNetns) return;
  await ts?.stop();
  if (ts) removeDir(ts.dir);
  spawnSync('ip', ['link', 'del', `${NS}a`.slice(0, 15)]);
  spawnSync('ip', ['netns', 'del', NS]);
});

describe.runIf(canNetns)('a client on another host over plain ws://', () => {
  it('may register and watch certificates, but not touch the credential package (403)', async () => {
    const client = new URL('./netns-client.ts', import.meta.url).pathname;
    // Asynchronous: the server runs in this process and must keep answering while the client works.
    const { stdout: out } = await run('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', client, HOST_IP, String(ts.httpPort)], {
      cwd: new URL('../../..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.register).toBe(200);
    expect(result.certificate).toBe(200);
    expect(result.credential).toBe(403);
    expect(result.publish).toBe(403);
    expect(String(result.credentialReason)).toMatch(/TLS|secure|loopback/i);
  });
});

describe.runIf(!canNetns)('a client on another host', () => {
  it.skip('needs root and iproute2 to make a network namespace', () => {});
});
