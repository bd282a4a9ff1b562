/**
 * A raw SIP client for protocol tests (not JsSIP): it sends exactly the bytes a test writes, over WebSocket
 * (RFC 7118), TCP or UDP, and collects what comes back, parsed by our SIP message layer.
 */
import { connect as tlsConnect } from 'node:tls';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { parseSipMessage, SipStreamFramer, type SipMessage, type SipRequest, type SipResponse } from '../../src/core/sip/index.ts';

export type RawTransport = 'ws' | 'wss' | 'tcp' | 'tls' | 'udp';

export class RawSipClient {
  readonly received: SipMessage[] = [];
  readonly raw: Uint8Array[] = [];
  #waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  #send!: (bytes: Uint8Array | string) => void;
  #close!: () => void;
  closed = false;
  localPort = 0;
  /** When set, incoming requests go here instead of the queue (benchmarks answer them at once). */
  onRequest: ((request: SipRequest) => void) | null = null;
  /** When set, incoming responses go here instead of the queue. */
  onResponse: ((response: SipResponse) => void) | null = null;

  private constructor(readonly transport: RawTransport) {}

  static async connect(transport: RawTransport, host: string, port: number, options: { protocol?: string; path?: string; ca?: Uint8Array; localAddress?: string } = {}): Promise<RawSipClient> {
    const client = new RawSipClient(transport);
    if (transport === 'ws' || transport === 'wss') {
      const ws = new WebSocket(`${transport}://${host}:${port}${options.path ?? '/sip'}`, options.protocol ?? 'sip', options.ca ? { ca: Buffer.from(options.ca) } : {});
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      });
      ws.on('message', (data: Buffer) => client.#deliverBytes(new Uint8Array(data)));
      ws.on('close', () => (client.closed = true));
      client.#send = (bytes) => ws.send(bytes);
      client.#close = () => ws.close();
      client.localPort = (ws as unknown as { _socket: Socket })._socket.localPort ?? 0;
    } else if (transport === 'tcp' || transport === 'tls') {
      const local = options.localAddress ? { localAddress: options.localAddress } : {};
      const socket = transport === 'tls' ? tlsConnect({ host, port, ...local, ...(options.ca ? { ca: Buffer.from(options.ca) } : {}) }) : connect({ host, port, ...local });
      await new Promise<void>((resolve, reject) => {
        socket.once(transport === 'tls' ? 'secureConnect' : 'connect', () => resolve());
        socket.once('error', reject);
      });
      const framer = new SipStreamFramer();
      socket.on('data', (chunk: Buffer) => {
        client.raw.push(new Uint8Array(chunk));
        for (const item of framer.push(new Uint8Array(chunk))) if ('kind' in item && (item.kind === 'request' || item.kind === 'response')) client.#deliver(item as SipMessage);
      });
      socket.on('close', () => (client.closed = true));
      socket.on('error', () => {});
      client.#send = (bytes) => socket.write(bytes);
      client.#close = () => socket.destroy();
      client.localPort = socket.localPort ?? 0;
    } else {
      const socket: UdpSocket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, options.localAddress ?? '127.0.0.1', () => resolve()));
      socket.on('message', (data) => client.#deliverBytes(new Uint8Array(data)));
      client.#send = (bytes) => socket.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, port, host);
      client.#close = () => socket.close();
      client.localPort = socket.address().port;
    }
    return client;
  }

  /** Sends text with LF line ends turned into CRLF (tests write messages as template strings). */
  sendText(text: string): void {
    this.#send(text.replace(/\r?\n/g, '\r\n'));
  }

  sendBytes(bytes: Uint8Array | string): void {
    this.#send(bytes);
  }

  close(): void {
    this.#close();
  }

  /** The next message (already received or arriving within `timeoutMs`) that `match` accepts. */
  waitFor(match: (m: SipMessage) => boolean, timeoutMs = 5000): Promise<SipMessage> {
    const found = this.received.find(match);
    if (found) {
      this.received.splice(this.received.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) {
          this.#waiters.splice(i, 1);
          reject(new Error(`no matching SIP message within ${timeoutMs} ms; got: ${this.received.map(describe).join(', ')}`));
        }
      }, timeoutMs);
    });
  }

  response(status?: number, method?: string, timeoutMs?: number): Promise<SipResponse> {
    return this.waitFor(
      (m) => m.kind === 'response' && (status === undefined || m.status === status) && (method === undefined || (m.headers.get('CSeq') ?? '').endsWith(method)),
      timeoutMs,
    ) as Promise<SipResponse>;
  }

  request(method: string, timeoutMs?: number): Promise<SipRequest> {
    return this.waitFor((m) => m.kind === 'request' && m.method === method, timeoutMs) as Promise<SipRequest>;
  }

  #deliverBytes(bytes: Uint8Array): void {
    this.raw.push(bytes);
    try {
      this.#deliver(parseSipMessage(bytes));
    } catch {
      /* tests look at `raw` for what did not parse */
    }
  }

  /** Answers `request` with `status` (RFC 3261 section 8.2.6.2: Vias, From, To with a tag, Call-ID, CSeq). */
  respond(request: SipRequest, status: number, reason = 'OK'): void {
    const h = request.headers;
    const to = h.get('To') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...h.values('Via').map((v) => `Via: ${v}`),
      `From: ${h.get('From')}`,
      `To: ${to.includes('tag=') ? to : `${to};tag=${(this.#tags++).toString(36)}x`}`,
      `Call-ID: ${h.get('Call-ID')}`,
      `CSeq: ${h.get('CSeq')}`,
      'Content-Length: 0',
      '',
      '',
    ];
    this.#send(lines.join('\r\n'));
  }

  #tags = 1;

  #deliver(message: SipMessage): void {
    if (message.kind === 'request' && this.onRequest) return this.onRequest(message);
    if (message.kind === 'response' && this.onResponse) return this.onResponse(message);
    const i = this.#waiters.findIndex((w) => w.match(message));
    if (i >= 0) {
      const [w] = this.#waiters.splice(i, 1);
      w!.resolve(message);
    } else this.received.push(message);
  }
}

function describe(m: SipMessage): string {
  return m.kind === 'request' ? m.method : `${m.status} ${m.headers.get('CSeq') ?? ''}`;
}
