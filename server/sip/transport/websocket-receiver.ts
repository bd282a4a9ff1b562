/**
 * Whether ws's receiver is in the middle of a message: bytes of a frame buffered, a frame header read and its
 * payload awaited, or a fragmented message (RFC 6455 section 5.4) not finished. ws keeps this state private; the
 * fields read here are those of ws 8 (lib/receiver.js), and test/server/transport/websocket-limits.test.ts fails
 * when they change (a half-sent frame would then be held until the idle timeout).
 */
import type { WebSocket } from 'ws';

interface ReceiverState {
  _bufferedBytes?: unknown;
  _fragmented?: unknown;
  _state?: unknown;
}

/** ws's `GET_INFO`: waiting for the first bytes of a frame. */
const GET_INFO = 0;

export function messageUnderWay(ws: WebSocket): boolean {
  const receiver = (ws as unknown as { _receiver?: ReceiverState })._receiver;
  if (!receiver || typeof receiver._bufferedBytes !== 'number') return false;
  return receiver._bufferedBytes > 0 || (receiver._fragmented !== 0 && receiver._fragmented !== undefined) || receiver._state !== GET_INFO;
}
