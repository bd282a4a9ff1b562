/**
 * SIP over WebSocket (RFC 7118): the `sip` subprotocol at `/sip` on the HTTP(S) server. Each frame carries exactly
 * one SIP message (RFC 7118 section 5.1); text and binary frames are both accepted.
 *
 * Bounds (limits.ts, docs/server-limits.md): the message size (ws `maxPayload`, checked on the frame header), the
 * time to complete a message (websocket-receiver.ts), the idle time with pings (RFC 6455 section 5.5.2), the
 * connections per address (refused with HTTP 503 before the upgrade), and the bytes queued to the peer.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isUtf8 } from 'node:buffer';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressCap } from './address-cap.ts';
import { isLoopback, type SipConnection, type TransportEvents } from './connection.ts';
import type { TransportLimits } from './limits.ts';
import { MessageDeadline } from './message-deadline.ts';
import { messageUnderWay } from './websocket-receiver.ts';

export const WEBSOCKET_PATH = '/sip';

let nextId = 0;

class WebSocketConnection implements SipConnection {
  readonly id = `ws:${++nextId}`;
  readonly transport;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly loopback: boolean;

  constructor(
    private readonly socket: WebSocket,
    request: IncomingMessage,
    readonly secure: boolean,
    private readonly maxSendQueueBytes: number,
    private readonly dropped: (reason: string) => void,
  ) {
    this.transport = secure ? ('WSS' as const) : ('WS' as const);
    this.remoteAddress = request.socket.remoteAddress ?? '';
    this.remotePort = request.socket.remotePort ?? 0;
    this.localAddress = request.socket.localAddress ?? '';
    this.localPort = request.socket.localPort ?? 0;
    this.loopback = isLoopback(this.remoteAddress);
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Bytes accepted for this peer and not yet written to the network. */
  get queuedBytes(): number {
    return this.socket.bufferedAmount;
  }

  send(bytes: Uint8Array): void {
    if (!this.open) return;
    // A peer that does not read: drop it rather than hold what it does not take (issue 15, defect 6).
    if (this.socket.bufferedAmount + bytes.byteLength > this.maxSendQueueBytes) {
      this.socket.terminate();
      this.dropped(`more than ${this.maxSendQueueBytes} bytes queued: the peer does not read`);
      return;
    }
    // Text frames when the message is valid UTF-8 (always, for what we originate: bodies go base64, docs/design.md
    // "Bytes on WebSocket"); a relayed message with raw binary bytes goes out as a binary frame so that no byte is
    // altered.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Many messages to one connection in one turn of the event loop (a NOTIFY fan-out) leave in one write.
    const raw = rawSocketOf(this.socket);
    if (raw && !this.#corked) {
      this.#corked = true;
      raw.cork();
      setImmediate(() => {
        this.#corked = false;
        raw.uncork();
      });
    }
    this.socket.send(buffer, { binary: !isUtf8(buffer) });
  }

  #corked = false;

  close(): void {
    this.socket.close(1000);
  }
}

function rawSocketOf(ws: WebSocket): Socket | undefined {
  return (ws as unknown as { _socket?: Socket })._socket;
}

export interface WebSocketTransport {
  /** Open SIP WebSockets now. */
  readonly connections: number;
  /** Bytes queued to all of them. */
  queuedBytes(): number;
  close(): void;
}

export function attachWebSocketTransport(
  server: HttpServer | HttpsServer,
  secure: boolean,
  events: TransportEvents,
  limits: TransportLimits,
  cap: AddressCap,
): WebSocketTransport {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxWebSocketMessageBytes,
    // RFC 7118 section 4.1: the server MUST select the `sip` subprotocol; a client that does not offer it is refused.
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const open = new Set<WebSocketConnection>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim().toLowerCase());
    if (path !== WEBSOCKET_PATH || !offered.includes('sip')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const address = request.socket.remoteAddress ?? '';
    if (!cap.admit(address)) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 60\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // The place is given back when the socket closes, whether or not the handshake completes.
    socket.once('close', () => cap.release(address));
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new WebSocketConnection(ws, request, secure, limits.maxSendQueueBytes, (reason) => events.streamError(reason, connection));
      open.add(connection);
      const stopWatching = watch(ws, limits, (reason) => {
        ws.terminate();
        events.streamError(reason, connection);
      });
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        events.message(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), connection);
      });
      ws.on('close', () => {
        stopWatching();
        open.delete(connection);
        events.closed(connection);
      });
      ws.on('error', () => ws.terminate());
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    get connections() {
      return open.size;
    },
    queuedBytes() {
      let total = 0;
      for (const c of open) total += c.queuedBytes;
      return total;
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/**
 * The message deadline and the idle timeout of one WebSocket. Reads are watched on the raw socket after ws has
 * parsed them (its listener runs first), so the receiver's state says whether a message is still under way.
 */
function watch(ws: WebSocket, limits: TransportLimits, expired: (reason: string) => void): () => void {
  const raw = rawSocketOf(ws);
  const deadline = new MessageDeadline(limits.messageTimeoutMs, () => expired(`a message not completed within ${limits.messageTimeoutMs} ms`));
  let lastHeard = Date.now();
  const onData = () => {
    lastHeard = Date.now();
    deadline.update(messageUnderWay(ws));
  };
  raw?.on('data', onData);
  const pingAfter = limits.webSocketIdleTimeoutMs / 3;
  const tick = setInterval(() => {
    const silent = Date.now() - lastHeard;
    if (silent >= limits.webSocketIdleTimeoutMs) expired(`nothing heard for ${limits.webSocketIdleTimeoutMs} ms`);
    else if (silent >= pingAfter - 1 && ws.readyState === ws.OPEN) ws.ping();
  }, pingAfter);
  tick.unref();
  return () => {
    clearInterval(tick);
    deadline.stop();
    raw?.off('data', onData);
  };
}
