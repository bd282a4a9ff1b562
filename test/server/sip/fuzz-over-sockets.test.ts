/**
 * Hostile bytes over real sockets: random, mutated and truncated SIP on TCP, WebSocket and UDP. The server must
 * keep serving a well-behaved client on another connection throughout, and never crash.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSipClient, type RawTransport } from '../../helpers/raw-sip-client.ts';
import { mutate, mutations } from '../../helpers/mutations.ts';
import { removeDir, startTestServer, TEST_DOMAIN, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

const id = () => randomBytes(6).toString('hex');

function options(transport: string, port: number): string {
  return [
    `OPTIONS sip:nobody@${TEST_DOMAIN} SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK${id()};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@elsewhere.test>;tag=${id()}`,
    `To: <sip:nobody@${TEST_DOMAIN}>`,
    `Call-ID: ${id()}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** A healthy client on its own connection still gets its answer. */
async function expectStillServing(transport: RawTransport): Promise<void> {
  const probe = await RawSipClient.connect(transport, '127.0.0.1', transport === 'ws' ? ts.httpPort : ts.sipPort);
  probe.sendText(options(transport === 'ws' ? 'WS' : transport.toUpperCase(), probe.localPort));
  const r = await probe.response(undefined, 'OPTIONS', 3000);
  expect(r.status).toBe(480); // the answer a party without an account gets for any user of ours (issue 15 defect 7)
  probe.close();
}

const seed = new TextEncoder().encode(options('TCP', 5060).replace('Content-Length: 0', 'Content-Type: text/plain\r\nContent-Length: 5') + 'hello');

describe.each(['tcp', 'ws', 'udp'] as RawTransport[])('hostile input over %s', (transport) => {
  it('random bytes, mutated and truncated messages', async () => {
    const samples = fc.sample(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 3000 }), mutations.map((m) => mutate(seed, m))), { numRuns: 150, seed: 42 });
    for (let i = 0; i < samples.length; i += 25) {
      const attacker = await RawSipClient.connect(transport, '127.0.0.1', transport === 'ws' ? ts.httpPort : ts.sipPort);
      for (const bytes of samples.slice(i, i + 25)) if (bytes.length > 0) attacker.sendBytes(bytes);
      await expectStillServing(transport);
      attacker.close();
    }
  });

  it('a message cut off in the middle, then the connection dropped', async () => {
    const attacker = await RawSipClient.connect(transport, '127.0.0.1', transport === 'ws' ? ts.httpPort : ts.sipPort);
    attacker.sendBytes(seed.subarray(0, 60));
    attacker.close();
    await expectStillServing(transport);
  });
});

describe('stream framing attacks on TCP', () => {
  it('an endless header section is cut at 64 KB and the connection closed', async () => {
    const attacker = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort);
    attacker.sendBytes(`OPTIONS sip:x@${TEST_DOMAIN} SIP/2.0\r\n` + 'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(2000));
    await expect.poll(() => attacker.closed, { timeout: 5000 }).toBe(true);
    await expectStillServing('tcp');
  });
  it('a huge Content-Length is refused without waiting for the body', async () => {
    const attacker = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort);
    attacker.sendBytes(options('TCP', attacker.localPort).replace('Content-Length: 0', 'Content-Length: 99999999'));
    const r = await attacker.response(513);
    expect(r.status).toBe(513);
    await expectStillServing('tcp');
  });
});
