/**
 * Matching messages to transactions (RFC 3261 sections 17.1.3 and 17.2.3). Server transactions are keyed by the
 * top Via's branch and sent-by and the method (ACK matches its INVITE); client transactions by our branch and the
 * CSeq method. Requests whose branch lacks the RFC 3261 magic cookie are matched the same way (such clients work
 * when their branches are unique). A top Via with no branch at all (RFC 2543) is matched by RFC 3261 section
 * 17.2.3's older rule: Request-URI, From tag, Call-ID, CSeq number and the top Via's sent-by; the To tag is left out,
 * so that the ACK of a non-2xx answer (which carries our tag) and a CANCEL (section 9.2) find their INVITE too.
 */
import { generateBranch, parseCSeq, parseNameAddr, parseVia, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { SipConnection } from '../transport/connection.ts';
import { ClientTransaction, type ClientTransactionHandlers } from './client-transaction.ts';
import { ServerTransaction } from './server-transaction.ts';
import { DEFAULT_TIMERS, type TransactionTimers } from './timers.ts';

export function serverTransactionKey(request: SipRequest, methodOverride?: string): string | null {
  const top = request.headers.firstValue('Via');
  if (top === undefined) return null;
  const via = parseVia(top);
  const branch = via.params.get('branch');
  const method = methodOverride ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  if (branch) return `${branch}|${sentBy}|${method}`;
  return rfc2543Key(request, sentBy, method);
}

/** RFC 3261 section 17.2.3 for a request without a branch; null when it lacks a field the rule needs. */
function rfc2543Key(request: SipRequest, sentBy: string, method: string): string | null {
  const h = request.headers;
  const from = h.get('From');
  const callId = h.get('Call-ID')?.trim();
  const cseq = h.get('CSeq');
  if (from === undefined || !callId || cseq === undefined) return null;
  const fromTag = parseNameAddr(from).params.get('tag') ?? '';
  // RFC 2543 keys start with a space, which no branch token can, so the two kinds never meet.
  return ` 2543|${request.uri}|${fromTag}|${callId}|${parseCSeq(cseq).seq}|${sentBy}|${method}`;
}

export class TransactionLayer {
  readonly #server = new Map<string, ServerTransaction>();
  readonly #client = new Map<string, ClientTransaction>();

  constructor(readonly timers: TransactionTimers = DEFAULT_TIMERS) {}

  get serverCount(): number {
    return this.#server.size;
  }

  get clientCount(): number {
    return this.#client.size;
  }

  findServer(request: SipRequest): ServerTransaction | undefined {
    const key = serverTransactionKey(request);
    return key === null ? undefined : this.#server.get(key);
  }

  /** The INVITE server transaction a CANCEL refers to (RFC 3261 section 9.2). */
  findInviteForCancel(cancel: SipRequest): ServerTransaction | undefined {
    const key = serverTransactionKey(cancel, 'INVITE');
    return key === null ? undefined : this.#server.get(key);
  }

  createServer(request: SipRequest, connection: SipConnection): ServerTransaction {
    const key = serverTransactionKey(request);
    if (key === null) throw new Error('a server transaction needs a Via branch');
    const transaction = new ServerTransaction(key, request, connection, this.timers, (t) => {
      if (this.#server.get(t.key) === t) this.#server.delete(t.key);
    });
    this.#server.set(key, transaction);
    return transaction;
  }

  /**
   * Starts a client transaction for `request`, whose top Via must carry `branch` (ours). CANCEL reuses its
   * INVITE's branch, so the method is part of the key.
   */
  createClient(branch: string, request: SipRequest, connection: SipConnection, handlers: ClientTransactionHandlers): ClientTransaction {
    const key = `${branch}|${request.method}`;
    const transaction = new ClientTransaction(branch, request, connection, this.timers, handlers, (t) => {
      if (this.#client.get(`${t.branch}|${t.request.method}`) === t) this.#client.delete(`${t.branch}|${t.request.method}`);
    });
    this.#client.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** The client transaction a response belongs to, by its top Via branch and CSeq method (RFC 3261 17.1.3). */
  findClient(response: SipResponse): ClientTransaction | undefined {
    const top = response.headers.firstValue('Via');
    const cseq = response.headers.get('CSeq');
    if (top === undefined || cseq === undefined) return undefined;
    const branch = parseVia(top).params.get('branch');
    if (!branch) return undefined;
    return this.#client.get(`${branch}|${parseCSeq(cseq).method}`);
  }

  /** Connection loss: every transaction on it fails (RFC 3261 sections 17.1.4 and 17.2.4). */
  connectionClosed(connection: SipConnection): void {
    for (const t of [...this.#server.values()]) if (t.connection === connection) t.transportFailed();
    for (const t of [...this.#client.values()]) if (t.connection === connection) t.transportFailed();
  }

  newBranch(crypto: Crypto): string {
    return generateBranch(crypto);
  }
}
