/**
 * sipp, a third-party SIP implementation, reaches the server over UDP and reads its answers: a 401 digest challenge
 * with qop="auth", and 480 for a MESSAGE to a user with no device. Scenario: test/fixtures/sipp/register-message.xml
 * (why sipp cannot log in is said there). Debian package sip-tester (installed by scripts/ensure-test-tools.sh).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, type TestServer } from '../../helpers/test-server.ts';

const run = promisify(execFile);
const hasSipp = spawnSync('sipp', ['-v']).error === undefined;
const scenario = new URL('../../fixtures/sipp/register-message.xml', import.meta.url).pathname;
let ts: TestServer;

beforeAll(async () => {
  if (hasSipp) ts = await startTestServer();
});
afterAll(async () => {
  if (!ts) return;
  await ts.stop();
  removeDir(ts.dir);
});

describe.runIf(hasSipp)('sipp over UDP', () => {
  it('gets a digest challenge and a 480 for a MESSAGE to a user with no device', async () => {
    const args = ['127.0.0.1:' + ts.sipPort, '-sf', scenario, '-s', 'carol', '-m', '1', '-i', '127.0.0.1', '-p', '0', '-timeout', '20s', '-timeout_error', '-nostdin', '-trace_err'];
    const result = await run('sipp', args, { cwd: ts.dir, timeout: 30_000 }).then(
      () => 0,
      (error: { code?: number; stdout?: string }) => error.code ?? -1,
    );
    expect(result).toBe(0); // sipp exits 0 only when every call of the scenario succeeded
  });
  it('gets the same 480 for a user who does not exist: a party without an account cannot tell them apart (issue 15 defect 7)', async () => {
    const args = ['127.0.0.1:' + ts.sipPort, '-sf', scenario, '-s', 'nobody', '-m', '1', '-i', '127.0.0.1', '-p', '0', '-timeout', '10s', '-timeout_error', '-nostdin'];
    const result = await run('sipp', args, { cwd: ts.dir, timeout: 30_000 }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
    expect(result).toBe(0); // with 404, as before the fix, the scenario fails and sipp exits non-zero
  });
});

describe.runIf(!hasSipp)('sipp', () => {
  it.skip('needs the sip-tester package', () => {});
});
