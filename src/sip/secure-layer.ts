/**
 * End-to-end protection of calls and messages, as the socket codec's pair of hooks (docs/jssip-notes.md "Recommended:
 * a socket codec"), so that JsSIP only ever sees and writes clear SDP and text. A dispatcher: it parses a message that
 * has a body, sends it to the module for its kind, and writes it back when changed:
 *
 *   outbound INVITE/UPDATE/answers -> session-body-protection.ts   (encrypt, as planned or as the dialog went)
 *   outbound MESSAGE               -> message-body-protection.ts   (seal as planned, or take the sealed draft)
 *   inbound offers and answers     -> session-body-protection.ts   (decrypt, verify, note the verdict in the SDP)
 *   inbound MESSAGE                -> message-body-protection.ts   (decrypt, verify, note the verdict in a header)
 *   inbound response to a MESSAGE  -> message-body-protection.ts   (note what was done to it)
 *
 * Plans come down and verdicts go up inside the messages (protection-note.ts): the plan header is removed before the
 * wire, and any verdict a peer wrote is removed before JsSIP sees the message. The layer never claims protection it did not check: `encrypted: true` means the core decrypted the part and
 * verified its signature with the certificate verified for that AOR (or, for what we send, that we encrypted to it).
 */
import type { SipMessage } from '../core/sip/index.ts';
import { clearMessageNoted, noteMessageResponse, protectOutgoingMessage, readMessage } from './message-body-protection.ts';
import { hasNote, PLAN_HEADER, PROTECTION_HEADER, readPlan, withoutSdpNote, type ProtectionPlan } from './protection-note.ts';
import { SealedDrafts } from './sealed-draft.ts';
import { CodecLoader, type DialogSecurity, type ExtraResponse, type InboundOutcome, type SecureLayerParts } from './secure-layer-parts.ts';
import type { SecurityContext } from './security-context.ts';
import { ProtectedHeadersGuard } from './protected-headers-guard.ts';
import { refusedRequest, type RefusedRequest } from './refused-request.ts';
import { noteAck, protectOutgoingSession, readSessionAnswer, readSessionOffer } from './session-body-protection.ts';
import { cseqMethod, hasBody, peekHeader, requestMethod, responseStatus, withoutHeader } from './sip-frame.ts';
import type { SipLogger } from './sip-logger.ts';
import { aorOfHeader, bodyText, mediaTypeOf, methodOf, parseSipText, responseText, setBody, sipText } from './sip-text.ts';

export { ENCRYPTED_MESSAGE_FALLBACK, SEALED_DRAFT_MAX_AGE_MS } from './sealed-draft.ts';
export { SECURE_REQUIRES_HEADER, SMIME_METHOD } from './secure-layer-parts.ts';

export class SecureLayer {
  #context: SecurityContext | null = null;
  readonly #parts: SecureLayerParts;
  readonly #drafts: SealedDrafts;
  readonly #sendOutOfBand: (text: string) => boolean;
  readonly #onRefused: (refused: RefusedRequest) => void;

