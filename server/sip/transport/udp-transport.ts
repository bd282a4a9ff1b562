/** SIP over UDP (RFC 3261 section 18): one datagram, one message; a "connection" is a remote address. */
import { createSocket, type Socket } from 'node:dgram';
import { isLoopback, type SipConnection, type TransportEvents } from './connection.ts';

/** Whether the transport's socket was closed: a transaction's retransmission after that is dropped, not thrown. */
interface SocketState {
  closed: boolean;
}

class UdpPeer implements SipConnection {
  readonly transport = 'UDP' as const;
  readonly secure = false;
  readonly id: string;
  readonly loopback: boolean;

  constructor(
    private readonly socket: Socket,
    private readonly state: SocketState,
    readonly remoteAddress: string,
    readonly remotePort: number,
    readonly localAddress: string,
    readonly localPort: number,
  ) {
    this.id = `udp:${remoteAddress}:${remotePort}`;
    this.loopback = isLoopback(remoteAddress);
  }

  get open(): boolean {
    return !this.state.closed;
  }

  send(bytes: Uint8Array): void {
    if (this.state.closed) return;
    this.socket.send(bytes, this.remotePort, this.remoteAddress);
  }

  close(): void {}
}

export interface UdpTransport {
  readonly port: number;
  /** A peer to send to, e.g. for a Contact learned from a REGISTER over UDP. */
  peer(address: string, port: number): SipConnection;
  close(): Promise<void>;
}

export async function startUdpTransport(host: string, port: number, events: TransportEvents): Promise<UdpTransport> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const local = socket.address();
  const peers = new Map<string, UdpPeer>();
  const state: SocketState = { closed: false };
  const peer = (address: string, remotePort: number): UdpPeer => {
    const key = `${address}:${remotePort}`;
    let p = peers.get(key);
    if (!p) {
      p = new UdpPeer(socket, state, address, remotePort, local.address, local.port);
      if (peers.size > 10_000) peers.clear(); // bounded: a peer object is cheap to recreate
      peers.set(key, p);
    }
    return p;
  };
  socket.on('message', (data, rinfo) => {
    // RFC 5626 section 4.4.2 keep-alives (STUN) and stray CRLFs are not SIP messages.
    if (data.length <= 4 && data.toString('latin1').trim() === '') return;
    events.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), peer(rinfo.address, rinfo.port));
  });
  socket.on('error', () => {
    /* ICMP errors and the like: UDP is unreliable by design, transactions retransmit */
  });
  return {
    port: local.port,
    peer,
    close: () => {
      state.closed = true;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
