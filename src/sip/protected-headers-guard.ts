/**
 * Protected headers in the secure layer (seed 000 sections 4, 4.2.1, 4.5; issue 16 deliverable 1):
 *
 * - Outbound: every signed-then-encrypted body carries a `message/sip-secure` attachment with copies of the message's
 *   From, To, Call-ID, CSeq and Date (the core builds it: `protectedHeaders`); a message without a Date gets one
 *   first (`protectedHeadersOf`), since the copy of the Date is what dates the signature for the receiver.
 * - Inbound: the copies are checked against the outer message and the signer (the core's `checkProtectedHeaders`): a
 *   rewritten From, To, Call-ID or CSeq, a signer who is not the From, or a Date outside the window is refused with
 *   its reason. A request already seen within the window (same sender, Call-ID, CSeq and method) is a replay and is
 *   refused too; a retransmission (the same Via branch) is not a replay and passes. A body without the attachment (an
 *   older SealPhone) is read and marked `headersUnprotected`.
 */
import { formatSipDate } from '../core/identity/index.ts';
import { checkProtectedHeaders, outerHeaderValues, ReplayCache, replayKeyOf, type ProtectedHeaders, type ProtectedHeadersInput } from '../core/secure-body/index.ts';
import { parseVia, type SipMessage } from '../core/sip/index.ts';

/** The attachment's input for `message` as it will leave, a Date added when it has none. */
export function protectedHeadersOf(message: SipMessage, now: Date): ProtectedHeadersInput {
  if (!message.headers.has('Date')) message.headers.set('Date', formatSipDate(now));
  const values = outerHeaderValues(message);
  return { ...values, date: values.date! };
}

/** What the receiver concludes of a body's protected headers. */
export type HeaderVerdict = { ok: true; protected: boolean } | { ok: false; reason: string };

/** Branches remembered per replay key, so that a retransmission is told from a replay. */
const MAX_BRANCHES = 4096;

export class ProtectedHeadersGuard {
  readonly #replays: ReplayCache;
  readonly #branches = new Map<string, string>();

  constructor(options: { windowSeconds?: number; maxEntries?: number } = {}) {
    this.#replays = new ReplayCache(options);
  }

  /** Checks a body's attachment (absent: the old form) against `message` and the AOR that signed the body. */
  check(message: SipMessage, headers: ProtectedHeaders | undefined, signerAor: string, now: Date): HeaderVerdict {
    if (!headers) return { ok: true, protected: false };
    let verdict: ReturnType<typeof checkProtectedHeaders>;
    try {
      verdict = checkProtectedHeaders(outerHeaderValues(message), headers, signerAor, now);
    } catch (error) {
      return { ok: false, reason: `the protected headers could not be compared: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!verdict.ok) return { ok: false, reason: verdict.reason };
    if (message.kind !== 'request') return { ok: true, protected: true };
    const key = replayKeyOf(headers);
    const keyText = `${key.sender}\n${key.callId}\n${key.cseq}\n${key.method}`;
    const branch = topBranch(message);
    if (this.#replays.seen(key, headers.date, now)) {
      if (branch !== undefined && this.#branches.get(keyText) === branch) return { ok: true, protected: true };
      return { ok: false, reason: `a copy of a request already received (${key.method} ${key.cseq} of call ${key.callId}): a replay` };
    }
    if (branch !== undefined) {
      if (this.#branches.size >= MAX_BRANCHES) this.#branches.delete(this.#branches.keys().next().value!);
      this.#branches.set(keyText, branch);
    }
    return { ok: true, protected: true };
  }
}

function topBranch(message: SipMessage): string | undefined {
  const via = message.headers.firstValue('Via');
  if (via === undefined) return undefined;
  try {
    return parseVia(via).params.get('branch') ?? undefined;
  } catch {
    return undefined;
  }
}
