/**
 * A call outlives a server restart (issue 17): the dialog is kept by the two user agents, and the server is a
 * record-routing proxy without dialog state. After a restart, an in-dialog request (BYE, UPDATE, INFO) that names us
 * in its Route is loose-routed on by its Request-URI (rfc3261#section-16.4, #section-16.12), the peer's contact,
 * which the freshly started server reaches over the WebSocket the peer registered again on (RFC 7118 section 5.2,
 * RFC 5626 flows). Over real sockets: raw WebSocket user agents that register as JsSIP does (an instance id and a
 * reg-id, a `transport=ws` contact) and use the `;ob` contact in their dialogs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../../src/core/sip/index.ts';
import { startServer } from '../../../server/server.ts';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { id, SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

const D = TEST_DOMAIN;

/** A user agent's lasting identity: the contact and instance it registers with on every connection. */
interface Device {
  user: string;
  /** `sip:alice-x@y.invalid;transport=ws`, as registered. */
  contact: string;
  instance: string;
  sip: SipUser;
}

let server: TestServer | undefined;
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await server?.stop();
  if (server) removeDir(server.dir);
  server = undefined;
});

/** Connects `user` over a new WebSocket and registers its contact (JsSIP's REGISTER Contact, RFC 5626 section 4.2). */
async function connectDevice(port: number, user: string, lasting?: Pick<Device, 'contact' | 'instance'>): Promise<Device> {
  const sip = await SipUser.connect('ws', port, user, TEST_USERS[user]!, D);
  closers.push(() => sip.close());
  const contact = lasting?.contact ?? `sip:${user}-${id()}@${id()}.invalid;transport=ws`;
  const instance = lasting?.instance ?? `"<urn:uuid:00000000-0000-4000-8000-${id()}>"`;
  const ok = await sip.send({ method: 'REGISTER', uri: `sip:${D}`, to: `<sip:${user}@${D}>`, headers: { Contact: `<${contact}>;+sip.ice;reg-id=1;+sip.instance=${instance};expires=600`, Expires: '600' } });
  expect(ok.status, `${user} registered`).toBe(200);
  return { user, contact, instance, sip };
}

/** The same server, database and port, started again (its in-memory state gone, as after a crash). */
async function restart(ts: TestServer): Promise<TestServer> {
  await ts.stop();
  const again = await startServer({ host: '127.0.0.1', port: ts.httpPort, webRoot: `${ts.dir}/web`, domain: D, db: ts.db, sipPort: 0 });
  return { server: again, dir: ts.dir, db: ts.db, httpPort: again.port, sipPort: again.sip?.tcp?.port ?? 0, stop: () => again.close() };
}

/** A 2xx to `request` from a user agent (rfc3261#section-12.1.1: Record-Route copied, our Contact, a To tag). */
function answer(client: RawSipClient, request: SipRequest, contact: string, toTag?: string): void {
  const h = request.headers;
  const to = h.get('To') ?? '';
  const lines = [
    'SIP/2.0 200 OK',
    ...h.values('Via').map((v) => `Via: ${v}`),
    ...h.values('Record-Route').map((v) => `Record-Route: ${v}`),
    `From: ${h.get('From')}`,
    `To: ${toTag ? `${to};tag=${toTag}` : to}`,
    `Call-ID: ${h.get('Call-ID')}`,
    `CSeq: ${h.get('CSeq')}`,
    `Contact: <${contact}>`,
    'Content-Length: 0',
    '',
    '',
  ];
  client.sendText(lines.join('\r\n'));
}

/** The dialog as each side keeps it (rfc3261#section-12.1): Call-ID, tags, remote targets and route sets. */
interface Dialog {
  callId: string;
  callerTag: string;
  calleeTag: string;
  /** The caller's Contact in the INVITE: the callee's remote target. */
  callerTarget: string;
  /** The callee's Contact in the 2xx: the caller's remote target. */
  calleeTarget: string;
  /** Record-Route of the 2xx, as the callee saw it (its route set); the caller's is the reverse. */
  recordRoute: string[];
}

/** alice calls bob through the server: an INVITE with alice's `;ob` dialog contact, answered 2xx by bob. */
async function call(alice: Device, bob: Device): Promise<Dialog> {
  const callId = id();
  const callerTag = id();
  const calleeTag = id();
  const callerTarget = `${alice.contact};ob`;
  bob.sip.client.onRequest = (request) => {
    if (request.method === 'INVITE') answer(bob.sip.client, request, bob.contact, calleeTag);
  };
  const ok = await alice.sip.send({ method: 'INVITE', uri: `sip:bob@${D}`, to: `<sip:bob@${D}>`, callId, fromTag: callerTag, headers: { Contact: `<${callerTarget}>` } });
  bob.sip.client.onRequest = null;
  expect(ok.status).toBe(200);
  const recordRoute = ok.headers.values('Record-Route');
  expect(recordRoute.length, 'the server record-routed the dialog').toBeGreaterThan(0);
  return { callId, callerTag, calleeTag, callerTarget, calleeTarget: bob.contact, recordRoute };
}

