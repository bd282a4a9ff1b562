/**
 * Issue 15 defect 5: no open relay, no UDP reflection. A request from a non-user reaches our users only; a Route is
 * honoured only as our own Record-Route entry or towards an address we learned; nothing is sent to an address not
 * learned from a registration or from a dialog we record-routed. The legitimate case stays: a caller from another
 * domain over UDP (no account) calls alice, and alice's in-dialog requests reach it back through our Record-Route.
 */
import { describe, expect, it } from 'vitest';
import type { SipHeaders, SipRequest, SipResponse } from '../../../src/core/sip/index.ts';
import { SipUser } from '../../helpers/sip-session.ts';
import { TEST_USERS } from '../../helpers/test-server.ts';
import { baseHeaders, delay, id, rawRequest, TEST_DOMAIN, useProxyServer, type Victim } from './harness.ts';

const fixture = useProxyServer();
const D = TEST_DOMAIN;
const FOREIGN = `<sip:mallory@evil.test>;tag=${id()}`;

/** How long a victim must stay silent: the server's first UDP retransmission (T1) comes after 500 ms. */
const SILENCE_MS = 1200;

describe('an attacker without an account', () => {
  /** Each vector gets its own victim; `uri(v)` and `route(v)` point at it. */
  const VECTORS: { name: string; method: string; uri: (v: Victim) => string; route?: (v: Victim) => string; to?: string }[] = [
    { name: 'MESSAGE to a user at the victim', method: 'MESSAGE', uri: (v) => `sip:victim@127.0.0.1:${v.port}` },
    { name: 'INVITE to a user at the victim', method: 'INVITE', uri: (v) => `sip:victim@127.0.0.1:${v.port}` },
    { name: 'OPTIONS to the victim itself', method: 'OPTIONS', uri: (v) => `sip:127.0.0.1:${v.port}` },
    { name: 'REGISTER to the victim', method: 'REGISTER', uri: (v) => `sip:127.0.0.1:${v.port}` },
    { name: 'MESSAGE to bob through a Route at the victim', method: 'MESSAGE', uri: () => `sip:bob@${D}`, route: (v) => `<sip:127.0.0.1:${v.port};lr>` },
    {
      name: 'MESSAGE to the victim through our own Route',
      method: 'MESSAGE',
      uri: (v) => `sip:victim@127.0.0.1:${v.port}`,
      route: () => `<sip:sealphone@127.0.0.1:${fixture.server.sipPort};transport=udp;lr>`,
    },
    { name: 'in-dialog BYE to the victim, To bob', method: 'BYE', uri: (v) => `sip:victim@127.0.0.1:${v.port}`, to: `<sip:bob@${D}>;tag=${id()}` },
    { name: 'ACK to the victim', method: 'ACK', uri: (v) => `sip:victim@127.0.0.1:${v.port}`, to: `<sip:bob@${D}>;tag=${id()}` },
  ];

  it('makes the server send nothing to an address it did not learn, over UDP', async () => {
    await fixture.user('bob');
    const attacker = await fixture.attacker('udp');
    const victims: Victim[] = [];
    const callIds: string[] = [];
    for (const v of VECTORS) {
      const victim = await fixture.victim();
      victims.push(victim);
      const headers: Record<string, string> = { ...baseHeaders(attacker, v.method, FOREIGN, v.to ?? `<sip:victim@127.0.0.1:${victim.port}>`), 'Content-Type': 'text/plain' };
      if (v.route) headers.Route = v.route(victim);
      callIds.push(headers['Call-ID']!);
      attacker.sendText(rawRequest(v.method, v.uri(victim), headers, 'reflect me'));
    }
    await delay(SILENCE_MS);
    expect(Object.fromEntries(VECTORS.map((v, i) => [v.name, victims[i]!.received.length]))).toEqual(Object.fromEntries(VECTORS.map((v) => [v.name, 0])));
    // And each (but the ACK) got a final answer at once from the server itself: a refusal, or for OPTIONS to our own
    // address (the victim shares it, on another port) the server's own 200.
    const finals = VECTORS.map((v, i) => {
      if (v.method === 'ACK') return [v.name, 'none'];
      const r = attacker.received.find((m): m is SipResponse => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === callIds[i]);
      return [v.name, r ? (r.status >= 400 || v.method === 'OPTIONS' ? 'answered here' : r.status) : 'none'];
    });
    expect(Object.fromEntries(finals)).toEqual(Object.fromEntries(VECTORS.map((v) => [v.name, v.method === 'ACK' ? 'none' : 'answered here'])));
  });
});

describe('an authenticated user', () => {
  it('cannot make the server send to an address it did not learn either', async () => {
    const carol = await fixture.user('carol');
    const victim = await fixture.victim();
    const headers = { ...baseHeaders(carol.client, 'MESSAGE', `<sip:carol@${D}>;tag=${id()}`, `<sip:victim@127.0.0.1:${victim.port}>`), 'Content-Type': 'text/plain' };
    carol.client.sendText(rawRequest('MESSAGE', `sip:victim@127.0.0.1:${victim.port}`, headers, 'reflect me'));
    const r = await carol.client.response(undefined, 'MESSAGE', 3000);
    expect(r.status).toBe(404);
    await delay(SILENCE_MS);
    expect(victim.received).toEqual([]);
  });
});