  /** `onRefused`: an incoming call or MESSAGE the layer refused itself (refused-request.ts). */
  constructor(deps: { sendOutOfBand: (text: string) => boolean; log: SipLogger; now?: () => number; onRefused?: (refused: RefusedRequest) => void }) {
    this.#sendOutOfBand = deps.sendOutOfBand;
    this.#onRefused = deps.onRefused ?? (() => {});
    const codecs = new CodecLoader();
    this.#parts = {
      dialogs: new Map<string, DialogSecurity>(),
      codecs,
      answer: (request, status, reason, context, extra) => this.#answer(request, status, reason, context, extra),
      log: deps.log,
      headers: new ProtectedHeadersGuard(),
      now: deps.now ?? Date.now,
    };
    this.#drafts = new SealedDrafts({ codecs, log: deps.log, now: deps.now ?? Date.now });
  }

  use(context: SecurityContext | null): void {
    this.#context = context;
    this.#drafts.reset();
  }

  get context(): SecurityContext | null {
    return this.#context;
  }

  /** The dialog (or MESSAGE) with this Call-ID is over: its keys and verdict go. */
  endDialog(callId: string): void {
    this.#parts.dialogs.delete(callId);
  }

  /** The person is writing `text` to `peer` from `from`, our AOR (sealed-draft.ts); nothing when it would go clear. */
  prepareMessage(peer: string, text = '', from?: string): void {
    if (this.#context) this.#drafts.prepare(this.#context, peer, text, from);
  }

  /**
   * Synchronous when there is nothing to encrypt (the socket codec then sends at once); otherwise the encryption
   * starts before this returns (the crypto core, once loaded, is called without a hop) and the promise gives the text.
   */
  readonly outbound = (wire: string): string | null | Promise<string | null> => {
    const planned = peekHeader(wire, PLAN_HEADER);
    const plan = readPlan(planned);
    const text = planned === undefined ? wire : withoutHeader(wire, PLAN_HEADER); // ours alone: never on the wire
    const context = this.#context;
    if (!context || !hasBody(text)) return text; // nothing to protect
    // A MESSAGE planned clear leaves as it is, unparsed (the message sender knows why it is clear).
    if (plan !== 'encrypt' && requestMethod(text) === 'MESSAGE') return text;
    let message: SipMessage;
    try {
      message = parseSipText(text);
    } catch {
      return text;
    }
    let protecting: Promise<void> | null;
    try {
      protecting = this.#protectOutbound(message, plan, context);
    } catch (error) {
      return this.#sentClear(message, text, error, context);
    }
    if (!protecting) return text;
    return protecting.then(
      () => sipText(message),
      (error: unknown) => this.#sentClear(message, text, error, context),
    );
  };

  readonly inbound = async (wire: string): Promise<string | null> => {
    const text = hasNote(wire) ? withoutNotes(wire) : wire;
    if (text === null) {
      this.#parts.log.warn('dropped an unreadable message that carried a protection verdict');
      return null;
    }
    const context = this.#context;
    if (!context || (!hasBody(text) && !this.#notedWithoutBody(text))) return text;
    const clear = clearMessageNoted(text, context);
    if (clear !== undefined) return clear;
    let message: SipMessage;
    try {
      message = parseSipText(text);
    } catch {
      return text;
    }
    try {
      const outcome = await this.#readInbound(message, context);
      if (outcome === 'answered') return null;
      return outcome === 'changed' ? sipText(message) : text;
    } catch (error) {
      return this.#unreadable(text, message, context, error);
    }
  };

  /** An ACK, or a response to an INVITE (18x) or MESSAGE of ours, in a dialog the layer keeps: it carries a verdict. */
  #notedWithoutBody(text: string): boolean {
    const method = requestMethod(text) ?? (responseStatus(text) !== undefined ? cseqMethod(text) : undefined);
    if (method !== 'ACK' && method !== 'INVITE' && method !== 'MESSAGE') return false;
    const callId = peekHeader(text, 'Call-ID');
    return callId !== undefined && this.#parts.dialogs.has(callId);
  }

  #protectOutbound(message: SipMessage, plan: ProtectionPlan | undefined, context: SecurityContext): Promise<void> | null {
    const method = methodOf(message);
    const type = mediaTypeOf(message);
    const callId = message.headers.get('Call-ID') ?? '';
    if (message.kind === 'request' && message.method === 'MESSAGE' && type === 'text/plain') return protectOutgoingMessage(message, callId, plan, context, this.#parts, this.#drafts);
    if ((method !== 'INVITE' && method !== 'UPDATE') || type !== 'application/sdp') return null;
    return protectOutgoingSession(message, callId, plan, context, this.#parts);
  }

  async #readInbound(message: SipMessage, context: SecurityContext): Promise<InboundOutcome> {
    const method = methodOf(message);
    const callId = message.headers.get('Call-ID') ?? '';
    if (message.kind === 'request' && message.method === 'MESSAGE') return readMessage(message, context, this.#parts);
    if (message.kind === 'response' && method === 'MESSAGE') return noteMessageResponse(message, callId, this.#parts);
    if (message.kind === 'request' && message.method === 'ACK') return noteAck(message, callId, this.#parts);
    if (method !== 'INVITE' && method !== 'UPDATE') return 'unchanged';
    if (message.kind === 'response') return readSessionAnswer(message, callId, context, this.#parts);
    return readSessionOffer(message, callId, context, this.#parts);
  }

  /**
   * Never cut the connection for a failed encryption: the message leaves clear and its verdict says so; or, when only
   * encrypted calls and messages are wanted, it does not leave at all (seed 000 section 4.3: nothing sensitive in
   * clear) and its transaction times out.
   */
  #sentClear(message: SipMessage, text: string, error: unknown, context: SecurityContext): string | null {
    if (context.secureOnly()) {
      this.#parts.log.error('could not encrypt an outgoing body; not sent, as only encrypted ones are wanted', error);
      return null;
    }
    this.#parts.log.error('could not encrypt an outgoing body; sent clear', error);
    this.#recordClear(message, { encrypted: false, kind: 'encryption-failed', detail: error instanceof Error ? error.message : String(error) }, 'To');
    return text;
  }

  /**
   * The core failed (it could not be loaded, or a certificate lookup threw) on an inbound body: a request is refused
   * with 500 (RFC 3261 section 21.5.1) rather than handed to JsSIP unread or dropped unanswered; a response goes on.
   */
  #unreadable(text: string, message: SipMessage, context: SecurityContext, error: unknown): string | null {
    this.#parts.log.error('could not read an incoming body', error);
    if (message.kind === 'response' || message.method === 'ACK') return text;
    this.#answer(message, 500, 'Server Internal Error', context, { headers: [['Warning', '399 - "the body could not be read"']] });
    return null;
  }

  #recordClear(message: SipMessage, protection: DialogSecurity['protection'], peerHeader: 'To'): void {
    const callId = message.headers.get('Call-ID');
    if (callId === undefined) return;
    const dialogs = this.#parts.dialogs;
    const dialog = dialogs.get(callId) ?? { peer: peerOf(message, peerHeader), peerCertificate: null, encryptOutgoing: false };
    dialogs.set(callId, { ...dialog, encryptOutgoing: false, ...(protection ? { protection } : {}) });
  }

  #answer(request: Parameters<typeof responseText>[0], status: number, reason: string, context: SecurityContext, extra: ExtraResponse = {}): void {
    this.#parts.log.warn(`answering ${request.method} from ${request.headers.get('From') ?? '?'} with ${status} ${reason}`);
    this.#sendOutOfBand(responseText(request, status, reason, context.crypto, extra));
    const refused = refusedRequest(request, status, this.#parts.now());
    if (refused) this.#onRefused(refused);
  }
}

function peerOf(message: SipMessage, header: 'To' | 'From'): string {
  return aorOfHeader(message.headers.get(header)) ?? '';
}

/**
 * `text` without the verdicts a peer (or a relay) wrote: the header, and the line in an SDP body. A message that may
 * hold one but that the core cannot parse is dropped (null): JsSIP must never read a verdict this layer did not write.
 */
function withoutNotes(text: string): string | null {
  let message: SipMessage;
  try {
    message = parseSipText(text);
  } catch {
    return null;
  }
  message.headers.delete(PROTECTION_HEADER);
  if (mediaTypeOf(message) === 'application/sdp') setBody(message, { contentType: message.headers.get('Content-Type') ?? 'application/sdp', body: withoutSdpNote(bodyText(message)) });
  return sipText(message);
}
