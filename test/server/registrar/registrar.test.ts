/**
 * The registrar (RFC 3261 section 10.3) over parsed REGISTER requests, with the real DigestAuthenticator, an in-memory
 * LocationService and an injected clock. Digest answers are computed by the test client in ../auth/fakes.ts.
 */
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseNameAddr, serializeSipMessage, type NameAddr, type SipResponse } from '../../../src/core/sip/index.ts';
import { parseSipDate } from '../../../src/core/identity/index.ts';
import { DigestAuthenticator } from '../../../server/sip/auth/index.ts';
import { OwnConnections } from '../../../server/sip/auth/own-connections.ts';
import { LocationService, Registrar, type Binding } from '../../../server/sip/registrar/index.ts';
import type { AuthenticatedUser } from '../../../server/sip/request-context.ts';
import { answerChallenge, DOMAIN, FakeConnection, FakeDirectory, FakeIncoming, PASSWORDS, parseRequest } from '../auth/fakes.ts';

const T0 = 1_767_000_000_000;
const ALICE: AuthenticatedUser = { username: 'alice', domain: DOMAIN, aor: `sip:alice@${DOMAIN}` };
const INSTANCE = '"<urn:uuid:7f4b4c2a-42d0-4bd4-a1c4-9e33c6d9b2f1>"';

let now: number;
let auth: DigestAuthenticator;
let location: LocationService;
let registrar: Registrar;
let own: OwnConnections;
let ws: FakeConnection;
let changes: Array<{ aor: string; uris: string[] }>;

beforeEach(() => {
  now = T0;
  auth = new DigestAuthenticator({ realm: DOMAIN, directory: new FakeDirectory(), now: () => now, failureLimits: null });
  location = new LocationService({ now: () => now, sweepIntervalMs: 0 });
  own = new OwnConnections();
  registrar = new Registrar({ domain: DOMAIN, authenticator: auth, location, ownConnections: own, now: () => now });
  ws = new FakeConnection('WS');
  changes = [];
  location.on('changed', (aor, bindings) => changes.push({ aor, uris: bindings.map((b) => b.uri) }));
});

interface RegisterSpec {
  /** Who answers the challenge; null sends no Authorization. Default alice. */
  as?: string | null;
  password?: string;
  to?: string;
  uri?: string;
  callId?: string;
  cseq?: number;
  contacts?: string[];
  expires?: string;
  extra?: string[];
  connection?: FakeConnection;
  /** What the stack says the connection is authenticated as. */
  user?: AuthenticatedUser | null;
  /** Via lines of proxies the request passed before ours (a shared connection). */
  proxyVias?: string[];
}

let nextCseq = 1;

function register(spec: RegisterSpec = {}): FakeIncoming {
  const uri = spec.uri ?? `sip:${DOMAIN}`;
  const as = spec.as === undefined ? 'alice' : spec.as;
  const lines = [
    `REGISTER ${uri} SIP/2.0`,
    ...(spec.proxyVias ?? []),
    'Via: SIP/2.0/WS 3ar1mi2ofvdv.invalid;branch=z9hG4bK' + Math.random().toString(36).slice(2),
    'Max-Forwards: 70',
    `To: ${spec.to ?? `<sip:alice@${DOMAIN}>`}`,
    `From: <sip:alice@${DOMAIN}>;tag=4hh5v1kq2t`,
    `Call-ID: ${spec.callId ?? 'call-1'}`,
    `CSeq: ${spec.cseq ?? nextCseq++} REGISTER`,
    ...(spec.contacts ?? ['<sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws>']).map((c) => `Contact: ${c}`),
    ...(spec.expires === undefined ? [] : [`Expires: ${spec.expires}`]),
    ...(spec.extra ?? []),
  ];
  if (as !== null) {
    const challenge = auth.challengeHeaders({ proxy: false }).map(([, value]) => value);
    lines.push(`Authorization: ${answerChallenge(challenge, { username: as, password: spec.password ?? PASSWORDS[as] ?? 'x', method: 'REGISTER', uri })}`);
  }
  const incoming = new FakeIncoming(parseRequest(lines), spec.connection ?? ws, spec.user ?? null);
  expect(registrar.handle(incoming)).toBe(true);
  return incoming;
}

