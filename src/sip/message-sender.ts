/**
 * Page-mode MESSAGEs (RFC 3428) of one signed-in user agent, both ways. Sending waits for the peer's certificate when
 * we could encrypt but do not hold it, plans whether it goes encrypted, and retries once after a security refusal
 * (security-policy.ts). The plan travels in the request to the secure layer, and what it did comes back on the final
 * response (protection-note.ts). An incoming MESSAGE carries its verdict in the same header.
 */
import { describeAttachment, readMessageContent } from '../core/im/index.ts';
import { failureOf } from './call-session-events.ts';
import type { FailureEvent, JsSipIncomingRequest, JsSipNameAddr, JsSipResponse, JsSipUa } from './jssip-types.ts';
import { decodeProtection, planHeader, PROTECTION_HEADER } from './protection-note.ts';
import type { SecureLayer } from './secure-layer.ts';
import { awaitPeerCertificate, encryptionRequired, isSecurityRefusal, needsCertificateWait, planProtection, prepareSecureRetry, type PlannedProtection } from './security-policy.ts';
import { SipClientError, type MessageInfo, type SipClientEvents } from './sip-client.ts';

export interface MessageSenderDeps {
  crypto: Crypto;
  /** The user agent while it is the one that sent (a reply after sign-out is dropped). */
  ua: () => JsSipUa | null;
  secure: SecureLayer;
  emit: (...args: SipClientEvents['message']) => void;
}

export class MessageSender {
  readonly #deps: MessageSenderDeps;

  constructor(deps: MessageSenderDeps) {
    this.#deps = deps;
  }

  /**
   * A MESSAGE of `text` to `peer` (a SIP URI); the request starts within this call when the peer's certificate is at
   * hand (or none could be used), after the wait for it otherwise. Gives the message in state `sending`.
   */
  async send(ua: JsSipUa, peer: string, text: string, options: { allowClear?: boolean } = {}): Promise<MessageInfo> {
    const message: MessageInfo = { id: this.#deps.crypto.randomUUID(), direction: 'outgoing', peer, contentType: 'text/plain', text, at: Date.now(), state: 'sending' };
    if (needsCertificateWait(this.#deps.secure.context, peer)) await awaitPeerCertificate(this.#deps.secure.context, peer);
    // Only encrypted messages wanted and this one cannot be: it does not leave (seed 000 section 4.3).
    const planned = planProtection(this.#deps.secure.context, peer, options.allowClear);
    if (planned && 'refused' in planned) throw new SipClientError(planned.refused);
    this.#request(ua, message, planned, false);
    return message;
  }

  /**
   * An incoming MESSAGE as JsSIP gives it, after the secure layer read it. Only text is shown as text (issue 18 item
   * 5): plain text and CPIM around it; a delivery or display notification (RFC 5438) is no message of its own and is
   * not shown; anything else is shown as the sentence that says what it is (`attachment`).
   */
  received(request: JsSipIncomingRequest, from: JsSipNameAddr): void {
    const content = readMessageContent(request.getHeader('Content-Type') || undefined, request.body ?? '', request.getHeader('Content-Encoding') || undefined);
    if (content.kind === 'notification') return;
    const protection = decodeProtection(request.getHeader(PROTECTION_HEADER));
    this.#deps.emit({
      ...(protection ? { protection } : {}),
      id: this.#deps.crypto.randomUUID(),
      direction: 'incoming',
      peer: from.uri.toAor(),
      contentType: (request.getHeader('Content-Type') || 'text/plain').split(';')[0]!.trim(),
      text: content.kind === 'text' ? content.text : describeAttachment(content),
      ...(content.kind === 'attachment' ? { attachment: true } : {}),
      at: Date.now(),
      state: 'received',
    });
  }

  /** One MESSAGE request for `message`; refused for want of encryption, it goes once more (security-policy.ts). */
  #request(ua: JsSipUa, message: MessageInfo, planned: PlannedProtection | undefined, retried: boolean): void {
    /** What was done to it: the secure layer's note on the response, else what was planned (clear, and why). */
    const protection = (response: JsSipResponse | null | undefined): Pick<MessageInfo, 'protection'> => {
      const found = decodeProtection(response?.getHeader?.(PROTECTION_HEADER)) ?? (planned && 'plan' in planned ? planned.protection : undefined);
      return found ? { protection: found } : {};
    };
    ua.sendMessage(message.peer, message.text, {
      contentType: 'text/plain',
      ...(planned && 'plan' in planned ? { extraHeaders: [planHeader(planned.plan)] } : {}),
      eventHandlers: {
        succeeded: (e) => this.#deps.emit({ ...message, state: 'delivered', ...protection(e.response) }),
        failed: (e) => {
          const done = protection(e.message ?? e.response);
          if (retried || !this.#deps.secure.context || !isSecurityRefusal(e)) {
            this.#deps.emit({ ...message, state: 'failed', failure: failureOf(e), ...done });
            return;
          }
          void this.#retry(ua, message, e, done);
        },
      },
    });
  }

  async #retry(ua: JsSipUa, message: MessageInfo, e: FailureEvent, done: Pick<MessageInfo, 'protection'>): Promise<void> {
    const outcome = await prepareSecureRetry(this.#deps.secure.context, message.peer);
    if (outcome.retry && this.#deps.ua() === ua) {
      this.#request(ua, message, planProtection(this.#deps.secure.context, message.peer), true);
      return;
    }
    const failure = outcome.retry ? failureOf(e) : encryptionRequired(failureOf(e), outcome.why, outcome.missing);
    this.#deps.emit({ ...message, state: 'failed', failure, ...done });
  }
}
