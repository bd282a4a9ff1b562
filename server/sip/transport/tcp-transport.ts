/**
 * SIP over TCP (RFC 3261 section 18): a stream per peer; the stack frames messages by Content-Length. Outbound
 * connections are opened on demand for peers such as Kamailio and reused (RFC 3261 section 18.1.1).
 *
 * Bounds (limits.ts, docs/server-limits.md): inbound connections per address (closed at once beyond it), the idle
 * time, the time to complete a message the stack has begun to frame (messagePending), and the bytes queued to the
 * peer. The message size is the framer's (64 KB, 513 then closed).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import type { AddressCap } from './address-cap.ts';
import { isLoopback, type SipConnection, type TransportEvents } from './connection.ts';
import type { TransportLimits } from './limits.ts';
import { MessageDeadline } from './message-deadline.ts';

let nextId = 0;

class TcpConnection implements SipConnection {
  readonly id: string;
  readonly secure: boolean;
  readonly loopback: boolean;

  readonly #deadline: MessageDeadline;

  constructor(
    private readonly socket: Socket,
    private readonly limits: TransportLimits,
    private readonly dropped: (reason: string) => void,
    /** SIP over TLS (RFC 3261 section 26.2.1, `--sip-tls-port`): the same stream framing over a TLS socket. */
    readonly transport: 'TCP' | 'TLS' = 'TCP',
  ) {
    this.id = `${transport.toLowerCase()}:${++nextId}`;
    this.secure = transport === 'TLS';
    this.loopback = isLoopback(socket.remoteAddress ?? '');
    this.#deadline = new MessageDeadline(limits.messageTimeoutMs, () => this.#drop(`a message not completed within ${limits.messageTimeoutMs} ms`));
  }
  /** Bytes accepted for this peer and not yet written to the network. */
  get queuedBytes(): number {
    return this.socket.writableLength;
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
    if (!this.open) return;
    // A peer that does not read: drop it rather than hold what it does not take (issue 15, defect 6).
    if (this.socket.writableLength + bytes.byteLength > this.limits.maxSendQueueBytes) {
      this.#drop(`more than ${this.limits.maxSendQueueBytes} bytes queued: the peer does not read`);
      return;
    }
    this.socket.write(bytes);
  }
  messagePending(pending: boolean): void {
    this.#deadline.update(pending);
  }
  close(): void {
    this.socket.end();
    this.socket.destroySoon?.();
  }
  /** Stops the deadline (the socket closed). */
  stop(): void {
    this.#deadline.stop();
  }
  #drop(reason: string): void {
    this.socket.destroy();
    this.dropped(reason);
  }
}

export interface TcpTransport {
  readonly port: number;
  /** An open connection to host:port, made when there is none (resolves once connected). */
  connectTo(host: string, port: number): Promise<SipConnection>;
  /** The connection to host:port if one is open now. */
  existing(host: string, port: number): SipConnection | null;
  /** Open connections now, inbound and outbound. */
  readonly connections: number;
  /** Bytes queued to all of them. */
  queuedBytes(): number;
  close(): Promise<void>;
}

/** A certificate and key for SIP over TLS (PEM), the ones the HTTPS/WSS listener has. */
export interface TlsCredentials {
  cert: Buffer;
  key: Buffer;
}

/** SIP over TCP, or over TLS when `tls` is given (the same framing, limits and address cap). */
export async function startTcpTransport(host: string, port: number, events: TransportEvents, limits: TransportLimits, cap: AddressCap, tls?: TlsCredentials): Promise<TcpTransport> {
  const transport = tls ? 'TLS' : 'TCP';
  const byPeer = new Map<string, TcpConnection>();
  const sockets = new Set<Socket>();
  const adopt = (socket: Socket): TcpConnection => {
    const connection: TcpConnection = new TcpConnection(socket, limits, (reason) => events.streamError(reason, connection), transport);
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    byPeer.set(key, connection);
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(limits.tcpIdleTimeoutMs, () => {
      socket.destroy();
      events.streamError(`no traffic for ${limits.tcpIdleTimeoutMs} ms`, connection);
    });
    socket.on('data', (chunk: Buffer) => events.message(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), connection));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.stop();
      sockets.delete(socket);
      if (byPeer.get(key) === connection) byPeer.delete(key);
      events.closed(connection);
    });
    return connection;
  };
  const accept = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    if (!cap.admit(address)) {
      socket.destroy();
      return;
    }
    socket.once('close', () => cap.release(address));
    adopt(socket);
  };
  // Over TLS the cap counts the raw connection, before its handshake (a flood of handshakes is held to it too), and
  // a handshake that does not complete within the message timeout is dropped.
  const server: Server = tls ? createTlsServer({ cert: tls.cert, key: tls.key, handshakeTimeout: limits.messageTimeoutMs }, (socket) => void adopt(socket)) : createServer(accept);
  if (tls) {
    server.on('connection', (raw: Socket) => {
      const address = raw.remoteAddress ?? '';
      if (!cap.admit(address)) {
        raw.destroy();
        return;
      }
      raw.once('close', () => cap.release(address));
    });
    server.on('tlsClientError', (_error, socket) => socket.destroy());
  }
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
    get connections() {
      return sockets.size;
    },
    queuedBytes() {
      let total = 0;
      for (const c of byPeer.values()) total += c.queuedBytes;
      return total;
    },
    existing,
    connectTo(peerHost, peerPort) {
      const found = existing(peerHost, peerPort);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const socket = tls ? tlsConnect({ host: peerHost, port: peerPort }) : connect({ host: peerHost, port: peerPort });
        socket.once(tls ? 'secureConnect' : 'connect', () => resolve(adopt(socket)));
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
