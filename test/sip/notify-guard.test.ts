/**
 * NOTIFY guards (issue 5: "answer 437 to the NOTIFY when it cannot"): a credential NOTIFY the client cannot use is
 * answered 437 Unsupported Certificate instead of 200, and goes no further; a usable one is answered 200 and reported.
 * Real server, a man-in-the-middle relay that spoils the credential body, the JsSIP client in Node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes.ts';
import { buildCredentialBody } from '../../src/core/credentials/index.ts';
import { credentialServices } from '../../src/services/credential-services.ts';
import type { NotifyInfo } from '../../src/sip/sip-client.ts';
import { relayedText, rewrite, startMitmRelay, type MitmRelay } from '../../e2e/support/mitm-relay.ts';
import { makeCredential } from '../server/credentials/harness.ts';
import { TEST_DOMAIN, TEST_USERS } from '../helpers/test-server.ts';
import { useSipClientServer, wsUrl, type ClientUnderTest } from './sip-client-harness.ts';

const ALICE = `sip:alice@${TEST_DOMAIN}`;
const fixture = useSipClientServer();
let relay: MitmRelay;

afterEach(async () => {
  await fixture.signOutAll();
  await relay.close();
});

async function aliceWithCredential(spoil: boolean): Promise<{ alice: ClientUnderTest; notifies: NotifyInfo[] }> {
  relay = await startMitmRelay({ upstream: wsUrl(fixture.server) });
  if (spoil) {
    relay.alter((m) =>
      m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: credential\r\n/i.test(m.text) && /\r\nContent-Length: [1-9]/i.test(m.text)
        ? rewrite(m.bytes, (message) => void (message.body = new TextEncoder().encode('not a credential at all')))
        : undefined,
    );
  }
  const alice = fixture.client('alice');
  await alice.client.signIn({ serverUrl: relay.url, aor: alice.aor, password: TEST_USERS.alice ?? '' });
  const credential = await makeCredential(ALICE);
  const body = buildCredentialBody({ certificate: credential.certificate, encryptedKey: credential.encryptedKey });
  const published = await alice.client.sendRequest({ method: 'PUBLISH', target: ALICE, headers: ['Event: credential', 'Expires: 3600'], body: latin1(body.body), contentType: body.contentType });
  expect(published.status).toBe(200);
  alice.client.guardNotifies('credential', async (notify) => {
    try {
      credentialServices.readCredentialNotify(notify.message);
      return undefined;
    } catch {
      return 437;
    }
  });
  const notifies: NotifyInfo[] = [];
  alice.client.on('notify', (n) => notifies.push(n));
  alice.client.subscribe(ALICE, { event: 'credential', accept: ['multipart/mixed'] });
  return { alice, notifies };
}

describe('NOTIFY guards', () => {
  it('a credential that cannot be read is answered 437 and not reported', async () => {
    const { notifies } = await aliceWithCredential(true);
    const answer = await relay.waitFor((m) => m.direction === 'to-server' && m.startLine.startsWith('SIP/2.0 437 '));
    expect(relayedText(answer)).toMatch(/\r\nCSeq: \d+ NOTIFY\r\n/);
    expect(relay.log.some((m) => m.direction === 'to-server' && m.startLine.startsWith('SIP/2.0 200 ') && /\r\nCSeq: \d+ NOTIFY\r\n/.test(relayedText(m)))).toBe(false);
    expect(notifies).toEqual([]);
  });

  it('a usable credential is answered 200 and reported', async () => {
    const { alice, notifies } = await aliceWithCredential(false);
    await alice.waitFor('the credential NOTIFY', () => notifies[0]);
    await relay.waitFor((m) => m.direction === 'to-server' && m.startLine.startsWith('SIP/2.0 200 ') && /\r\nCSeq: \d+ NOTIFY\r\n/.test(relayedText(m)));
    expect(relay.log.some((m) => m.startLine.startsWith('SIP/2.0 437 '))).toBe(false);
  });
});
