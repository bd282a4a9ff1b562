/**
 * Requests the stack must answer rather than drop or fail (issue 15, defect 8), over real sockets: a top Via without
 * a branch (an RFC 2543 client, matched by RFC 3261 section 17.2.3's older rules), and requests the authentication
 * service cannot sign, which are the client's fault (400 or 403 Stale Date, RFC 4474 section 6.1), not ours (500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSipDate } from '../../../src/core/identity/index.ts';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { digestAuthorization } from '../../helpers/sip-digest.ts';
import { DOMAIN, startLimitsServer, type LimitsServer } from './limits-server.ts';

let ts: LimitsServer;
beforeAll(async () => {
  ts = await startLimitsServer({});
  ts.server.store!.addUser('alice', DOMAIN, 'alice-pw');
});
afterAll(async () => {
  await ts.stop();
});

let n = 0;

function request(method: string, uri: string, options: { via?: string; headers?: string[]; callId?: string } = {}): string {
  const id = `${process.pid}-${++n}`;
  return [
    `${method} ${uri} SIP/2.0`,
    options.via ?? `Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-${id}`,
    'Max-Forwards: 70',
    `From: <sip:probe@elsewhere.test>;tag=f${id}`,
    `To: <${uri}>`,
    `Call-ID: ${options.callId ?? id}`,
    `CSeq: 1 ${method}`,
    ...(options.headers ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('a top Via without a branch (RFC 2543 compatibility, RFC 3261 section 17.2.3)', () => {
  // Over TCP a non-INVITE transaction ends with its answer (Timer J is 0, RFC 3261 section 17.2.2); over UDP a
  // retransmission must find it and get the same answer, To tag included.
  it.each(['tcp', 'udp'] as const)('is answered over %s, and a retransmission over UDP gets the same answer', async (transport) => {
    const client = await RawSipClient.connect(transport, '127.0.0.1', ts.sipPort);
    const text = request('OPTIONS', `sip:${DOMAIN}`, { via: `Via: SIP/2.0/${transport.toUpperCase()} 127.0.0.1:${client.localPort}` });
    client.sendText(text);
    const first = await client.response(undefined, 'OPTIONS', 3000);
    expect(first.status).toBe(200);
    if (transport === 'udp') {
      client.sendText(text);
      const again = await client.response(undefined, 'OPTIONS', 3000);
      expect(again.headers.get('To')).toBe(first.headers.get('To'));
    }
    client.close();
  });
});

describe('requests the authentication service cannot sign are refused as the client\'s fault', () => {
  /** A MESSAGE from alice to alice, answered 407 and sent again with her credentials; resolves with its final status. */
  async function aliceMessage(extra: { headers?: string[]; callId?: string }): Promise<number> {
    const client = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort);
    try {
      const id = `${process.pid}-${++n}`;
      const message = (cseq: number, auth: string[] = []) =>
        [
          `MESSAGE sip:alice@${DOMAIN} SIP/2.0`,
          `Via: SIP/2.0/TCP 127.0.0.1:${client.localPort};branch=z9hG4bK-m${id}-${cseq}`,
          'Max-Forwards: 70',
          `From: <sip:alice@${DOMAIN}>;tag=m${id}`,
          `To: <sip:alice@${DOMAIN}>`,
          `Call-ID: ${extra.callId ?? `m${id}`}`,
          `CSeq: ${cseq} MESSAGE`,
          ...auth,
          ...(extra.headers ?? []),
          'Content-Type: text/plain',
          'Content-Length: 2',
          '',
          'hi',
        ].join('\r\n');
      client.sendText(message(1));
      const challenge = await client.response(undefined, 'MESSAGE', 5000);
      if (challenge.status !== 407) return challenge.status;
      const auth = digestAuthorization(challenge, { username: 'alice', password: 'alice-pw', method: 'MESSAGE', uri: `sip:alice@${DOMAIN}` });
      client.sendText(message(2, [`${auth.header}: ${auth.value}`]));
      return (await client.response(undefined, 'MESSAGE', 5000)).status;
    } finally {
      client.close();
    }
  }

  it('a Date more than 600 s off gets 403 Stale Date', async () => {
    expect(await aliceMessage({ headers: [`Date: ${formatSipDate(new Date(Date.now() - 3600_000))}`] })).toBe(403);
  });
  it('an unreadable Date gets 400 or 403, never 500', async () => {
    expect([400, 403]).toContain(await aliceMessage({ headers: ['Date: yesterday at noon'] }));
  });
  it('a `|` in the Call-ID gets 400', async () => {
    expect(await aliceMessage({ callId: 'a|b@host' })).toBe(400);
  });
});
