/** LearnedPeers (server/sip/proxy/learned-peers.ts): which connections the proxy may send a request on. */
import { describe, expect, it } from 'vitest';
import { LearnedPeers } from '../../../server/sip/proxy/learned-peers.ts';
import type { SipConnection, TransportName } from '../../../server/sip/transport/connection.ts';

function peer(transport: TransportName, address: string, port: number, open = true): SipConnection {
  return { id: `${transport}:${address}:${port}`, transport, remoteAddress: address, remotePort: port, localAddress: '127.0.0.1', localPort: 5060, secure: false, loopback: true, open, send() {}, close() {} };
}

describe('LearnedPeers', () => {
  it('allows a UDP address only once learned, and by address and port', () => {
    const peers = new LearnedPeers();
    expect(peers.allows(peer('UDP', '192.0.2.1', 5060))).toBe(false);
    peers.learn(peer('UDP', '192.0.2.1', 5060));
    expect(peers.allows(peer('UDP', '192.0.2.1', 5060))).toBe(true);
    expect(peers.allows(peer('UDP', '192.0.2.1', 5061))).toBe(false);
    expect(peers.allows(peer('UDP', '192.0.2.2', 5060))).toBe(false);
  });

  it('allows an open connection a peer opened, never a closed one, and keeps no entry for it', () => {
    const peers = new LearnedPeers();
    for (const t of ['TCP', 'TLS', 'WS', 'WSS'] as TransportName[]) {
      peers.learn(peer(t, '192.0.2.1', 1));
      expect([t, peers.allows(peer(t, '192.0.2.1', 1)), peers.allows(peer(t, '192.0.2.1', 1, false))]).toEqual([t, true, false]);
    }
    expect(peers.size).toBe(0);
  });

  it('forgets an address ttlMs after it was last learned or used', () => {
    let now = 0;
    const peers = new LearnedPeers({ ttlMs: 1000, now: () => now });
    peers.learn(peer('UDP', '192.0.2.1', 5060));
    now = 900;
    expect(peers.allows(peer('UDP', '192.0.2.1', 5060))).toBe(true); // used: another 1000 ms
    now = 1800;
    expect(peers.allows(peer('UDP', '192.0.2.1', 5060))).toBe(true);
    now = 2801;
    expect(peers.allows(peer('UDP', '192.0.2.1', 5060))).toBe(false);
    expect(peers.size).toBe(0);
  });

  it('holds at most max addresses, dropping the least recently used', () => {
    const peers = new LearnedPeers({ max: 3 });
    for (const port of [1, 2, 3]) peers.learn(peer('UDP', '192.0.2.1', port));
    expect(peers.allows(peer('UDP', '192.0.2.1', 1))).toBe(true); // 1 is now the most recent
    peers.learn(peer('UDP', '192.0.2.1', 4));
    expect(peers.size).toBe(3);
    expect([1, 2, 3, 4].map((port) => peers.allows(peer('UDP', '192.0.2.1', port)))).toEqual([true, false, true, true]);
  });
});
