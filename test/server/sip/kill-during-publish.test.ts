/**
 * Durability through the whole server: a PUBLISH storm against a server process that is killed with SIGKILL part
 * way; after a restart on the same database, the credential is the last one answered 200 or a later one that was
 * already in flight, never an older one (issue 3: "kill -9 at any moment loses no PUBLISH that was answered 200").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMimeBody, leafEntity, parseMimeBody } from '../../../src/core/mime/index.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { openStore } from '../../../server/store/index.ts';
import { SipUser } from '../../helpers/sip-session.ts';
import { removeDir, TEST_DOMAIN } from '../../helpers/test-server.ts';

const BIN = new URL('../../../bin/sealphone.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sealphone-kill-'));
const db = join(dir, 'sealphone.db');
afterAll(() => removeDir(dir));

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'server', '--host', '127.0.0.1', '--port', '0', '--sip-port', 'off', '--db', db, '--domain', TEST_DOMAIN, '--log-level', 'silent', '--web-root', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

describe('kill -9 during a PUBLISH storm', () => {
  it('loses no PUBLISH that was answered 200', async () => {
    const store = openStore(db);
    store.addUser('alice', TEST_DOMAIN, 'alice-pw');
    store.addUser('bob', TEST_DOMAIN, 'bob-pw');
    store.close();
    const aor = `sip:alice@${TEST_DOMAIN}`;
    const bodies = await Promise.all(
      Array.from({ length: 80 }, async () => {
        const c = await createSelfSignedCertificate({ aor }, globalThis.crypto);
        return { cert: c.certificateDer, ...buildMimeBody(leafEntity({ contentType: 'application/pkix-cert', transferEncoding: 'base64', body: c.certificateDer })) };
      }),
    );

    const first = await startChild();
    const alice = await SipUser.connect('ws', first.port, 'alice', 'alice-pw', TEST_DOMAIN);
    expect((await alice.register()).status).toBe(200);
    let lastAcked = -1;
    const killAfter = 25 + Math.floor(Math.random() * 20);
    const storm = (async () => {
      for (let i = 0; i < bodies.length; i++) {
        const b = bodies[i]!;
        const sent = alice.send({ method: 'PUBLISH', uri: aor, to: `<${aor}>`, headers: { Event: 'credential', Expires: '3600', 'Content-Type': b.contentType, 'Content-Transfer-Encoding': 'base64' }, body: b.body });
        if (i === killAfter) first.child.kill('SIGKILL');
        const r = await Promise.race([sent, new Promise<null>((done) => setTimeout(() => done(null), 1500))]);
        if (r === null) return;
        expect(r.status).toBe(200);
        lastAcked = i;
      }
    })();
    await storm;
    alice.close();
    expect(lastAcked).toBeGreaterThanOrEqual(24); // the kill follows the send of PUBLISH number killAfter (25 at least)

    const second = await startChild();
    try {
      const bob = await SipUser.connect('ws', second.port, 'bob', 'bob-pw', TEST_DOMAIN);
      expect((await bob.register()).status).toBe(200);
      const sub = await bob.send({ method: 'SUBSCRIBE', uri: aor, to: `<${aor}>`, headers: { Event: 'certificate', Expires: '60' } });
      expect(sub.status).toBe(200);
      const notify = await bob.notify();
      const cte = notify.headers.get('Content-Transfer-Encoding');
      const cert = parseMimeBody(notify.headers.get('Content-Type'), notify.body, cte ? [['Content-Transfer-Encoding', cte]] : []).body;
      const index = bodies.findIndex((b) => Buffer.from(b.cert).equals(Buffer.from(cert)));
      expect(index).toBeGreaterThanOrEqual(lastAcked);
      bob.close();
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 60_000);
});
