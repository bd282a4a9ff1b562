/**
 * Server transactions (RFC 3261 section 17.2, with RFC 6026's Accepted state for 2xx to INVITE).
 *
 *   INVITE:      Proceeding --1xx--> Proceeding --2xx--> Accepted --Timer L--> Terminated
 *                           --300-699--> Completed --ACK--> Confirmed --Timer I--> Terminated
 *                                                 --Timer H--> Terminated
 *   non-INVITE:  Trying --1xx--> Proceeding --final--> Completed --Timer J--> Terminated
 *
 * A retransmitted request gets the last response again; Timer G retransmits a final non-2xx INVITE response over
 * unreliable transports until the ACK.
 */
import { serializeSipMessage, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';
import { TimerSet, type TransactionTimers } from './timers.ts';

export type ServerTransactionState = 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction {
  readonly isInvite: boolean;
  /** Set by whoever wrote this transaction's log line (the proxy may forward several 2xx). */
  loggedFinal = false;
  #state: ServerTransactionState;
  #lastResponse: { response: SipResponse; bytes: Uint8Array } | null = null;
  readonly #timers = new TimerSet();
  readonly #reliable: boolean;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly connection: SipConnection,
    private readonly timers: TransactionTimers,
    private readonly onTerminated: (transaction: ServerTransaction) => void,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.#state = this.isInvite ? 'proceeding' : 'trying';
    this.#reliable = connection.transport !== 'UDP';
  }

  get state(): ServerTransactionState {
    return this.#state;
  }

  get lastResponse(): SipResponse | null {
    return this.#lastResponse?.response ?? null;
  }

  /** True once a final response was sent. */
  get answered(): boolean {
    return this.#lastResponse !== null && this.#lastResponse.response.status >= 200;
  }

  /** Sends `response` and moves the state machine; returns false when the transaction can no longer send it. */
  send(response: SipResponse): boolean {
    if (this.#state !== 'trying' && this.#state !== 'proceeding') {
      // RFC 6026 section 7.1: in Accepted, further 2xx (retransmissions from the UAS) pass through.
      if (!(this.#state === 'accepted' && response.status >= 200 && response.status < 300)) return false;
    }
    const bytes = serializeSipMessage(response);
    this.#lastResponse = { response, bytes };
    this.connection.send(bytes);
    if (response.status < 200) {
      this.#state = 'proceeding';
    } else if (this.isInvite && response.status < 300) {
      if (this.#state !== 'accepted') {
        this.#state = 'accepted';
        this.#timers.after(64 * this.timers.T1, () => this.#terminate()); // Timer L
      }
    } else if (this.isInvite) {
      this.#state = 'completed';
      if (!this.#reliable) this.#timers.backoff(this.timers.T1, this.timers.T2, () => this.connection.send(bytes)); // Timer G
      this.#timers.after(64 * this.timers.T1, () => this.#terminate()); // Timer H
    } else {
      this.#state = 'completed';
      // Timer J is zero over reliable transports (RFC 3261 section 17.2.2): done now.
      if (this.#reliable) this.#terminate();
      else this.#timers.after(64 * this.timers.T1, () => this.#terminate()); // Timer J
    }
    return true;
  }

  /** The same request arrived again (RFC 3261 sections 17.2.1 and 17.2.2): resend the last response. */
  retransmitted(): void {
    if (this.#lastResponse && (this.#state === 'proceeding' || this.#state === 'completed')) this.connection.send(this.#lastResponse.bytes);
  }

  /** An ACK matched this INVITE transaction (a non-2xx final was sent): stop retransmitting (RFC 3261 17.2.1). */
  acknowledged(): void {
    if (this.#state !== 'completed' || !this.isInvite) return;
    this.#state = 'confirmed';
    this.#timers.clear();
    this.#timers.after(this.#reliable ? 0 : this.timers.T4, () => this.#terminate()); // Timer I
  }

  /** The transport failed (RFC 3261 section 17.2.4). */
  transportFailed(): void {
    this.#terminate();
  }

  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.clear();
    this.onTerminated(this);
  }
}
