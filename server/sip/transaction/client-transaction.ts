/**
 * Client transactions (RFC 3261 section 17.1, with RFC 6026's Accepted state for 2xx to INVITE).
 *
 *   INVITE:      Calling --1xx--> Proceeding --2xx--> Accepted --Timer M--> Terminated
 *                        --300-699 (ACK sent)--> Completed --Timer D--> Terminated
 *                Calling --Timer B--> Terminated (408)
 *   non-INVITE:  Trying --1xx--> Proceeding --final--> Completed --Timer K--> Terminated
 *                Trying/Proceeding --Timer F--> Terminated (408)
 *
 * Timers A and E retransmit over unreliable transports. A transport failure ends the transaction with 503
 * (RFC 3261 section 8.1.3.1).
 */
import { createResponse, serializeSipMessage, SipHeaders, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';
import { TimerSet, type TransactionTimers } from './timers.ts';

export type ClientTransactionState = 'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

export interface ClientTransactionHandlers {
  /** Every provisional and the first final response; for INVITE also 2xx retransmissions from other forks. */
  response(response: SipResponse, transaction: ClientTransaction): void;
}

export class ClientTransaction {
  readonly isInvite: boolean;
  #state: ClientTransactionState;
  #final: SipResponse | null = null;
  readonly #timers = new TimerSet();
  readonly #reliable: boolean;

  constructor(
    readonly branch: string,
    readonly request: SipRequest,
    readonly connection: SipConnection,
    private readonly timers: TransactionTimers,
    private readonly handlers: ClientTransactionHandlers,
    private readonly onTerminated: (transaction: ClientTransaction) => void,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.#state = this.isInvite ? 'calling' : 'trying';
    this.#reliable = connection.transport !== 'UDP';
  }

  get state(): ClientTransactionState {
    return this.#state;
  }

  get finalResponse(): SipResponse | null {
    return this.#final;
  }

  start(): void {
    if (!this.connection.open) {
      queueMicrotask(() => this.#fail(503, 'Service Unavailable'));
      return;
    }
    // The bytes are kept only where Timers A and E may send them again (unreliable transports).
    const bytes = serializeSipMessage(this.request);
    this.connection.send(bytes);
    if (!this.#reliable) this.#timers.backoff(this.timers.T1, this.isInvite ? Number.MAX_SAFE_INTEGER : this.timers.T2, () => this.connection.send(bytes)); // A / E
    this.#timers.after(64 * this.timers.T1, () => {
      if (this.#state === 'calling' || this.#state === 'trying' || (!this.isInvite && this.#state === 'proceeding')) this.#fail(408, 'Request Timeout'); // B / F
    });
  }

  receive(response: SipResponse): void {
    const status = response.status;
    switch (this.#state) {
      case 'calling':
      case 'trying':
      case 'proceeding':
        if (status < 200) {
          this.#state = 'proceeding';
          if (this.isInvite) this.#timers.clear(); // Timer A stops; Timer B only runs in Calling
          this.handlers.response(response, this);
          return;
        }
        this.#final = response;
        this.#timers.clear();
        if (this.isInvite && status < 300) {
          this.#state = 'accepted';
          this.#timers.after(64 * this.timers.T1, () => this.#terminate()); // Timer M
        } else {
          if (this.isInvite) this.#sendAck(response);
          this.#state = 'completed';
          // Timer D / K; both are zero over reliable transports (RFC 3261 sections 17.1.1.2 and 17.1.2.2): done now.
          if (this.#reliable) this.#terminate();
          else this.#timers.after(this.isInvite ? 32_000 : this.timers.T4, () => this.#terminate());
        }
        this.handlers.response(response, this);
        return;
      case 'accepted':
        if (status >= 200 && status < 300) this.handlers.response(response, this); // RFC 6026: pass 2xx retransmissions up
        return;
      case 'completed':
        if (this.isInvite && status >= 300 && this.#final) this.#sendAck(response); // retransmitted final: ACK again
        return;
      case 'terminated':
        return;
    }
  }

  /** The connection went away before a final response (RFC 3261 section 17.1.4). */
  transportFailed(): void {
    if (this.#final === null) this.#fail(503, 'Service Unavailable');
    else this.#terminate();
  }

  /** ACK for a non-2xx final response: same Request-URI, top Via, Route, Call-ID, From; To from the response. */
  #sendAck(response: SipResponse): void {
    const h = this.request.headers;
    const headers = new SipHeaders();
    const via = h.firstValue('Via');
    if (via !== undefined) headers.append('Via', via);
    for (const route of h.getAll('Route')) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', h.get('From') ?? '');
    headers.append('To', response.headers.get('To') ?? h.get('To') ?? '');
    headers.append('Call-ID', h.get('Call-ID') ?? '');
    headers.append('CSeq', `${(h.get('CSeq') ?? '0').trim().split(/\s+/)[0]} ACK`);
    this.connection.send(serializeSipMessage({ kind: 'request', method: 'ACK', uri: this.request.uri, headers, body: new Uint8Array(0) }));
  }

  #fail(status: number, reason: string): void {
    if (this.#state === 'terminated') return;
    const response = createResponse(this.request, status, reason);
    this.#final = response;
    this.#terminate();
    this.handlers.response(response, this);
  }

  #terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#timers.clear();
    this.onTerminated(this);
  }
}
