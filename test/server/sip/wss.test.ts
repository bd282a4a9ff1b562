/**
 * `wss://` with --tls-cert/--tls-key: TLS-protected WebSocket, HTTPS for the Identity-Info certificate, and the
 * credential package allowed because the connection is secure (RFC 6072 section 10.5).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../../helpers/openssl.ts';
import { SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
const w = new Workdir();
let ca: Uint8Array;

beforeAll(async () => {
  w.openssl('req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '2', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'tls.key', '-out', 'tls.pem');
  ca = new Uint8Array(readFileSync(w.path('tls.pem')));
  ts = await startTestServer({ dir: mkdtempSync(join(tmpdir(), 'sealphone-wss-')), tls: { cert: w.path('tls.pem'), key: w.path('tls.key') } });
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
  w.cleanup();
});

describe('wss://', () => {
  it('registers over TLS and may subscribe to its own credential', async () => {
    expect(ts.server.url).toMatch(/^https:/);
    const alice = await SipUser.connect('wss', ts.httpPort, 'alice', TEST_USERS.alice!, TEST_DOMAIN, { ca });
    expect((await alice.register()).status).toBe(200);
    const sub = await alice.send({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '60' } });
    expect(sub.status).toBe(200);
    const notify = await alice.notify();
    expect(notify.headers.get('Identity-Info')).toMatch(/^<https:\/\/127\.0\.0\.1:\d+\/identity\/as\.cer>/);
    alice.close();
  });
});
