/**
 * A WebSocket client written by hand over a TCP socket (RFC 6455 sections 4.1 and 5.2), for what the `ws` client
 * will not do: send half a frame, declare a frame larger than it sends, never answer a ping, never read.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawWebSocket {
  socket: Socket;
  /** True once the server closed or reset the connection. */
  readonly closed: boolean;
  /** Writes a frame header for a masked text frame of `length` bytes, then `payload` (which may be shorter). */
  frame(length: number, payload?: Uint8Array, options?: { fin?: boolean; opcode?: number }): void;
  /** A whole masked text frame. */
  text(message: string): void;
}

/**
 * A TCP connection to this machine's `port`, once connected, and whether the server has closed or reset it. With
 * `localAddress` it comes from that address (Linux answers on all of 127.0.0.0/8: each attacker an address of its own).
 */
export async function openTcp(port: number, options: { localAddress?: string } = {}): Promise<{ socket: Socket; closed: () => boolean }> {
  const socket = connect({ host: '127.0.0.1', port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed: () => closed };
}

/** Opens a WebSocket to `/sip` with the `sip` subprotocol (from `localAddress`); rejects unless the server answers 101. */
export async function openRawWebSocket(port: number, options: { localAddress?: string } = {}): Promise<RawWebSocket> {
  const { socket, closed } = await openTcp(port, options);
  socket.write(
    [
      'GET /sip HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: sip',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const rest = Buffer.from(text.slice(end + 4), 'latin1');
      if (rest.length > 0) socket.unshift(rest);
      resolve(text.slice(0, end));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed during the handshake: ${text}`)));
  });
  if (!head.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    throw new Error(head.split('\r\n')[0]);
  }
  const mask = randomBytes(4);
  const frame = (length: number, payload = new Uint8Array(0), options: { fin?: boolean; opcode?: number } = {}) => {
    const first = ((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 0x1);
    let header: Buffer;
    if (length < 126) header = Buffer.from([first, 0x80 | length]);
    else if (length < 65536) {
      header = Buffer.alloc(4);
      header.writeUInt8(first, 0);
      header.writeUInt8(0x80 | 126, 1);
      header.writeUInt16BE(length, 2);
    } else {
      header = Buffer.alloc(10);
      header.writeUInt8(first, 0);
      header.writeUInt8(0x80 | 127, 1);
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    socket.write(Buffer.concat([header, mask, masked]));
  };
  return {
    socket,
    get closed() {
      return closed();
    },
    frame,
    text(message) {
      const bytes = Buffer.from(message, 'utf8');
      frame(bytes.length, bytes);
    },
  };
}
