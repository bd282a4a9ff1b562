/**
 * SIP over WebSocket (RFC 7118): the `sip` subprotocol at `/sip` on the HTTP(S) server. Each frame carries exactly
 * one SIP message (RFC 7118 section 5.1); text and binary frames are both accepted.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isUtf8 } from 'node:buffer';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isLoopback, type SipConnection, type TransportEvents } from './connection.ts';

export const WEBSOCKET_PATH = '/sip';
/** Frames larger than this are refused by the WebSocket layer; the SIP layer answers 513 above 64 KB. */
const MAX_FRAME = 1024 * 1024;

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

  send(bytes: Uint8Array): void {
    if (!this.open) return;
    // Text frames when the message is valid UTF-8 (always, for what we originate: bodies go base64, docs/design.md
    // "Bytes on WebSocket"); a relayed message with raw binary bytes goes out as a binary frame so that no byte is
    // altered.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Many messages to one connection in one turn of the event loop (a NOTIFY fan-out) leave in one write.
    const raw = (this.socket as unknown as { _socket?: import('node:net').Socket })._socket;
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

export function attachWebSocketTransport(server: HttpServer | HttpsServer, secure: boolean, events: TransportEvents): { close(): void } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    // RFC 7118 section 4.1: the server MUST select the `sip` subprotocol; a client that does not offer it is refused.
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim().toLowerCase());
    if (path !== WEBSOCKET_PATH || !offered.includes('sip')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new WebSocketConnection(ws, request, secure);
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        events.message(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), connection);
      });
      ws.on('close', () => events.closed(connection));
      ws.on('error', () => ws.terminate());
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