/** An in-dialog request from `from` along its route set (rfc3261#section-12.2.1.1, loose routing). */
function inDialog(dialog: Dialog, fromCaller: boolean, method: string, cseq: number): { uri: string; spec: Parameters<SipUser['send']>[0] } {
  const routes = fromCaller ? [...dialog.recordRoute].reverse() : dialog.recordRoute;
  const uri = fromCaller ? dialog.calleeTarget : dialog.callerTarget;
  const [localUser, remoteUser] = fromCaller ? ['alice', 'bob'] : ['bob', 'alice'];
  const [localTag, remoteTag] = fromCaller ? [dialog.callerTag, dialog.calleeTag] : [dialog.calleeTag, dialog.callerTag];
  void localUser;
  return {
    uri,
    spec: {
      method,
      uri,
      to: `<sip:${remoteUser}@${D}>;tag=${remoteTag}`,
      callId: dialog.callId,
      fromTag: localTag,
      cseq,
      headers: { Route: routes.join(', '), ...(method === 'UPDATE' ? { 'Session-Expires': '90;refresher=uac' } : {}) },
    },
  };
}

/** `to` answers the next request of `method` 200 (as its dialog is alive); resolves with that request. */
async function answersNext(to: Device, method: string): Promise<SipRequest> {
  const request = await to.sip.client.request(method, 10_000); // one that came already counts too
  answer(to.sip.client, request, to.contact);
  return request;
}

describe('after a server restart, an in-dialog request reaches the peer registered again on a new WebSocket', () => {
  it('in both directions (UPDATE, INFO and BYE), by the Route set and the contact as Request-URI', async () => {
    server = await startTestServer();
    const alice0 = await connectDevice(server.httpPort, 'alice');
    const bob0 = await connectDevice(server.httpPort, 'bob');
    const dialog = await call(alice0, bob0);

    server = await restart(server);
    // Each device comes back on a new WebSocket with the contact and instance it had (JsSIP keeps both per UA).
    const alice = await connectDevice(server.httpPort, 'alice', alice0);
    const bob = await connectDevice(server.httpPort, 'bob', bob0);

    const exchanges: { method: string; fromCaller: boolean; cseq: number }[] = [
      { method: 'UPDATE', fromCaller: false, cseq: 1 }, // the callee is JsSIP's session-timer refresher (RFC 4028)
      { method: 'INFO', fromCaller: true, cseq: 2 },
      { method: 'BYE', fromCaller: true, cseq: 3 },
    ];
    const outcome: Record<string, unknown> = {};
    for (const x of exchanges) {
      const [sender, receiver] = x.fromCaller ? [alice, bob] : [bob, alice];
      const { uri, spec } = inDialog(dialog, x.fromCaller, x.method, x.cseq);
      const received = answersNext(receiver, x.method);
      const response: SipResponse = await sender.sip.send(spec);
      const got = response.status === 200 ? await received : null;
      outcome[`${x.method} from ${sender.user}`] = { status: response.status, requestUri: got?.uri === uri, callId: got?.headers.get('Call-ID') === dialog.callId };
    }
    expect(outcome).toEqual({
      'UPDATE from bob': { status: 200, requestUri: true, callId: true },
      'INFO from alice': { status: 200, requestUri: true, callId: true },
      'BYE from alice': { status: 200, requestUri: true, callId: true },
    });
  });
});

describe('after a server restart, an in-dialog request that comes before its peer registered again', () => {
  it('waits for the peer to register on its new WebSocket (a few seconds), then reaches it', async () => {
    server = await startTestServer();
    const alice0 = await connectDevice(server.httpPort, 'alice');
    const bob0 = await connectDevice(server.httpPort, 'bob');
    const dialog = await call(alice0, bob0);

    server = await restart(server);
    const alice = await connectDevice(server.httpPort, 'alice', alice0);
    const { spec } = inDialog(dialog, true, 'BYE', 2);
    const answered = alice.sip.send(spec); // bob is not back yet
    await new Promise((resolve) => setTimeout(resolve, 500));
    const bob = await connectDevice(server.httpPort, 'bob', bob0);
    const received = answersNext(bob, 'BYE');
    const response = await answered;
    expect(response.status).toBe(200);
    expect((await received).headers.get('Call-ID')).toBe(dialog.callId);
  });

  it('is answered 404 when the peer does not come back within the wait', async () => {
    server = await startTestServer();
    const alice0 = await connectDevice(server.httpPort, 'alice');
    const bob0 = await connectDevice(server.httpPort, 'bob');
    const dialog = await call(alice0, bob0);
    server = await restart(server);
    const alice = await connectDevice(server.httpPort, 'alice', alice0);
    const { spec } = inDialog(dialog, true, 'BYE', 2);
    const started = Date.now();
    alice.sip.client.sendBytes(Buffer.from(alice.sip.build(spec), 'latin1')); // on alice's registered connection: no challenge
    const response = await alice.sip.client.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === dialog.callId, 15_000);
    expect(response.kind === 'response' && response.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500); // it waited for bob, then gave up
  }, 20_000);
});
