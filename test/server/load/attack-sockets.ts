/**
 * Where an attacker connects from: a loopback address of its own, or this machine's address outside loopback. The
 * sockets themselves are the transport tests' hand-written ones (../transport/raw-websocket.ts: `openTcp` and
 * `openRawWebSocket` with a `localAddress`), so that a frame can be declared larger than what is sent, and a socket
 * never read.
 */
import { networkInterfaces } from 'node:os';

/**
 * An IPv4 address of this machine outside loopback, if it has one. A connection from it to 127.0.0.1 stays on this
 * machine, and the server sees a peer that is not loopback: held to every per-address bound.
 */
export function addressOutsideLoopback(): string | undefined {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .find((a) => a.family === 'IPv4' && !a.internal)?.address;
}