describe('a caller from another domain over UDP (no account)', () => {
  it('calls alice, and alice ends the call through our Record-Route to the address it called from', async () => {
    const alice = await fixture.user('alice');
    const caller = await fixture.attacker('udp');
    const contact = `<sip:caller@127.0.0.1:${caller.localPort}>`;
    const invite = { ...baseHeaders(caller, 'INVITE', `<sip:caller@elsewhere.test>;tag=${id()}`, `<sip:alice@${D}>`), Contact: contact };
    caller.sendText(rawRequest('INVITE', `sip:alice@${D}`, invite));
    const got = (await alice.client.request('INVITE')) as SipRequest;
    const recordRoute = got.headers.values('Record-Route');
    expect(recordRoute.length).toBeGreaterThan(0);
    // alice answers 200 with her Contact and the Record-Route set (RFC 3261 section 12.1.1).
    const toTag = id();
    const h = got.headers;
    alice.client.sendText(okText(h, recordRoute, toTag, alice.contact));
    const ok = await caller.response(200, 'INVITE');
    const routeSet = ok.headers.values('Record-Route').reverse();
    // The caller ACKs along the route set to alice's contact; alice gets it.
    const aliceContact = alice.contact.slice(1, -1);
    caller.sendText(
      rawRequest('ACK', aliceContact, {
        ...baseHeaders(caller, 'ACK', h.get('From')!, `${h.get('To')};tag=${toTag}`),
        'Call-ID': h.get('Call-ID')!,
        CSeq: `${h.get('CSeq')!.split(' ')[0]} ACK`,
        Route: routeSet.join(', '),
      }),
    );
    expect((await alice.client.request('ACK')).method).toBe('ACK');
    // alice's BYE: her route set is the Record-Route as received, her remote target the caller's Contact.
    const bye = {
      Via: `SIP/2.0/WS ${id()}.invalid;branch=z9hG4bK${id()}`,
      'Max-Forwards': '70',
      From: `${h.get('To')};tag=${toTag}`,
      To: h.get('From')!,
      'Call-ID': h.get('Call-ID')!,
      CSeq: '1 BYE',
      Route: recordRoute.join(', '),
    };
    alice.client.sendText(rawRequest('BYE', contact.slice(1, -1), bye));
    const byeAtCaller = await caller.request('BYE', 3000);
    caller.respond(byeAtCaller, 200);
    expect((await alice.client.response(200, 'BYE')).status).toBe(200);
  });
});

describe('a user behind an edge proxy (RFC 3327 Path) over TCP', () => {
  it('is called by a stranger, and the stranger\'s BYE through our Record-Route and the edge reaches her', async () => {
    const edge = await SipUser.connect('tcp', fixture.server.sipPort, 'carol', TEST_USERS.carol!, D);
    const edgeRoute = `<sip:edge@127.0.0.1:${edge.client.localPort};transport=tcp;lr>`;
    const registered = await edge.send({ method: 'REGISTER', uri: `sip:${D}`, to: `<${edge.aor}>`, headers: { Expires: '600', Supported: 'path', Path: edgeRoute } });
    expect(registered.status).toBe(200);
    const caller = await fixture.attacker('udp');
    const contact = `<sip:caller@127.0.0.1:${caller.localPort}>`;
    caller.sendText(rawRequest('INVITE', `sip:carol@${D}`, { ...baseHeaders(caller, 'INVITE', `<sip:caller@elsewhere.test>;tag=${id()}`, `<sip:carol@${D}>`), Contact: contact }));
    const got = (await edge.client.request('INVITE')) as SipRequest;
    expect(got.headers.values('Route')[0]).toBe(edgeRoute);
    // The edge record-routes too, then the UA answers; the 200 carries the whole Record-Route set.
    const recordRoute = [edgeRoute, ...got.headers.values('Record-Route')];
    const h = got.headers;
    const toTag = id();
    edge.client.sendText(okText(h, recordRoute, toTag, edge.contact));
    const ok = await caller.response(200, 'INVITE');
    const routeSet = ok.headers.values('Record-Route').reverse();
    expect(routeSet[routeSet.length - 1]).toBe(edgeRoute);
    caller.sendText(
      rawRequest('BYE', edge.contact.slice(1, -1), {
        ...baseHeaders(caller, 'BYE', h.get('From')!, `${h.get('To')};tag=${toTag}`, 2),
        'Call-ID': h.get('Call-ID')!,
        Route: routeSet.join(', '),
      }),
    );
    const bye = await edge.client.request('BYE', 3000);
    expect(bye.headers.values('Route')).toEqual([edgeRoute]);
    edge.client.respond(bye, 200);
    expect((await caller.response(200, 'BYE')).status).toBe(200);
    edge.close();
  });
});

/** The UAS's 200 OK to an INVITE (rfc3261#section-12.1.1): Via, From, Call-ID, CSeq copied, the Record-Route set, our tag. */
function okText(h: SipHeaders, recordRoute: readonly string[], toTag: string, contact: string): string {
  return [
    'SIP/2.0 200 OK',
    ...h.values('Via').map((v) => `Via: ${v}`),
    ...recordRoute.map((rr) => `Record-Route: ${rr}`),
    `From: ${h.get('From')}`,
    `To: ${h.get('To')};tag=${toTag}`,
    `Call-ID: ${h.get('Call-ID')}`,
    `CSeq: ${h.get('CSeq')}`,
    `Contact: ${contact}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