function contactsOf(response: SipResponse): NameAddr[] {
  return response.headers.values('Contact').map(parseNameAddr);
}

function expiresOf(response: SipResponse): Record<string, number> {
  return Object.fromEntries(contactsOf(response).map((c) => [c.uri.kind === 'sip' ? `${c.uri.user}@${c.uri.host}` : '?', Number(c.params.get('expires'))]));
}

describe('Registrar: registering', () => {
  it('binds a contact to the AOR and the connection, and answers 200 with the contact, its expires and a Date', () => {
    const incoming = register({ expires: '600' });
    const response = incoming.response;
    expect(response.status).toBe(200);
    expect(expiresOf(response)).toEqual({ 'fo4rvcdb@3ar1mi2ofvdv.invalid': 600 });
    expect(contactsOf(response)[0]!.uri).toMatchObject({ params: new Map([['transport', 'ws']]) });
    expect(parseSipDate(response.headers.get('Date')!).getTime()).toBe(T0);

    const [binding] = location.lookup(`sip:alice@${DOMAIN}`);
    expect(binding).toMatchObject({ aor: `sip:alice@${DOMAIN}`, uri: 'sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws', callId: 'call-1', expiresAt: T0 + 600_000, registeredAt: T0 });
    expect(binding!.connection).toBe(ws);
    expect(location.connectionForContact('sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws')).toBe(ws);
    expect(changes).toEqual([{ aor: `sip:alice@${DOMAIN}`, uris: ['sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws'] }]);
  });

  it('challenges a REGISTER without credentials with 401 and changes nothing', () => {
    const incoming = register({ as: null });
    expect(incoming.response.status).toBe(401);
    expect(incoming.response.headers.getAll('WWW-Authenticate')).toHaveLength(2);
    expect(location.lookup(ALICE.aor)).toEqual([]);
  });

  it('challenges a wrong password again with 401', () => {
    expect(register({ password: 'guess' }).response.status).toBe(401);
    expect(location.lookup(ALICE.aor)).toEqual([]);
  });

  it('answers 403 when the authenticated user is not the To AOR, in user or domain', () => {
    expect(register({ as: 'bob' }).response).toMatchObject({ status: 403 });
    expect(register({ to: '<sip:alice@elsewhere.test>' }).response.status).toBe(403);
    expect(register({ to: '<tel:+15551234567>' }).response.status).toBe(403);
    expect(location.size).toBe(0);
  });

  it('accepts the To AOR in an equivalent spelling (host case, sips, parameters)', () => {
    expect(register({ to: `"Alice" <sips:alice@SealPhone.TEST;transport=ws>` }).response.status).toBe(200);
    expect(location.lookup(`sip:alice@${DOMAIN}`)).toHaveLength(1);
    expect(location.lookup(`sips:alice@sealphone.TEST:5061;lr`)).toHaveLength(1);
  });

  it('uses the Expires header, then 3600; a contact expires parameter wins; values that are not delta-seconds count as absent', () => {
    expect(expiresOf(register({ contacts: ['<sip:a@h1.invalid>'] }).response)).toEqual({ 'a@h1.invalid': 3600 });
    expect(expiresOf(register({ contacts: ['<sip:b@h2.invalid>'], expires: '120' }).response)).toMatchObject({ 'b@h2.invalid': 120 });
    expect(expiresOf(register({ contacts: ['<sip:c@h3.invalid>;expires=300'], expires: '120' }).response)).toMatchObject({ 'c@h3.invalid': 300 });
    expect(expiresOf(register({ contacts: ['<sip:d@h4.invalid>'], expires: '10000000000000000000' }).response)).toMatchObject({ 'd@h4.invalid': 3600 });
  });

  it('shortens a registration longer than the maximum', () => {
    expect(expiresOf(register({ contacts: ['<sip:a@h.invalid>;expires=86400'] }).response)).toEqual({ 'a@h.invalid': 3600 });
  });

  it('answers 423 with Min-Expires for a registration shorter than the minimum, and keeps nothing', () => {
    const response = register({ contacts: ['<sip:a@h.invalid>;expires=30'] }).response;
    expect(response.status).toBe(423);
    expect(response.headers.get('Min-Expires')).toBe('60');
    expect(register({ contacts: ['<sip:a@h.invalid>', '<sip:b@h.invalid>;expires=59'], expires: '600' }).response.status).toBe(423);
    expect(location.lookup(ALICE.aor)).toEqual([]);
  });

  it('answers a query (no Contact) with the current bindings without changing them', () => {
    register({ contacts: ['<sip:a@h.invalid>'], expires: '600' });
    now += 100_000;
    const response = register({ contacts: [] }).response;
    expect(response.status).toBe(200);
    expect(expiresOf(response)).toEqual({ 'a@h.invalid': 500 });
  });
});

