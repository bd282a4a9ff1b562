/**
 * Issue 15 defect 2 over real sockets: a user must not be able to take over another user's contact by registering it
 * in her own AOR (docs/server-contacts-and-guessing.md). Carol is the attacker, alice the victim, bob a peer sending
 * alice in-dialog requests (Request-URI = alice's contact, RFC 3261 section 12.2.1.1).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMimeBody, leafEntity, multipartEntity } from '../../../src/core/mime/index.ts';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import { formatUri, parseNameAddr, type SipResponse } from '../../../src/core/sip/index.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { id, SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
const open: SipUser[] = [];
beforeAll(async () => {
  ts = await startTestServer();
});
afterEach(() => {
  for (const u of open.splice(0)) u.close();
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

async function user(name: string): Promise<SipUser> {
  const u = await SipUser.connect('ws', ts.httpPort, name, TEST_USERS[name]!, TEST_DOMAIN);
  open.push(u);
  return u;
}

/** REGISTERs `contact` (a whole Contact header value) in `u`'s own AOR. */
function registerContact(u: SipUser, contact: string): Promise<SipResponse> {
  return u.send({ method: 'REGISTER', uri: `sip:${TEST_DOMAIN}`, to: `<${u.aor}>`, headers: { Expires: '600', Contact: contact } });
}

function uriOf(contact: string): string {
  return formatUri(parseNameAddr(contact).uri);
}

/** Bob sends a MESSAGE to `requestUri` (in a dialog with alice when `toTag`); resolves with who got it. */
async function whoGets(bob: SipUser, requestUri: string, candidates: Record<string, SipUser>, toTag: string | null = id()): Promise<string> {
  const text = `hello ${id()}`;
  const sent = bob.send({ method: 'MESSAGE', uri: requestUri, to: `<sip:alice@${TEST_DOMAIN}>${toTag ? `;tag=${toTag}` : ''}`, headers: { 'Content-Type': 'text/plain' }, body: text });
  const arrivals = Object.entries(candidates).map(async ([name, u]) => {
    const got = await u.client.waitFor((m) => m.kind === 'request' && m.method === 'MESSAGE' && new TextDecoder().decode(m.body) === text, 3000);
    if (got.kind === 'request') u.client.respond(got, 200);
    return name;
  });
  const winner = await Promise.any(arrivals);
  expect((await sent).status).toBe(200);
  return winner;
}

