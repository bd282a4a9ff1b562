/** Structured logs: one JSON line per transaction at info level (issue 3 item 8), for UAS and proxied requests. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log.ts';
import { id, SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    done();
  },
});
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ log: createLogger('info', sink) });
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

describe('transaction log lines', () => {
  it('writes one info line per answered transaction, proxied ones included', async () => {
    const alice = await SipUser.connect('ws', ts.httpPort, 'alice', TEST_USERS.alice!, TEST_DOMAIN);
    const bob = await SipUser.connect('ws', ts.httpPort, 'bob', TEST_USERS.bob!, TEST_DOMAIN);
    await alice.register();
    await bob.register();
    bob.client.onRequest = (request) => bob.client.respond(request, 200);
    lines.length = 0;
    const callId = id();
    expect((await alice.send({ method: 'MESSAGE', uri: bob.aor, to: `<${bob.aor}>`, callId, headers: { 'Content-Type': 'text/plain' }, body: 'hi' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const transactions = lines.filter((l) => l.msg === 'transaction');
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toMatchObject({ level: 30, method: 'MESSAGE', status: 200, proxied: true });
    alice.close();
    bob.close();
  });
});