describe('Registrar: refresh and removal', () => {
  it('refreshes a binding with the same Call-ID and a higher CSeq, without a changed event', () => {
    register({ callId: 'c', cseq: 1, expires: '600' });
    now += 300_000;
    const response = register({ callId: 'c', cseq: 2, expires: '600' }).response;
    expect(expiresOf(response)).toEqual({ 'fo4rvcdb@3ar1mi2ofvdv.invalid': 600 });
    const [binding] = location.lookup(ALICE.aor);
    expect(binding).toMatchObject({ cseq: 2, expiresAt: now + 600_000, registeredAt: T0 });
    expect(changes).toHaveLength(1);
  });

  it('fails an out-of-order REGISTER (same Call-ID, CSeq not higher) with 500 and changes nothing', () => {
    register({ callId: 'c', cseq: 5, expires: '600' });
    for (const cseq of [5, 4]) {
      expect(register({ callId: 'c', cseq, expires: '0' }).response.status).toBe(500);
      expect(register({ callId: 'c', cseq, contacts: ['<sip:new@h.invalid>', '<sip:fo4rvcdb@3ar1mi2ofvdv.invalid;transport=ws>'] }).response.status).toBe(500);
    }
    expect(location.lookup(ALICE.aor).map((b) => b.cseq)).toEqual([5]);
    // Another Call-ID is another client: its update goes through whatever its CSeq.
    expect(register({ callId: 'other', cseq: 1, expires: '600' }).response.status).toBe(200);
    expect(location.lookup(ALICE.aor)).toMatchObject([{ callId: 'other', cseq: 1 }]);
  });

  it('removes a contact with expires=0 or Expires: 0', () => {
    register({ contacts: ['<sip:a@h.invalid>', '<sip:b@h.invalid>'], callId: 'c', cseq: 1 });
    let response = register({ contacts: ['<sip:a@h.invalid>;expires=0'], callId: 'c', cseq: 2 }).response;
    expect(Object.keys(expiresOf(response))).toEqual(['b@h.invalid']);
    response = register({ contacts: ['<sip:b@h.invalid>'], expires: '0', callId: 'c', cseq: 3 }).response;
    expect(response.status).toBe(200);
    expect(response.headers.has('Contact')).toBe(false);
    expect(location.size).toBe(0);
    expect(changes.map((c) => c.uris)).toEqual([['sip:a@h.invalid', 'sip:b@h.invalid'], ['sip:b@h.invalid'], []]);
  });

  it('removes every binding with Contact: * and Expires: 0', () => {
    register({ contacts: ['<sip:a@h.invalid>'], callId: 'c1', cseq: 1 });
    register({ contacts: ['<sip:b@h.invalid>'], callId: 'c2', cseq: 1 });
    const response = register({ contacts: ['*'], expires: '0', callId: 'c1', cseq: 2 }).response;
    expect(response.status).toBe(200);
    expect(location.lookup(ALICE.aor)).toEqual([]);
  });

  it('refuses Contact: * without Expires: 0, or with other contacts, with 400', () => {
    register({ contacts: ['<sip:a@h.invalid>'], callId: 'c', cseq: 1 });
    for (const spec of [{ contacts: ['*'] }, { contacts: ['*'], expires: '60' }, { contacts: ['*', '<sip:b@h.invalid>'], expires: '0' }, { contacts: ['*'], expires: 'soon' }]) {
      expect(register({ ...spec, callId: 'c', cseq: 10 }).response.status).toBe(400);
    }
    expect(location.lookup(ALICE.aor)).toHaveLength(1);
  });

  it('fails Contact: * with 500 when a binding of the same Call-ID has a CSeq not lower', () => {
    register({ contacts: ['<sip:a@h.invalid>'], callId: 'c', cseq: 7 });
    expect(register({ contacts: ['*'], expires: '0', callId: 'c', cseq: 7 }).response.status).toBe(500);
    expect(location.lookup(ALICE.aor)).toHaveLength(1);
  });

  it('expires bindings by the clock: lookups skip them at once, sweep removes them and reports the change', () => {
    register({ contacts: ['<sip:a@h.invalid>;expires=60', '<sip:b@h.invalid>;expires=120'] });
    now += 60_000;
    expect(location.lookup(ALICE.aor).map((b) => b.uri)).toEqual(['sip:b@h.invalid']);
    expect(expiresOf(register({ contacts: [] }).response)).toEqual({ 'b@h.invalid': 60 });
    changes = [];
    location.sweep();
    expect(changes).toEqual([{ aor: ALICE.aor, uris: ['sip:b@h.invalid'] }]);
    now += 60_000;
    location.sweep();
    expect(location.size).toBe(0);
    expect(location.connectionForContact('sip:b@h.invalid')).toBeNull();
  });
});

