/**
 * Bounds on what one WebSocket peer can make the server hold (issue 15, defect 6), over real sockets: a frame
 * larger than the message bound, a frame begun and never finished, a peer that says nothing, too many connections
 * from one address, and a peer that never reads. A browser-like client (the `ws` library, which answers pings as
 * browsers do) stays connected through all of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { openRawWebSocket } from './raw-websocket.ts';
import { optionsToServer, startLimitsServer, type LimitsServer } from './limits-server.ts';

let ts: LimitsServer | undefined;
afterEach(async () => {
  await ts?.stop();
  ts = undefined;
});

/** A browser-like client on its own connection still gets its answer. */
async function expectServing(port: number): Promise<void> {
  const probe = await RawSipClient.connect('ws', '127.0.0.1', port);
  probe.sendText(optionsToServer('WS'));
  expect((await probe.response(200, 'OPTIONS', 3000)).status).toBe(200);
  probe.close();
}

describe('WebSocket message bounds', () => {
  it('closes a connection whose frame header declares more than the bound, without waiting for the payload', async () => {
    ts = await startLimitsServer({});
    const attacker = await openRawWebSocket(ts.httpPort);
    attacker.frame(1024 * 1024, new Uint8Array(1024)); // the attack: 1 MB declared, 1 KB sent, the rest never
    await expect.poll(() => attacker.closed, { timeout: 2000 }).toBe(true);
    await expectServing(ts.httpPort);
  });

  it('closes a connection that trickles a frame and never finishes it within the message time', async () => {
    ts = await startLimitsServer({ messageTimeoutMs: 600 });
    const attacker = await openRawWebSocket(ts.httpPort);
    const started = Date.now();
    attacker.frame(32 * 1024, new Uint8Array(1024));
    // One more byte every 100 ms: each read is new traffic, none completes the frame.
    const trickle = setInterval(() => attacker.socket.write(new Uint8Array([0x41])), 100);
    try {
      await expect.poll(() => attacker.closed, { timeout: 3000 }).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await expectServing(ts.httpPort);
  });

  it('keeps a client whose messages complete, however slowly they come', async () => {
    ts = await startLimitsServer({ messageTimeoutMs: 400 });
    const client = await openRawWebSocket(ts.httpPort);
    for (let i = 0; i < 6; i++) {
      client.text('\r\n\r\n'); // RFC 5626 keep-alive
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(client.closed).toBe(false);
    client.socket.destroy();
  });
});

describe('WebSocket idle timeout', () => {
  it('drops a peer that sends nothing and answers no ping; keeps one that answers pings as browsers do', async () => {
    ts = await startLimitsServer({ webSocketIdleTimeoutMs: 900 });
    const silent = await openRawWebSocket(ts.httpPort); // never reads, never answers a ping
    const browser = await RawSipClient.connect('ws', '127.0.0.1', ts.httpPort); // sends nothing, answers pings
    await expect.poll(() => silent.closed, { timeout: 3000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(browser.closed).toBe(false);
    browser.sendText(optionsToServer('WS'));
    expect((await browser.response(200, 'OPTIONS', 3000)).status).toBe(200);
    browser.close();
  });
});

describe('connections per address', () => {
  it('refuses a WebSocket or TCP connection beyond the cap with 503, and admits one again when a place is free', async () => {
    ts = await startLimitsServer({ maxConnectionsPerAddress: 3, capLoopback: true });
    const held = await Promise.all([1, 2, 3].map(() => RawSipClient.connect('ws', '127.0.0.1', ts!.httpPort)));
    await expect(RawSipClient.connect('ws', '127.0.0.1', ts.httpPort)).rejects.toThrow(/HTTP 503/);
    const tcp = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort);
    await expect.poll(() => tcp.closed, { timeout: 2000 }).toBe(true);
    held[0]!.close();
    await expect.poll(() => ts!.server.sip!.transportStats().webSockets, { timeout: 2000 }).toBe(2);
    await expectServing(ts.httpPort);
    for (const c of held) c.close();
  });
});

describe('send queue', () => {
  it('drops a peer that never reads once its queue passes the bound, and holds no more than that', async () => {
    const bound = 256 * 1024;
    ts = await startLimitsServer({ maxSendQueueBytes: bound });
    const attacker = await openRawWebSocket(ts.httpPort);
    attacker.socket.pause(); // the attack: ask and never read the answers
    const request = optionsToServer('WS', 80); // about 40 KB, echoed in each 200
    let peak = 0;
    for (let i = 0; i < 600 && !attacker.closed; i++) {
      attacker.text(request);
      if (i % 20 === 19) {
        await new Promise((r) => setTimeout(r, 5));
        peak = Math.max(peak, ts.server.sip!.transportStats().queuedBytes);
        if (ts.server.sip!.transportStats().webSockets === 0) break;
      }
    }
    await expect.poll(() => ts!.server.sip!.transportStats().webSockets, { timeout: 5000 }).toBe(0);
    expect(peak).toBeLessThanOrEqual(bound);
    expect(ts.server.sip!.transportStats().queuedBytes).toBe(0);
    attacker.socket.destroy();
    await expectServing(ts.httpPort);
  });
});
