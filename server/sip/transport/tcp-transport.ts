/**
 * SIP over TCP (RFC 3261 section 18): a stream per peer; the stack frames messages by Content-Length. Outbound
 * connections are opened on demand for peers such as Kamailio and reused (RFC 3261 section 18.1.1).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { isLoopback, type SipConnection, type TransportEvents } from './connection.ts';

let nextId = 0;

class TcpConnection implements SipConnection {
  readonly id = `tcp:${++nextId}`;
  readonly transport = 'TCP' as const;
  readonly secure = false;
  readonly loopback: boolean;

  constructor(private readonly socket: Socket) {
    this.loopback = isLoopback(socket.remoteAddress ?? '');
  }
  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }
  get remotePort(): number {
    return this.socket.remotePort ?? 0;
  }
  get localAddress(): string {
    return this.socket.localAddress ?? '';
  }
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }
  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }
  send(bytes: Uint8Array): void {
    if (this.open) this.socket.write(bytes);
  }
  close(): void {
    this.socket.end();
    this.socket.destroySoon?.();
  }
}

export interface TcpTransport {
  readonly port: number;
  /** An open connection to host:port, made when there is none (resolves once connected). */
  connectTo(host: string, port: number): Promise<SipConnection>;
  /** The connection to host:port if one is open now. */
  existing(host: string, port: number): SipConnection | null;
  close(): Promise<void>;
}

/** Idle connections are closed after this long without traffic (clients keep theirs alive with CRLF pings). */
const IDLE_MS = 15 * 60 * 1000;

export async function startTcpTransport(host: string, port: number, events: TransportEvents): Promise<TcpTransport> {
  const byPeer = new Map<string, TcpConnection>();
  const sockets = new Set<Socket>();
  const adopt = (socket: Socket): TcpConnection => {
    const connection = new TcpConnection(socket);
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    byPeer.set(key, connection);
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => events.message(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), connection));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      if (byPeer.get(key) === connection) byPeer.delete(key);
      events.closed(connection);
    });
    return connection;
  };
  const server: Server = createServer(adopt);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const existing = (peerHost: string, peerPort: number): SipConnection | null => {
    const c = byPeer.get(`${peerHost}:${peerPort}`);
    return c && c.open ? c : null;
  };
  return {
    port: boundPort,
    existing,
    connectTo(peerHost, peerPort) {
      const found = existing(peerHost, peerPort);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const socket = connect({ host: peerHost, port: peerPort });
        socket.once('connect', () => resolve(adopt(socket)));
        socket.once('error', reject);
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