describe('Registrar: devices and connections', () => {
  it('keeps several devices per AOR, each with its own connection, and lists them all', () => {
    const phone = new FakeConnection('WSS');
    const laptop = new FakeConnection('TCP');
    register({ connection: phone, callId: 'phone', contacts: ['<sip:p@phone.invalid;transport=ws>'] });
    const response = register({ connection: laptop, callId: 'laptop', contacts: ['<sip:alice@192.0.2.7:5070;transport=tcp>'] }).response;
    expect(Object.keys(expiresOf(response))).toEqual(['p@phone.invalid', 'alice@192.0.2.7']);
    const bindings = location.lookup(ALICE.aor);
    expect(bindings.map((b) => b.connection)).toEqual([phone, laptop]);
    expect(location.connectionForContact('sip:alice@192.0.2.7:5070;transport=TCP')).toBe(laptop);
    expect(location.connectionForContact('sip:P@phone.invalid;transport=ws')).toBeNull(); // the user part is case-sensitive
  });

  it('drops a connection\'s bindings when it closes, and only those', () => {
    const other = new FakeConnection('WS');
    register({ callId: 'a', contacts: ['<sip:a@a.invalid;transport=ws>'] });
    register({ connection: other, callId: 'b', contacts: ['<sip:b@b.invalid;transport=ws>'] });
    register({ connection: other, as: 'bob', to: `<sip:bob@${DOMAIN}>`, callId: 'bob', contacts: ['<sip:bob@b.invalid;transport=ws>'] });
    changes = [];
    other.close();
    expect(location.lookup(ALICE.aor).map((b) => b.uri)).toEqual(['sip:a@a.invalid;transport=ws']); // unreachable at once
    location.dropConnection(other.id);
    expect(changes).toEqual([
      { aor: ALICE.aor, uris: ['sip:a@a.invalid;transport=ws'] },
      { aor: `sip:bob@${DOMAIN}`, uris: [] },
    ]);
    expect(location.bindings(`sip:bob@${DOMAIN}`)).toEqual([]);
    expect(location.connectionForContact('sip:b@b.invalid;transport=ws')).toBeNull();
    location.dropConnection(other.id); // twice is harmless
    expect(location.lookup(ALICE.aor)).toHaveLength(1);
  });

  it('keeps +sip.instance and reg-id, echoes them as JsSIP expects, and lets a reconnected client replace its binding', () => {
    const contact = (host: string): string => `<sip:fo4rvcdb@${host}.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance=${INSTANCE};expires=600`;
    const first = register({ callId: 'c', cseq: 1, contacts: [contact('first')] }).response;
    const echoed = contactsOf(first)[0]!;
    expect(echoed.params.get('+sip.instance')).toBe(INSTANCE);
    expect(echoed.params.get('reg-id')).toBe('1');
    expect(echoed.params.has('+sip.ice')).toBe(true);
    expect(location.lookup(ALICE.aor)[0]).toMatchObject({ instanceId: INSTANCE, regId: 1 });

    // JsSIP's Registrator finds its own contact in our 200 by +sip.instance and reg-id, then reads expires.
    const require = createRequire(import.meta.url);
    const Parser = require('jssip/lib/Parser') as { parseMessage(data: string, ua: unknown): { headers: Record<string, Array<{ parsed: { getParam(name: string): string | null } }>> } };
    const parsed = Parser.parseMessage(new TextDecoder().decode(serializeSipMessage(first)), null);
    const mine = parsed.headers.Contact!.map((h) => h.parsed).find((c) => c.getParam('+sip.instance') === INSTANCE && Number.parseInt(c.getParam('reg-id') ?? '', 10) === 1);
    expect(mine?.getParam('expires')).toBe('600');

    // The WebSocket dropped; the client reconnects and registers from a new connection with a new Contact host.
    const second = new FakeConnection('WS');
    const response = register({ connection: second, callId: 'c', cseq: 2, contacts: [contact('second')] }).response;
    expect(Object.keys(expiresOf(response))).toEqual(['fo4rvcdb@second.invalid']);
    expect(location.lookup(ALICE.aor)).toMatchObject([{ uri: 'sip:fo4rvcdb@second.invalid;transport=ws', registeredAt: T0 }]);
    expect(location.lookup(ALICE.aor)[0]!.connection).toBe(second);
    // The old connection closing later takes nothing with it.
    location.dropConnection(ws.id);
    expect(location.lookup(ALICE.aor)).toHaveLength(1);

    // Un-REGISTER by instance and reg-id (JsSIP's unregister()).
    register({ connection: second, callId: 'c', cseq: 3, contacts: [contact('second').replace('expires=600', 'expires=0')] });
    expect(location.lookup(ALICE.aor)).toEqual([]);
  });

  it('treats reg-id as a plain parameter without an instance id, and refuses a bad one with one', () => {
    expect(register({ contacts: ['<sip:a@h.invalid>;reg-id=x'] }).response.status).toBe(200);
    expect(location.lookup(ALICE.aor)[0]!.regId).toBeUndefined();
    expect(register({ contacts: [`<sip:b@h.invalid>;+sip.instance=${INSTANCE};reg-id=0`] }).response.status).toBe(400);
  });

  it('binds a connection to the user of a digest REGISTER, and then takes her REGISTERs on it without a challenge', () => {
    const request = (incoming: FakeIncoming) => incoming.request;
    const first = register({ callId: 'c', cseq: 1 });
    expect(registrar.authenticatedUserOf(ws, request(first))).toEqual(ALICE);
    // The stack now sets incoming.user for requests on this connection.
    const refresh = register({ as: null, user: ALICE, callId: 'c', cseq: 2, expires: '900' });
    expect(refresh.response.status).toBe(200);
    expect(expiresOf(refresh.response)).toEqual({ 'fo4rvcdb@3ar1mi2ofvdv.invalid': 900 });
    // Another AOR on the same connection is challenged, not refused: it may be a second user behind it (defect 3).
    expect(register({ as: null, user: ALICE, to: `<sip:bob@${DOMAIN}>` }).response.status).toBe(401);
    // Closed connections lose the mark.
    own.closed(ws.id);
    expect(registrar.authenticatedUserOf(ws, request(first))).toBeNull();
  });

  it('never binds UDP, nor a connection on which two users registered, nor one that a request reached through a proxy', () => {
    const udp = new FakeConnection('UDP');
    const overUdp = register({ connection: udp });
    expect(location.lookup(ALICE.aor)[0]!.connection).toBe(udp);
    expect(registrar.authenticatedUserOf(udp, overUdp.request)).toBeNull();

    const shared = new FakeConnection('TCP');
    const alices = register({ connection: shared, callId: 'a' });
    expect(registrar.authenticatedUserOf(shared, alices.request)).toEqual(ALICE);
    register({ connection: shared, as: 'bob', to: `<sip:bob@${DOMAIN}>`, callId: 'b', contacts: ['<sip:bob@b.invalid;transport=tcp>'] });
    expect(registrar.authenticatedUserOf(shared, alices.request)).toBeNull();
    expect(own.isShared(shared)).toBe(true);

    const proxied = new FakeConnection('TCP');
    const viaProxy = register({ connection: proxied, callId: 'p', contacts: ['<sip:a@p.invalid>'], proxyVias: ['Via: SIP/2.0/TCP 192.0.2.7;branch=z9hG4bKedge1'] });
    expect(viaProxy.response.status).toBe(200);
    expect(registrar.authenticatedUserOf(proxied, viaProxy.request)).toBeNull();
    // Even a later single-Via request on it does not make it anyone's.
    expect(registrar.authenticatedUserOf(proxied, alices.request)).toBeNull();
    const withPath = new FakeConnection('TCP');
    const pathed = register({ connection: withPath, callId: 'q', contacts: ['<sip:a@q.invalid>'], extra: ['Path: <sip:edge.example;lr>'] });
    expect(registrar.authenticatedUserOf(withPath, pathed.request)).toBeNull();
  });

  it('refuses more bindings per AOR than allowed with 403', () => {
    registrar = new Registrar({ domain: DOMAIN, authenticator: auth, location, ownConnections: own, now: () => now, maxBindingsPerAor: 2 });
    register({ contacts: ['<sip:a@h.invalid>', '<sip:b@h.invalid>'] });
    expect(register({ contacts: ['<sip:c@h.invalid>'] }).response).toMatchObject({ status: 403, reason: 'Too Many Contacts' });
    expect(location.lookup(ALICE.aor)).toHaveLength(2);
  });
});

