/**
 * Seed 002 section 6 (issue 16 deliverable 3): a new credential subscription proves the password in its own request.
 * Alice's connection is bound to her by her REGISTER; before, a SUBSCRIBE to her credential package on it was taken
 * without a challenge, so a device that had logged in with a password since changed could subscribe again, after
 * the server ended its subscription on a credential change, and receive the new key blob.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { id, SipUser, type RequestSpec } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
let alice: SipUser;

beforeAll(async () => {
  ts = await startTestServer();
  alice = await SipUser.connect('ws', ts.httpPort, 'alice', TEST_USERS.alice!, TEST_DOMAIN);
  expect((await alice.register()).status).toBe(200);
});
afterAll(async () => {
  alice.close();
  await ts.stop();
  removeDir(ts.dir);
});

const subscription = (): RequestSpec => ({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '600', Accept: 'multipart/mixed' } });

it('challenges a new credential SUBSCRIBE on the registered connection, and takes it with the password', async () => {
  const callId = id();
  alice.client.sendBytes(Buffer.from(alice.build({ ...subscription(), callId, cseq: 1 }), 'latin1'));
  const challenged = await alice.client.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === callId);
  expect(challenged.kind === 'response' && challenged.status).toBe(401);

  expect((await alice.send(subscription())).status).toBe(200);
  await alice.notify();
});
