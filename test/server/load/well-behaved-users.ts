/**
 * The well-behaved side of the load test: alice and bob registered with digest over WebSocket from 127.0.0.1
 * (raw SIP, tests/helpers/sip-session.ts), alice messaging bob and calling him (INVITE, 200, ACK, BYE through the
 * server's Record-Route) over and over; bob answers everything at once. Each exchange is timed and counted.
 */
import type { SipRequest, SipResponse } from '../../../src/core/sip/index.ts';
import { SipUser, id } from '../../helpers/sip-session.ts';

export interface WellBehavedUsers {
  alice: SipUser;
  bob: SipUser;
  close(): void;
}

export interface TrafficReport {
  messages: { sent: number; succeeded: number; latenciesMs: number[]; failures: string[] };
  calls: { attempted: number; succeeded: number; failures: string[] };
}

const SDP = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects and registers alice and bob; bob answers MESSAGE, INVITE and BYE with 200 from then on. */
export async function registerWellBehavedUsers(httpPort: number, domain: string, passwords: Record<string, string>): Promise<WellBehavedUsers> {
  const alice = await SipUser.connect('ws', httpPort, 'alice', passwords.alice!, domain);
  const bob = await SipUser.connect('ws', httpPort, 'bob', passwords.bob!, domain);
  const users = { alice, bob, close: () => [alice, bob].forEach((u) => u.close()) };
  try {
    for (const user of [alice, bob]) {
      const registered = await user.register();
      if (registered.status !== 200) throw new Error(`${user.user} could not register: ${registered.status} ${registered.reason}`);
    }
  } catch (error) {
    users.close();
    throw error;
  }
  bob.client.onRequest = (request) => answerAsBob(bob, request);
  return users;
}

function answerAsBob(bob: SipUser, request: SipRequest): void {
  if (request.method === 'ACK') return;
  if (request.method === 'INVITE') return bob.client.sendText(inviteAnswer(bob, request));
  bob.client.respond(request, 200);
}

/** 200 to an INVITE: the request's Vias and Record-Route (RFC 3261 section 12.1.1), a To tag, Contact, SDP. */
function inviteAnswer(bob: SipUser, invite: SipRequest): string {
  const h = invite.headers;
  return [
    'SIP/2.0 200 OK',
    ...h.values('Via').map((v) => `Via: ${v}`),
    ...h.values('Record-Route').map((r) => `Record-Route: ${r}`),
    `From: ${h.get('From')}`,
    `To: ${h.get('To')};tag=${id()}`,
    `Call-ID: ${h.get('Call-ID')}`,
    `CSeq: ${h.get('CSeq')}`,
    `Contact: ${bob.contact}`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(SDP)}`,
    '',
    SDP,
  ].join('\r\n');
}

/** Alice messages bob and calls him, both in loops, until `durationMs` has passed. */
export async function exchangeTraffic(users: WellBehavedUsers, domain: string, durationMs: number): Promise<TrafficReport> {
  const report: TrafficReport = { messages: { sent: 0, succeeded: 0, latenciesMs: [], failures: [] }, calls: { attempted: 0, succeeded: 0, failures: [] } };
  const until = Date.now() + durationMs;
  await Promise.all([messageLoop(users.alice, domain, until, report.messages), callLoop(users.alice, domain, until, report.calls)]);
  return report;
}

async function messageLoop(alice: SipUser, domain: string, until: number, stats: TrafficReport['messages']): Promise<void> {
  while (Date.now() < until) {
    stats.sent++;
    const started = performance.now();
    try {
      const answer = await alice.send({ method: 'MESSAGE', uri: `sip:bob@${domain}`, to: `<sip:bob@${domain}>`, headers: { 'Content-Type': 'text/plain' }, body: `hello bob, #${stats.sent}` });
      if (answer.status !== 200) throw new Error(`${answer.status} ${answer.reason}`);
      stats.latenciesMs.push(performance.now() - started);
      stats.succeeded++;
    } catch (error) {
      stats.failures.push(String(error instanceof Error ? error.message : error).slice(0, 120));
    }
    await sleep(50);
  }
}

async function callLoop(alice: SipUser, domain: string, until: number, stats: TrafficReport['calls']): Promise<void> {
  while (Date.now() < until) {
    stats.attempted++;
    try {
      await shortCall(alice, domain);
      stats.succeeded++;
    } catch (error) {
      stats.failures.push(String(error instanceof Error ? error.message : error).slice(0, 120));
    }
    await sleep(200);
  }
}

/** INVITE, 200, ACK and, 100 ms later, BYE and its 200; the in-dialog requests follow the Record-Route. */
async function shortCall(alice: SipUser, domain: string): Promise<void> {
  const callId = id();
  const fromTag = id();
  const answer = await alice.send({ method: 'INVITE', uri: `sip:bob@${domain}`, to: `<sip:bob@${domain}>`, callId, fromTag, headers: { 'Content-Type': 'application/sdp' }, body: SDP });
  if (answer.status !== 200) throw new Error(`INVITE: ${answer.status} ${answer.reason}`);
  const dialog = dialogOf(answer);
  alice.client.sendText(alice.build({ method: 'ACK', uri: dialog.target, to: dialog.to, callId, fromTag, cseq: dialog.inviteCSeq, headers: dialog.route }));
  await sleep(100);
  const bye = await alice.send({ method: 'BYE', uri: dialog.target, to: dialog.to, callId, fromTag, headers: dialog.route });
  if (bye.status !== 200) throw new Error(`BYE: ${bye.status} ${bye.reason}`);
}

/** The UAC's view of the dialog a 2xx made (RFC 3261 section 12.1.2): remote target, To with tag, route set. */
function dialogOf(answer: SipResponse): { target: string; to: string; inviteCSeq: number; route: Record<string, string> } {
  const contact = answer.headers.get('Contact') ?? '';
  const target = /<([^>]+)>/.exec(contact)?.[1] ?? contact;
  const routeSet = answer.headers.values('Record-Route').reverse();
  return {
    target,
    to: answer.headers.get('To')!,
    inviteCSeq: Number.parseInt(answer.headers.get('CSeq')!, 10),
    route: routeSet.length > 0 ? { Route: routeSet.join(', ') } : {},
  };
}

/** The `fraction` quantile (0.95 for p95) of `values`, by the nearest-rank method. */
export function quantile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
