/**
 * Certificate watchers (RFC 6072 section 6): `perConnection` subscriptions to one AOR's `certificate` event on each of
 * `connections` unauthenticated WebSocket connections (as a browser subscribes from its one connection; the
 * certificate package needs no authentication). Every NOTIFY is answered 200 at once. One Contact per connection.
 */
import { performance } from 'node:perf_hooks';
import type { SipRequest, SipResponse } from '../../src/core/sip/index.ts';
import { RawSipClient } from '../../test/helpers/raw-sip-client.ts';

let pools = 0;

export class WatcherPool {
  /** NOTIFYs with CSeq 1 (the initial state) and later (changes), answered. */
  initialNotifies = 0;
  changeNotifies = 0;
  /** Non-2xx answers to SUBSCRIBE. */
  refused = 0;
  #subscribed = 0;
  #onProgress: (() => void) | undefined;

  private constructor(
    readonly clients: RawSipClient[],
    private readonly prefix: string,
  ) {
    for (const client of clients) {
      client.onRequest = (request: SipRequest) => {
        client.respond(request, 200);
        if (request.method !== 'NOTIFY') return;
        const seq = Number.parseInt(request.headers.get('CSeq') ?? '', 10);
        if (seq === 1) this.initialNotifies++;
        else this.changeNotifies++;
        this.#onProgress?.();
      };
      client.onResponse = (response: SipResponse) => {
        if (response.status < 200) return;
        if (response.status < 300) this.#subscribed++;
        else this.refused++;
        this.#onProgress?.();
      };
    }
  }

  static async open(port: number, connections: number): Promise<WatcherPool> {
    const clients: RawSipClient[] = [];
    for (let i = 0; i < connections; i += 50) {
      const batch = Array.from({ length: Math.min(50, connections - i) }, () => RawSipClient.connect('ws', '127.0.0.1', port));
      clients.push(...(await Promise.all(batch)));
    }
    return new WatcherPool(clients, `w${++pools}x${Date.now().toString(36)}`);
  }

  get connections(): number {
    return this.clients.length;
  }

  /**
   * SUBSCRIBEs `perConnection` times on every connection to `aor`, at most `window` waiting for their initial NOTIFY
   * at any time; resolves once every initial NOTIFY has been answered. Returns the elapsed ms.
   */
  async subscribe(aor: string, perConnection: number, window: number, timeoutMs = 60_000): Promise<number> {
    const total = perConnection * this.clients.length;
    const target = this.initialNotifies + total;
    const subscribedTarget = this.#subscribed + total;
    const started = performance.now();
    let next = 0;
    let sent = 0;
    const sendMore = () => {
      while (next < total && sent - (this.initialNotifies - (target - total)) < window) {
        const k = Math.floor(next / this.clients.length);
        const c = next % this.clients.length;
        next++;
        sent++;
        this.clients[c]!.sendText(this.#subscribeText(aor, c, k));
      }
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#onProgress = undefined;
        reject(new Error(`only ${this.initialNotifies - (target - total)} of ${total} initial NOTIFYs in ${timeoutMs} ms (${this.refused} refused)`));
      }, timeoutMs);
      this.#onProgress = () => {
        if (this.initialNotifies >= target && this.#subscribed >= subscribedTarget) {
          clearTimeout(timer);
          this.#onProgress = undefined;
          resolve();
        } else sendMore();
      };
      sendMore();
    });
    if (this.refused > 0) throw new Error(`${this.refused} SUBSCRIBEs refused`);
    return performance.now() - started;
  }

  /** Resolves with performance.now() when `count` more change NOTIFYs have arrived (after the first of them too). */
  changes(count: number, timeoutMs = 60_000): Promise<{ first: number; last: number }> {
    const target = this.changeNotifies + count;
    let first = Number.NaN;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#onProgress = undefined;
        reject(new Error(`only ${count - (target - this.changeNotifies)} of ${count} change NOTIFYs in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#onProgress = () => {
        if (Number.isNaN(first) && this.changeNotifies > target - count) first = performance.now();
        if (this.changeNotifies >= target) {
          clearTimeout(timer);
          this.#onProgress = undefined;
          resolve({ first, last: performance.now() });
        }
      };
    });
  }

  close(): void {
    for (const client of this.clients) client.close();
  }

  #subscribeText(aor: string, c: number, k: number): string {
    const id = `${this.prefix}c${c}k${k}`;
    return (
      `SUBSCRIBE ${aor} SIP/2.0\r\n` +
      `Via: SIP/2.0/WS ${this.prefix}c${c}.invalid;branch=z9hG4bK${id}\r\n` +
      'Max-Forwards: 70\r\n' +
      `From: <sip:watcher${c}x${k}@watchers.invalid>;tag=${id}\r\n` +
      `To: <${aor}>\r\n` +
      `Call-ID: ${id}@bench\r\n` +
      'CSeq: 1 SUBSCRIBE\r\n' +
      `Contact: <sip:watcher${c}@${this.prefix}c${c}.invalid;transport=ws>\r\n` +
      'Event: certificate\r\n' +
      'Expires: 3600\r\n' +
      'Accept: application/pkix-cert\r\n' +
      'Content-Length: 0\r\n\r\n'
    );
  }
}