describe('Registrar: what it takes and refuses', () => {
  it('takes only REGISTER for our domain (or the local address it arrived on); others go to the proxy', () => {
    const other = new FakeIncoming(parseRequest(['REGISTER sip:elsewhere.test SIP/2.0', 'Via: SIP/2.0/WS h.invalid;branch=z9hG4bK1', 'To: <sip:alice@elsewhere.test>', 'From: <sip:alice@elsewhere.test>;tag=1', 'Call-ID: x', 'CSeq: 1 REGISTER']), ws);
    expect(registrar.handle(other)).toBe(false);
    expect(other.responses).toEqual([]);
    const options = new FakeIncoming(parseRequest([`OPTIONS sip:${DOMAIN} SIP/2.0`, 'Via: SIP/2.0/WS h.invalid;branch=z9hG4bK2', `To: <sip:${DOMAIN}>`, `From: <sip:alice@${DOMAIN}>;tag=1`, 'Call-ID: y', 'CSeq: 1 OPTIONS']), ws);
    expect(registrar.handle(options)).toBe(false);
    expect(register({ uri: `sip:${ws.localAddress}` }).response.status).toBe(200);
    expect(register({ uri: 'sip:SEALPHONE.test;transport=ws' }).response.status).toBe(200);
  });

  it('answers 420 with Unsupported for a Require it does not know, and accepts path', () => {
    const response = register({ extra: ['Require: outbound, foo'] }).response;
    expect(response.status).toBe(420);
    expect(response.headers.values('Unsupported')).toEqual(['outbound', 'foo']);
    expect(register({ extra: ['Require: path', 'Supported: path', 'Path: <sip:edge.sealphone.test;lr>'] }).response.status).toBe(200);
  });

  it('keeps Path (RFC 3327) in the binding and echoes it when the client supports path', () => {
    const echoed = register({ extra: ['Supported: path, outbound', 'Path: <sip:edge1.test;lr>, <sip:edge2.test;lr>'] }).response;
    expect(echoed.headers.values('Path')).toEqual(['<sip:edge1.test;lr>', '<sip:edge2.test;lr>']);
    expect(location.lookup(ALICE.aor)[0]!.path).toEqual(['<sip:edge1.test;lr>', '<sip:edge2.test;lr>']);
    expect(register({ extra: ['Path: <sip:edge1.test;lr>'] }).response.headers.has('Path')).toBe(false);
  });

  it('answers 400 for a Contact it cannot read or that is not a SIP URI', () => {
    expect(register({ contacts: ['<sip:a@h.invalid'] }).response).toMatchObject({ status: 400 });
    expect(register({ contacts: ['<mailto:alice@example.test>'] }).response.status).toBe(400);
    expect(location.size).toBe(0);
  });

  it('keeps working when a changed listener throws', () => {
    location.on('changed', () => {
      throw new Error('listener bug');
    });
    expect(register().response.status).toBe(200);
    expect(location.lookup(ALICE.aor)).toHaveLength(1);
  });
});