describe('a contact belongs to the AOR that registered it', () => {
  it("refuses carol's REGISTER of alice's contact with 403, and alice keeps her in-dialog requests after a refresh", async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    const bob = await user('bob');
    expect((await alice.register()).status).toBe(200);
    expect((await bob.register()).status).toBe(200);

    const stolen = await registerContact(carol, alice.contact);
    expect(stolen.status).toBe(403);
    expect(stolen.reason).toMatch(/another address-of-record/i);
    expect((await alice.register()).status).toBe(200); // the victim's next refresh

    expect(await whoGets(bob, uriOf(alice.contact), { alice, carol })).toBe('alice');
    expect(ts.server.sip!.location.lookup(`sip:carol@${TEST_DOMAIN}`)).toEqual([]);
  });

  it("keeps the NOTIFYs of alice's credential subscription (her encrypted key) on alice's connection", async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    expect((await alice.register()).status).toBe(200);
    const subscribed = alice.send({ method: 'SUBSCRIBE', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '600', Accept: 'multipart/mixed' } });
    await alice.notify();
    expect((await subscribed).status).toBe(200);

    expect((await registerContact(carol, alice.contact)).status).toBe(403);
    expect((await alice.register()).status).toBe(200);
    const { contentType, body } = await credentialBody(alice.aor);
    const notified = alice.notify();
    const stolen = carol.client.request('NOTIFY', 1500).then(
      () => true,
      () => false,
    );
    expect((await alice.send({ method: 'PUBLISH', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', Expires: '3600', 'Content-Type': contentType }, body })).status).toBe(200);
    expect((await notified).headers.get('Content-Type')).toMatch(/^multipart\/mixed/);
    expect(await stolen).toBe(false);
  });

  it('refuses spellings of the same contact that RFC 3261 section 19.1.4 makes equal (host case, extra parameters)', async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    expect((await alice.register()).status).toBe(200);
    const uri = parseNameAddr(alice.contact).uri;
    if (uri.kind !== 'sip') throw new Error('a SIP contact');
    const upper = formatUri({ ...uri, host: uri.host.toUpperCase() });
    const extra = formatUri({ ...uri, params: new Map([...uri.params, ['ob', null]]) });
    const sips = formatUri({ ...uri, scheme: 'sips' });
    for (const spelling of [upper, extra, sips]) expect((await registerContact(carol, `<${spelling}>`)).status, spelling).toBe(403);
  });

  it('refuses a contact that names an AOR of our domain (any case, trailing dot, port)', async () => {
    const carol = await user('carol');
    for (const contact of [`<sip:alice@${TEST_DOMAIN}>`, '<sip:alice@SEALPHONE.test.;transport=ws>', `<sip:carol@${TEST_DOMAIN}:5080>`]) {
      const refused = await registerContact(carol, contact);
      expect(refused.status, contact).toBe(403);
      expect(refused.reason).toMatch(/address-of-record/i);
    }
    expect(ts.server.sip!.location.lookup(`sip:carol@${TEST_DOMAIN}`)).toEqual([]);
  });

  // The stack remembers the Contact of requests on a connection (sip-stack.ts #rememberContact), but never a URI of
  // our domain nor a contact a registration holds: carol's refused REGISTER must not route alice's requests to carol.
  it("sends requests for alice's AOR to alice after carol offered it as her contact", async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    const bob = await user('bob');
    expect((await alice.register()).status).toBe(200);
    expect((await bob.register()).status).toBe(200);
    expect((await registerContact(carol, `<sip:alice@${TEST_DOMAIN}>`)).status).toBe(403);
    expect(await whoGets(bob, `sip:alice@${TEST_DOMAIN}`, { alice, carol }, null)).toBe('alice');
  });

  it("keeps alice's contact hers after her WebSocket closes, and lets her re-register it (with +sip.instance) from a new one", async () => {
    const instance = `;+sip.instance="<urn:uuid:${crypto.randomUUID()}>";reg-id=1`;
    const first = await user('alice');
    const contact = `${first.contact}${instance}`;
    expect((await registerContact(first, contact)).status).toBe(200);
    first.close();
    await waitUntil(() => ts.server.sip!.location.lookup(`sip:alice@${TEST_DOMAIN}`).length === 0);

    const carol = await user('carol');
    expect((await registerContact(carol, first.contact)).status).toBe(403); // squatting while alice reconnects

    const again = await user('alice');
    expect((await registerContact(again, contact)).status).toBe(200);
    const bob = await user('bob');
    expect((await bob.register()).status).toBe(200);
    expect(await whoGets(bob, uriOf(first.contact), { alice: again, carol })).toBe('alice');
  });

  it('frees a contact its owner unregistered, for another AOR', async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    expect((await alice.register()).status).toBe(200);
    expect((await registerContact(alice, `${alice.contact};expires=0`)).status).toBe(200);
    expect((await registerContact(carol, alice.contact)).status).toBe(200);
  });
});

async function credentialBody(aor: string): Promise<{ contentType: string; body: Uint8Array }> {
  const c = await createSelfSignedCertificate({ aor }, globalThis.crypto);
  const key = await encryptPrivateKeyInfo(c.privateKeyInfo, 'key passphrase', globalThis.crypto, { iterations: 1000 });
  return buildMimeBody(
    multipartEntity('mixed', [
      leafEntity({ contentType: 'application/pkix-cert', transferEncoding: 'base64', body: c.certificateDer }),
      leafEntity({ contentType: 'application/pkcs8', transferEncoding: 'base64', body: key }),
    ]),
  );
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
