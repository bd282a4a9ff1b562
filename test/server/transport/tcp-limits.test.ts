/**
 * Bounds on what one TCP peer can make the server hold (issue 15, defect 6), over real sockets: a SIP message begun
 * and never finished, and a peer that never reads. A client whose messages complete stays connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { optionsToServer, startLimitsServer, type LimitsServer } from './limits-server.ts';
import { openTcp } from './raw-websocket.ts';

let ts: LimitsServer | undefined;
afterEach(async () => {
  await ts?.stop();
  ts = undefined;
});

async function expectServing(port: number): Promise<void> {
  const probe = await RawSipClient.connect('tcp', '127.0.0.1', port);
  probe.sendText(optionsToServer('TCP'));
  expect((await probe.response(200, 'OPTIONS', 3000)).status).toBe(200);
  probe.close();
}

describe('TCP message completion time', () => {
  it('closes a connection that trickles a header section and never finishes it', async () => {
    ts = await startLimitsServer({ messageTimeoutMs: 600 });
    const attacker = await openTcp(ts.sipPort);
    const started = Date.now();
    attacker.socket.write(optionsToServer('TCP').split('Content-Length')[0]!);
    const trickle = setInterval(() => attacker.socket.write('X-Slow: a\r\n'), 100);
    try {
      await expect.poll(() => attacker.closed(), { timeout: 3000 }).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await expectServing(ts.sipPort);
  });

  it('keeps a client whose messages and CRLF keep-alives complete', async () => {
    ts = await startLimitsServer({ messageTimeoutMs: 400 });
    const client = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort);
    for (let i = 0; i < 6; i++) {
      client.sendBytes(i % 2 === 0 ? '\r\n\r\n' : optionsToServer('TCP'));
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(client.closed).toBe(false);
    client.close();
  });
});

describe('TCP send queue', () => {
  it('drops a peer that never reads once its queue passes the bound', async () => {
    const bound = 256 * 1024;
    ts = await startLimitsServer({ maxSendQueueBytes: bound });
    const attacker = await openTcp(ts.sipPort);
    attacker.socket.pause();
    const request = optionsToServer('TCP', 80);
    let peak = 0;
    for (let i = 0; i < 600 && !attacker.closed(); i++) {
      attacker.socket.write(request);
      if (i % 20 === 19) {
        await new Promise((r) => setTimeout(r, 5));
        peak = Math.max(peak, ts.server.sip!.transportStats().queuedBytes);
        if (ts.server.sip!.transportStats().tcpConnections === 0) break;
      }
    }
    await expect.poll(() => ts!.server.sip!.transportStats().tcpConnections, { timeout: 5000 }).toBe(0);
    expect(peak).toBeLessThanOrEqual(bound);
    attacker.socket.destroy();
    await expectServing(ts.sipPort);
  });
});
