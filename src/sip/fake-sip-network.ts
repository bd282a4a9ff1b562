/**
 * The in-memory network of `FakeSipClient`s (fake-sip-client.ts) for store and UI tests: it connects several clients
 * so that alice can call and message bob without a server; `await network.settle()` lets every pending event run.
 * Failures are configurable on the network.
 */
import { FakeSipClient } from './fake-sip-client.ts';
import type { OutOfDialogRequest, SignInOptions, SipFailure } from './sip-client.ts';
import { silentLogger, type SipLogger } from './sip-logger.ts';

export interface FakeSipNetworkOptions {
  /** AOR -> password; when absent any password is accepted. */
  passwords?: Record<string, string>;
  /** Server URLs that answer; when absent every URL does. */
  serverUrls?: string[];
  log?: SipLogger;
}

export class FakeSipNetwork {
  readonly #clients = new Set<FakeSipClient>();
  readonly #options: FakeSipNetworkOptions;
  #down = false;
  #ids = 0;
  /** The next call to this AOR fails like this (e.g. busy) instead of ringing. */
  readonly callFailures = new Map<string, SipFailure>();
  /** The next message to this AOR fails like this. */
  readonly messageFailures = new Map<string, SipFailure>();
  /** DTMF tones sent, per call id. */
  readonly dtmf = new Map<string, string>();
  /** Transfers asked for: call id -> target. */
  readonly transfers = new Map<string, string>();
  /** Answers out-of-dialog requests (PUBLISH...); 200 with no headers when absent. */
  requestHandler: ((from: string, request: OutOfDialogRequest) => { status: number; reason?: string; headers?: Record<string, string> }) | null = null;
  /** Out-of-dialog requests sent, in order. */
  readonly requests: { from: string; request: OutOfDialogRequest }[] = [];

  constructor(options: FakeSipNetworkOptions = {}) {
    this.#options = options;
  }

  get log(): SipLogger {
    return this.#options.log ?? silentLogger;
  }

  /** A client on this network (not signed in). */
  createClient(): FakeSipClient {
    return new FakeSipClient(this);
  }

  /** Lets every queued event run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 0));
  }

  /** Simulates losing the server (true) and getting it back (false): clients go reconnecting, then register again. */
  setDown(down: boolean): void {
    this.#down = down;
    for (const c of this.#clients) c.networkChanged(down);
  }

  get down(): boolean {
    return this.#down;
  }

  nextId(prefix: string): string {
    return `${prefix}-${++this.#ids}`;
  }

  /** @internal */
  check(options: SignInOptions): SipFailure | null {
    if (this.#down || (this.#options.serverUrls && !this.#options.serverUrls.includes(options.serverUrl))) {
      return { kind: 'network', detail: `cannot connect to ${options.serverUrl}` };
    }
    const password = this.#options.passwords?.[options.aor];
    if (this.#options.passwords && password !== options.password) return { kind: 'authentication', status: 401, detail: '401 Unauthorized' };
    return null;
  }

  /** Delivers a NOTIFY (its whole message bytes) to every subscription to `target` for `event`. */
  notify(target: string, event: string, message: Uint8Array): void {
    for (const c of this.#clients) c.deliverNotify(target, event, message);
  }

  /** @internal */
  attach(client: FakeSipClient): void {
    this.#clients.add(client);
  }

  /** @internal */
  detach(client: FakeSipClient): void {
    this.#clients.delete(client);
  }

  /** @internal The registered client for an AOR. */
  find(aor: string): FakeSipClient | undefined {
    if (this.#down) return undefined;
    return [...this.#clients].find((c) => c.aor === aor && c.registrationState === 'registered');
  }
}
