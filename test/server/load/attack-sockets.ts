/**
 * Sockets as an attacker opens them: raw TCP from a chosen loopback address (Linux answers on all of 127.0.0.0/8,
 * so each attacker can have an address of its own), and a WebSocket handshake written by hand on it (RFC 6455
 * section 4.1), so that a frame can be declared larger than what is sent, and a socket never read.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface AttackSocket {
  socket: Socket;
  /** True once either side closed or reset the connection. */
  readonly closed: boolean;
}

export interface AttackWebSocket extends AttackSocket {
  /** The header of a masked text frame of `length` payload bytes; the payload is then written with `socket.write`. */
  startFrame(length: number): void;
  /** A whole masked text frame carrying `message`. */
  text(message: string | Buffer): void;
}

/**
 * The mask key of every frame we send: all zero, so the payload goes out as it is written. RFC 6455 section 5.3
 * wants it unpredictable to protect proxies; a server accepts any key, which is all an attacker needs.
 */
const ZERO_MASK = Buffer.alloc(4);

/**
 * An IPv4 address of this machine outside loopback, if it has one. A connection from it to 127.0.0.1 stays on this
 * machine, and the server sees a peer that is not loopback: held to every per-address bound.
 */
export function addressOutsideLoopback(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((a) => a.family === 'IPv4' && !a.internal)?.address;
}

/** A TCP connection from `localAddress` to this machine's `port`, once connected. */
export async function openTcpFrom(localAddress: string, port: number): Promise<AttackSocket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    get closed() {
      return closed;
    },
  };
}

/** A WebSocket to `/sip` (subprotocol `sip`) from `localAddress`; rejects unless the server answers 101. */
export async function openWebSocketFrom(localAddress: string, port: number): Promise<AttackWebSocket> {
  const tcp = await openTcpFrom(localAddress, port);
  tcp.socket.write(handshake(port));
  try {
    await expectSwitchingProtocols(tcp.socket);
  } catch (error) {
    tcp.socket.destroy();
    throw error;
  }
  return {
    socket: tcp.socket,
    get closed() {
      return tcp.closed;
    },
    startFrame: (length) => tcp.socket.write(frameHeader(length)),
    text(message) {
      const payload = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      tcp.socket.write(Buffer.concat([frameHeader(payload.length), payload]));
    },
  };
}

function handshake(port: number): string {
  return [
    'GET /sip HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Protocol: sip',
    '',
    '',
  ].join('\r\n');
}

/** Waits for the end of the server's handshake answer; rejects unless it is 101 (a capped address gets 503). */
function expectSwitchingProtocols(socket: Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const rest = Buffer.from(head.slice(end + 4), 'latin1');
      if (rest.length > 0) socket.unshift(rest);
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(head.split('\r\n')[0]));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed during the handshake: ${head.split('\r\n')[0]}`)));
  });
}

/** FIN, opcode text, masked, with the 7-, 16- or 64-bit length of RFC 6455 section 5.2. */
function frameHeader(length: number): Buffer {
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x81, 0x80 | length]);
  else if (length < 65536) {
    header = Buffer.from([0x81, 0x80 | 126, 0, 0]);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.from([0x81, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0, 0]);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, ZERO_MASK]);
}
