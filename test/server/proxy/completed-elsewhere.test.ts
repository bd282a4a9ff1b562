/**
 * A forked INVITE answered on one device (RFC 3261 section 16.7 step 10): the proxy cancels the other branches, and
 * its CANCEL says why, `Reason: SIP;cause=200;text="Call completed elsewhere"` (RFC 3326 section 2), so the other
 * devices do not keep a missed call. A CANCEL the caller sent (RFC 3261 section 16.10) carries no such reason.
 * Real server, real sockets: bob registered on two WebSocket connections, a caller from another domain over UDP.
 */
import { describe, expect, it } from 'vitest';
import { completedElsewhere, type SipRequest } from '../../../src/core/sip/index.ts';
import { baseHeaders, id, rawRequest, TEST_DOMAIN as D, useProxyServer } from './harness.ts';

const fixture = useProxyServer();

/** bob on two devices, both ringing (180) for one INVITE of a caller from elsewhere. */
async function ringBothDevices() {
  const desk = await fixture.user('bob');
  const pocket = await fixture.user('bob');
  const caller = await fixture.attacker('udp');
  const headers = baseHeaders(caller, 'INVITE', `<sip:caller@elsewhere.test>;tag=${id()}`, `<sip:bob@${D}>`);
  caller.sendText(rawRequest('INVITE', `sip:bob@${D}`, { ...headers, Contact: `<sip:caller@127.0.0.1:${caller.localPort}>` }));
  const [atDesk, inPocket] = await Promise.all([desk.client.request('INVITE'), pocket.client.request('INVITE')]);
  desk.client.respond(atDesk, 180, 'Ringing');
  pocket.client.respond(inPocket, 180, 'Ringing');
  await caller.response(180, 'INVITE');
  await caller.response(180, 'INVITE');
  return { desk, pocket, caller, headers, atDesk, inPocket };
}

const reasons = (request: SipRequest) => request.headers.values('Reason');

describe('a forked call answered on one device', () => {
  it('the other device gets a CANCEL saying the call was completed elsewhere', async () => {
    const { desk, pocket, caller, atDesk, inPocket } = await ringBothDevices();
    pocket.client.respond(inPocket, 200, 'OK');
    await caller.response(200, 'INVITE');
    const cancel = await desk.client.request('CANCEL');
    expect(reasons(cancel)).toEqual(['SIP;cause=200;text="Call completed elsewhere"']);
    expect(completedElsewhere(reasons(cancel))).toBe(true);
    // It cancels the desk's own INVITE (RFC 3261 section 9.1: same branch); the device that answered gets none.
    expect(cancel.headers.values('Via')[0]).toBe(atDesk.headers.values('Via')[0]);
    await expect(pocket.client.request('CANCEL', 300)).rejects.toThrow(/no matching SIP message/);
  });

  it('a caller who hangs up while both ring: each device gets a CANCEL with no answered-elsewhere reason', async () => {
    const { desk, pocket, caller, headers } = await ringBothDevices();
    const cancel = { ...headers, CSeq: `${headers.CSeq!.split(' ')[0]} CANCEL` };
    caller.sendText(rawRequest('CANCEL', `sip:bob@${D}`, cancel));
    const [a, b] = await Promise.all([desk.client.request('CANCEL'), pocket.client.request('CANCEL')]);
    expect(completedElsewhere(reasons(a))).toBe(false);
    expect(completedElsewhere(reasons(b))).toBe(false);
  });
});
