/**
 * A man in the middle for tests: a SIP-over-WebSocket relay (RFC 7118, subprotocol `sip`) between a softphone and the
 * server that logs every message both ways and lets a test alter, replace or drop chosen ones. The browser signs in
 * with `relay.url` as its Server; the relay opens one upstream WebSocket per browser connection. One SIP message per
 * frame (RFC 7118 section 5); text frames stay text and binary frames stay binary.
 *
 *   const relay = await startMitmRelay({ upstream: 'ws://127.0.0.1:18080/sip' });
 *   relay.alter((m) => (m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') ? tamper(m) : undefined));
 *   ... relay.log ... await relay.close();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { parseSipMessage, serializeSipMessage, type SipMessage } from '../../src/core/sip/index.ts';

export type RelayDirection = 'to-server' | 'to-client';

export interface RelayedMessage {
  direction: RelayDirection;
  /** Which browser connection (1, 2, ...) carried it. */
  connection: number;
  /** The message as it arrived (bytes). */
  bytes: Uint8Array;
  /** `INVITE sip:bob@... SIP/2.0` or `SIP/2.0 200 OK`. */
  startLine: string;
  /** Set when a rule changed or dropped it. */
  altered?: 'changed' | 'dropped';
  /** Sent by the test itself (`inject`), not relayed. */
  injected?: true;
  /** What was sent on instead (when changed). */
  sent?: Uint8Array;
}

/** A rule sees each message in turn: return bytes (or a string) to send instead, `null` to drop, `undefined` to pass. */
export type RelayRule = (message: Readonly<RelayedMessage> & { text: string }) => Uint8Array | string | null | undefined;

export interface MitmRelay {
  /** `ws://127.0.0.1:PORT/sip` */
  readonly url: string;
  /** Every message relayed, in order. Keep-alive CRLFs are passed on and not logged. */
  readonly log: readonly RelayedMessage[];
  /** Adds a rule (run in the order added, first non-undefined answer wins); returns its removal. */
  alter(rule: RelayRule): () => void;
  /**
   * Sends `text` on connection `connection` as if the other side had sent it (a replay, a forged NOTIFY): towards the
   * browser for `to-client`, towards the server for `to-server`. Logged with `altered: 'changed'` and `injected`.
   */
  inject(direction: RelayDirection, connection: number, text: string): void;
  /** Resolves with the first logged message `match` accepts, now or later. */
  waitFor(match: (message: RelayedMessage) => boolean, timeoutMs?: number): Promise<RelayedMessage>;
  /** Closes every connection (browsers see the WebSocket drop) and stops listening. */
  close(): Promise<void>;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * `host`: where to listen (default 127.0.0.1); `urlHost`: the host the browser is given in `url` (default 127.0.0.1;
 * another of this machine's addresses makes the browser connect over a network interface, not loopback).
 */
export async function startMitmRelay(options: { upstream: string; host?: string; urlHost?: string }): Promise<MitmRelay> {
  const http: Server = createServer((_, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ server: http, path: '/sip', handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
  const log: RelayedMessage[] = [];
  const rules: RelayRule[] = [];
  const sockets = new Set<WebSocket>();
  const waiters = new Set<() => void>();
  let connections = 0;
  /** Connection id to its two sockets. */
  const pairs = new Map<number, { client: WebSocket; upstream: WebSocket }>();

  const relay = (direction: RelayDirection, connection: number, data: RawData, isBinary: boolean, to: WebSocket): void => {
    const bytes = toBytes(data);
    const text = decoder.decode(bytes);
    if (text.trim() === '') {
      if (to.readyState === WebSocket.OPEN) to.send(bytes, { binary: isBinary });
      return;
    }
    const eol = text.indexOf('\r\n');
    const entry: RelayedMessage = { direction, connection, bytes, startLine: eol < 0 ? text : text.slice(0, eol) };
    let out: Uint8Array | null = bytes;
    for (const rule of rules) {
      const answer = rule({ ...entry, text });
      if (answer === undefined) continue;
      if (answer === null) {
        entry.altered = 'dropped';
        out = null;
      } else {
        out = typeof answer === 'string' ? encoder.encode(answer) : answer;
        entry.altered = 'changed';
        entry.sent = out;
      }
      break;
    }
    log.push(entry);
    for (const wake of [...waiters]) wake();
    if (out && to.readyState === WebSocket.OPEN) to.send(out, { binary: isBinary });
  };

  wss.on('connection', (client) => {
    const id = ++connections;
    const upstream = new WebSocket(options.upstream, 'sip');
    pairs.set(id, { client, upstream });
    sockets.add(client);
    sockets.add(upstream);
    const pending: [RawData, boolean][] = [];
    upstream.on('open', () => {
      for (const [data, isBinary] of pending.splice(0)) relay('to-server', id, data, isBinary, upstream);
    });
    client.on('message', (data, isBinary) => {
      if (upstream.readyState === WebSocket.OPEN) relay('to-server', id, data, isBinary, upstream);
      else pending.push([data, isBinary]);
    });
    upstream.on('message', (data, isBinary) => relay('to-client', id, data, isBinary, client));
    const closeBoth = (): void => {
      client.close();
      upstream.close();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });

  await new Promise<void>((resolve) => http.listen(0, options.host ?? '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `ws://${options.urlHost ?? '127.0.0.1'}:${port}/sip`,
    log,
    inject(direction, connection, text) {
      const pair = pairs.get(connection);
      if (!pair) throw new Error(`no relay connection ${connection}`);
      const to = direction === 'to-client' ? pair.client : pair.upstream;
      const bytes = encoder.encode(text);
      const eol = text.indexOf('\r\n');
      log.push({ direction, connection, bytes, startLine: eol < 0 ? text : text.slice(0, eol), injected: true });
      for (const wake of [...waiters]) wake();
      to.send(bytes, { binary: false });
    },
    alter(rule) {
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1);
      };
    },
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = log.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the relay saw no such message within ${timeoutMs} ms; it saw:\n${log.map((m) => `${m.direction} ${m.startLine}`).join('\n')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * A changed copy of a relayed message, through the core parser and serializer (Content-Length comes out right):
 * `edit` may change headers (`message.headers.set(...)`) and the body.
 */
export function rewrite(bytes: Uint8Array, edit: (message: SipMessage) => void): Uint8Array {
  const message = parseSipMessage(bytes);
  edit(message);
  return serializeSipMessage(message);
}

/** The text of a logged message as it was received. */
export function relayedText(message: RelayedMessage): string {
  return decoder.decode(message.bytes);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}
