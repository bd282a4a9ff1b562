/**
 * What the proxy hardening suites share (docs/server-proxy-hardening.md): one real server per file, registered users
 * on WebSocket connections (SipUser), an attacker that writes raw requests over UDP or WebSocket, and "victims":
 * UDP sockets that record every datagram the server sends them, to prove that nothing was sent.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll } from 'vitest';
import { RawSipClient, type RawTransport } from '../../helpers/raw-sip-client.ts';
import { id, SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

export { id, TEST_DOMAIN };

export interface ProxyFixture {
  readonly server: TestServer;
  /** A user registered over its own WebSocket (so later requests on it are that user's). Closed after the file. */
  user(name: string): Promise<SipUser>;
  /** A raw client with no account. Closed after the file. */
  attacker(transport?: RawTransport): Promise<RawSipClient>;
  /** A UDP socket that records what reaches it. Closed after the file. */
  victim(): Promise<Victim>;
}

export interface Victim {
  readonly port: number;
  readonly received: string[];
}

export function useProxyServer(): ProxyFixture {
  let ts: TestServer | undefined;
  const closers: (() => void)[] = [];
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    for (const close of closers) close();
    await ts?.stop();
    if (ts) removeDir(ts.dir);
  });
  const fixture: ProxyFixture = {
    get server() {
      if (!ts) throw new Error('the server is not started yet');
      return ts;
    },
    async user(name) {
      const u = await SipUser.connect('ws', fixture.server.httpPort, name, TEST_USERS[name]!, TEST_DOMAIN);
      closers.push(() => u.close());
      const ok = await u.register();
      if (ok.status !== 200) throw new Error(`${name} could not register: ${ok.status}`);
      return u;
    },
    async attacker(transport = 'udp') {
      const c = await RawSipClient.connect(transport, '127.0.0.1', transport === 'ws' ? fixture.server.httpPort : fixture.server.sipPort);
      closers.push(() => c.close());
      return c;
    },
    async victim() {
      const socket: Socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
      const received: string[] = [];
      socket.on('message', (data) => received.push(data.toString('latin1')));
      closers.push(() => socket.close());
      return { port: socket.address().port, received };
    },
  };
  return fixture;
}

/** A request as the attacker writes it; `via` is the sender's own top Via (its transport and port matter for UDP). */
export function rawRequest(method: string, uri: string, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${uri} SIP/2.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, '', body];
  return lines.join('\r\n');
}

/** The headers every request needs, from a client on `client` (UDP Via with its port, or a WebSocket Via). */
export function baseHeaders(client: RawSipClient, method: string, from: string, to: string, cseq = 1): Record<string, string> {
  const via = client.transport === 'udp' ? `SIP/2.0/UDP 127.0.0.1:${client.localPort};branch=z9hG4bK${id()};rport` : `SIP/2.0/WS ${id()}.invalid;branch=z9hG4bK${id()}`;
  return { Via: via, 'Max-Forwards': '70', From: from, To: to, 'Call-ID': id(), CSeq: `${cseq} ${method}` };
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
