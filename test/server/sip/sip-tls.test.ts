/**
 * SIP over TLS (issue 18 item 1: `--sip-tls-port`, RFC 3261 section 26.2.1), with the certificate of the HTTPS
 * listener. It counts as a secure transport: a client on another machine may use the credential package over it
 * (RFC 6072 section 10.5), which plain TCP from the same address may not; so an edge proxy that is not on loopback
 * can be let in over TLS. The "other machine" is this one's own non-loopback address.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../../helpers/openssl.ts';
import { SipUser } from '../../helpers/sip-session.ts';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

/** A non-loopback IPv4 address of this machine, or undefined. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

let ts: TestServer;
const w = new Workdir();
let ca: Uint8Array;

beforeAll(async () => {
  const names = ['IP:127.0.0.1', ...(external ? [`IP:${external}`] : [])].join(',');
  w.openssl('req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '2', '-addext', `subjectAltName=${names}`, '-keyout', 'tls.key', '-out', 'tls.pem');
  ca = new Uint8Array(readFileSync(w.path('tls.pem')));
  ts = await startTestServer({ dir: mkdtempSync(join(tmpdir(), 'sealphone-siptls-')), host: external ? '0.0.0.0' : '127.0.0.1', tls: { cert: w.path('tls.pem'), key: w.path('tls.key') }, sipTlsPort: 0 });
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
  w.cleanup();
});

/** alice on `transport` from `host`: registers, then asks for her own credential; the SUBSCRIBE's status. */
async function credentialOver(transport: 'tls' | 'tcp', host: string): Promise<{ register: number; subscribe: number }> {
  const port = transport === 'tls' ? ts.server.sip!.tls!.port : ts.sipPort;
  const alice = new SipUser(await RawSipClient.connect(transport, host, port, { ca }), 'alice', TEST_USERS.alice!, TEST_DOMAIN);
  try {
    const register = (await alice.register()).status;
    const sub = await alice.send({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '60' } });
    if (sub.status === 200) await alice.notify();
    return { register, subscribe: sub.status };
  } finally {
    alice.close();
  }
}

describe('SIP over TLS', () => {
  it('listens on its own port and registers over TLS', async () => {
    expect(ts.server.sip!.tls!.port).toBeGreaterThan(0);
    expect(await credentialOver('tls', '127.0.0.1')).toEqual({ register: 200, subscribe: 200 });
  });

  it.runIf(external)('from another address: the credential package over TLS, not over plain TCP', async () => {
    expect(await credentialOver('tls', external!)).toEqual({ register: 200, subscribe: 200 });
    expect(await credentialOver('tcp', external!)).toEqual({ register: 200, subscribe: 403 });
  });

  it('refuses a client that does not finish the TLS handshake, without a crash', async () => {
    const { connect } = await import('node:net');
    const socket = connect({ host: '127.0.0.1', port: ts.server.sip!.tls!.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('REGISTER sip:sealphone.test SIP/2.0\r\n\r\n'); // clear text to a TLS port
    await new Promise((resolve) => socket.once('close', resolve));
    expect(await credentialOver('tls', '127.0.0.1')).toEqual({ register: 200, subscribe: 200 });
  });
});

describe('SIP over TLS, bounded', () => {
  it('holds handshakes from one address to the connection cap, counted before the handshake', { timeout: 30_000 }, async () => {
    const w2 = new Workdir();
    w2.openssl('req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '2', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'tls.key', '-out', 'tls.pem');
    const capped = await startTestServer({ tls: { cert: w2.path('tls.pem'), key: w2.path('tls.key') }, sipTlsPort: 0, limits: { maxConnectionsPerAddress: 3, capLoopback: true, messageTimeoutMs: 60_000 } });
    const { connect } = await import('node:net');
    const port = capped.server.sip!.tls!.port;
    const open = async () => {
      const socket = connect({ host: '127.0.0.1', port });
      await new Promise((resolve) => socket.once('connect', resolve));
      return socket;
    };
    try {
      // Three raw connections that never start TLS hold the three places of this address...
      const idle = [await open(), await open(), await open()];
      // ...so a fourth is closed at once, before any handshake.
      const fourth = await open();
      // Closed by the cap, not by the handshake timeout (a minute here): before, it stayed open until that timeout.
      const closed = await Promise.race([new Promise((resolve) => fourth.once('close', () => resolve('closed'))), new Promise((resolve) => setTimeout(() => resolve('still open'), 10_000))]);
      expect(closed).toBe('closed');
      fourth.destroy();
      for (const s of idle) s.destroy();
    } finally {
      await capped.stop();
      removeDir(capped.dir);
      w2.cleanup();
    }
  });
});
