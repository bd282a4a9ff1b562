/**
 * A raw SIP user for tests over real sockets: registers with digest, sends requests (answering 401/407 once with
 * credentials), and answers NOTIFYs. Built on RawSipClient, independent of the server's code.
 */
import { randomBytes } from 'node:crypto';
import type { SipRequest, SipResponse } from '../../src/core/sip/index.ts';
import { RawSipClient, type RawTransport } from './raw-sip-client.ts';
import { digestAuthorization } from './sip-digest.ts';

export const id = (): string => randomBytes(6).toString('hex');

export interface RequestSpec {
  method: string;
  uri: string;
  to: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  callId?: string;
  fromTag?: string;
  cseq?: number;
}

export class SipUser {
  readonly aor: string;
  readonly contact: string;
  #cseq = 1;

  constructor(
    readonly client: RawSipClient,
    readonly user: string,
    readonly password: string,
    readonly domain: string,
  ) {
    this.aor = `sip:${user}@${domain}`;
    this.contact = `<sip:${user}-${id()}@${id()}.invalid;transport=ws>`;
  }

  static async connect(transport: RawTransport, port: number, user: string, password: string, domain: string, options: { ca?: Uint8Array } = {}): Promise<SipUser> {
    return new SipUser(await RawSipClient.connect(transport, '127.0.0.1', port, options), user, password, domain);
  }

  build(spec: RequestSpec, extra: Record<string, string> = {}): string {
    const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : Buffer.from(spec.body ?? new Uint8Array(0));
    const headers: Record<string, string> = {
      Via: `SIP/2.0/WS ${id()}.invalid;branch=z9hG4bK${id()}`,
      'Max-Forwards': '70',
      From: `<${this.aor}>;tag=${spec.fromTag ?? id()}`,
      To: spec.to,
      'Call-ID': spec.callId ?? id(),
      CSeq: `${spec.cseq ?? this.#cseq++} ${spec.method}`,
      Contact: this.contact,
      ...spec.headers,
      ...extra,
      'Content-Length': String(body.length),
    };
    return Buffer.concat([Buffer.from([`${spec.method} ${spec.uri} SIP/2.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')), body]).toString('latin1');
  }

  /** Sends the request; a 401/407 is answered once with digest credentials. Resolves with the final response. */
  async send(spec: RequestSpec): Promise<SipResponse> {
    const callId = spec.callId ?? id();
    const fromTag = spec.fromTag ?? id();
    const first = { ...spec, callId, fromTag, cseq: spec.cseq ?? this.#cseq++ };
    this.client.sendBytes(Buffer.from(this.build(first), 'latin1'));
    const r = await this.#final(callId, first.cseq);
    if (r.status !== 401 && r.status !== 407) return r;
    const auth = digestAuthorization(r, { username: this.user, password: this.password, method: spec.method, uri: spec.uri });
    const second = { ...first, cseq: this.#cseq++ };
    this.client.sendBytes(Buffer.from(this.build(second, { [auth.header]: auth.value }), 'latin1'));
    return this.#final(callId, second.cseq);
  }

  register(): Promise<SipResponse> {
    return this.send({ method: 'REGISTER', uri: `sip:${this.domain}`, to: `<${this.aor}>`, headers: { Expires: '600' } });
  }

  /** The next NOTIFY, answered 200 at once. */
  async notify(timeoutMs = 5000): Promise<SipRequest> {
    const n = await this.client.request('NOTIFY', timeoutMs);
    this.client.respond(n, 200);
    return n;
  }

  #final(callId: string, cseq: number): Promise<SipResponse> {
    return this.client.waitFor(
      (m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === callId && (m.headers.get('CSeq') ?? '').startsWith(`${cseq} `),
    ) as Promise<SipResponse>;
  }

  close(): void {
    this.client.close();
  }
}