describe('LocationService', () => {
  function binding(over: Partial<Binding> = {}): Binding {
    return {
      aor: ALICE.aor,
      contact: parseNameAddr('<sip:a@h.invalid>'),
      uri: 'sip:a@h.invalid',
      callId: 'c',
      cseq: 1,
      expiresAt: now + 60_000,
      registeredAt: now,
      connection: ws,
      path: [],
      ...over,
    };
  }

  it('looks AORs up in any equivalent spelling, and nothing for what is not an AOR', () => {
    location.replaceBindings(ALICE.aor, [binding()]);
    for (const aor of [ALICE.aor, 'sip:alice@SEALPHONE.test', 'sips:alice@sealphone.test', 'sip:%61lice@sealphone.test', `<sip:alice@${DOMAIN}>`]) {
      expect(location.lookup(aor), aor).toHaveLength(aor.startsWith('<') ? 0 : 1);
    }
    expect(location.lookup('sip:Alice@sealphone.test')).toEqual([]);
    expect(location.lookup('tel:+1555')).toEqual([]);
  });

  it('refuses bindings that belong to another AOR', () => {
    expect(() => location.replaceBindings(ALICE.aor, [binding({ aor: `sip:bob@${DOMAIN}` })])).toThrow(TypeError);
    expect(() => location.replaceBindings('not an aor', [])).toThrow(TypeError);
  });

  it('sweeps bindings whose connection closed without dropConnection, and stops its timer on close', () => {
    const closed = new FakeConnection('TCP');
    location.replaceBindings(ALICE.aor, [binding({ connection: closed })]);
    closed.close();
    location.sweep();
    expect(location.size).toBe(0);
    const timed = new LocationService({ sweepIntervalMs: 1000 });
    timed.close();
  });

  it('emits changed when a binding moves to another connection, not on a plain refresh', () => {
    location.replaceBindings(ALICE.aor, [binding()]);
    changes = [];
    location.replaceBindings(ALICE.aor, [binding({ cseq: 2, expiresAt: now + 120_000 })]);
    expect(changes).toEqual([]);
    location.replaceBindings(ALICE.aor, [binding({ cseq: 3, connection: new FakeConnection('WS') })]);
    expect(changes).toHaveLength(1);
  });

  it('keeps a contact to the AOR that holds it: another AOR cannot bind it, even after its connection closed (issue 15)', () => {
    const BOB = `sip:bob@${DOMAIN}`;
    location.replaceBindings(ALICE.aor, [binding()]);
    const spellings = ['<sip:a@H.INVALID>', '<sips:a@h.invalid;transport=ws>', '<sip:%61@h.invalid.>'];
    for (const s of spellings) {
      const contact = parseNameAddr(s);
      expect(location.ownerOfContact(contact.uri), s).toBe(ALICE.aor);
      expect(() => location.replaceBindings(BOB, [binding({ aor: BOB, contact, uri: s.slice(1, -1) })]), s).toThrow(TypeError);
    }
    location.dropConnection(ws.id);
    expect(location.lookup(ALICE.aor)).toEqual([]);
    expect(location.ownerOfContact(parseNameAddr('<sip:a@h.invalid>').uri)).toBe(ALICE.aor);
    now += 60_000; // the claim lasts as long as the binding would have
    expect(location.ownerOfContact(parseNameAddr('<sip:a@h.invalid>').uri)).toBeNull();
    location.replaceBindings(BOB, [binding({ aor: BOB })]);
    expect(location.connectionForContact('sip:a@h.invalid')).toBe(ws);
  });

  it('frees a contact when its owner removes it, and on releaseContacts for one kept after a drop', () => {
    const BOB = `sip:bob@${DOMAIN}`;
    const uri = parseNameAddr('<sip:a@h.invalid>').uri;
    location.replaceBindings(ALICE.aor, [binding()]);
    location.replaceBindings(ALICE.aor, []);
    expect(location.ownerOfContact(uri)).toBeNull();
    location.replaceBindings(ALICE.aor, [binding()]);
    location.dropConnection(ws.id);
    location.releaseContacts(BOB, [uri]); // not bob's to free
    expect(location.ownerOfContact(uri)).toBe(ALICE.aor);
    location.releaseContacts(ALICE.aor, '*');
    expect(location.ownerOfContact(uri)).toBeNull();
  });

  it('keeps at most maxContactClaimsPerAor contacts for an AOR, never one with a live binding', () => {
    const small = new LocationService({ now: () => now, sweepIntervalMs: 0, maxContactClaimsPerAor: 2 });
    const c = (n: number): Partial<Binding> => ({ contact: parseNameAddr(`<sip:c${n}@h.invalid>`), uri: `sip:c${n}@h.invalid`, connection: new FakeConnection('WS') });
    for (let n = 1; n <= 3; n++) {
      const b = binding(c(n));
      small.replaceBindings(ALICE.aor, [b]);
      small.dropConnection(b.connection.id);
    }
    const live = binding(c(4));
    small.replaceBindings(ALICE.aor, [live]);
    const owners = [1, 2, 3, 4].map((n) => small.ownerOfContact(parseNameAddr(`<sip:c${n}@h.invalid>`).uri));
    expect(owners).toEqual([null, null, ALICE.aor, ALICE.aor]);
  });

  it('lets listeners unsubscribe', () => {
    const seen: string[] = [];
    const off = location.on('changed', (aor) => seen.push(aor));
    location.replaceBindings(ALICE.aor, [binding()]);
    off();
    location.replaceBindings(ALICE.aor, []);
    expect(seen).toEqual([ALICE.aor]);
  });
});
