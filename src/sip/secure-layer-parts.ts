/**
 * What the secure layer's modules (session-body-protection.ts, message-body-protection.ts, sealed-draft.ts) share:
 * the per-dialog security state, the crypto core once loaded, and the layer's own answers (488, 493, 415, 500).
 */
import type { SipRequest } from '../core/sip/index.ts';
import type { Protection } from './sip-client.ts';
import type { ProtectedHeadersGuard } from './protected-headers-guard.ts';
import type { SipLogger } from './sip-logger.ts';
import type { SecureBodyCodec, SecurityContext } from './security-context.ts';
import { responseText } from './sip-text.ts';

/** Seed 000 section 4.1.4: the method a 4xx requires so that the caller retries with S/MIME. */
export { SECURE_REQUIRES_HEADER, SMIME_METHOD } from '../core/secure-body/secure-requires.ts';

/** What the layer keeps of one dialog (or one MESSAGE transaction) by its Call-ID: it is the layer's own state. */
export interface DialogSecurity {
  peer: string;
  /** The verified certificate we encrypt to and check the peer's signatures with. */
  peerCertificate: Uint8Array | null;
  /** Our offers and answers in this dialog go encrypted. */
  encryptOutgoing: boolean;
  /** The last verdict on it, noted on what goes up to JsSIP (protection-note.ts). */
  protection?: Protection;
}

/** The crypto core of a context, loaded once: later calls start without a hop (a click's work stays in its task). */
export class CodecLoader {
  #loaded: { context: SecurityContext; codec: SecureBodyCodec } | null = null;

  /** The crypto core, when `context` gave it already. */
  atHand(context: SecurityContext): SecureBodyCodec | undefined {
    return this.#loaded?.context === context ? this.#loaded.codec : undefined;
  }

  /** Calls `use` with the crypto core: at once when it is loaded, after loading it otherwise. */
  with<T>(context: SecurityContext, use: (codec: SecureBodyCodec) => Promise<T>): Promise<T> {
    const loaded = this.atHand(context);
    if (loaded) return use(loaded);
    return context.codec().then((codec) => {
      this.#loaded = { context, codec };
      return use(codec);
    });
  }

  load(context: SecurityContext): Promise<SecureBodyCodec> {
    return this.with(context, async (codec) => codec);
  }
}

export type ExtraResponse = Parameters<typeof responseText>[4];

export interface SecureLayerParts {
  dialogs: Map<string, DialogSecurity>;
  codecs: CodecLoader;
  /** Answers `request` ourselves (JsSIP never sees it). */
  answer: (request: SipRequest, status: number, reason: string, context: SecurityContext, extra?: ExtraResponse) => void;
  log: SipLogger;
  /** The protected headers of signed-then-encrypted bodies: what goes out, and the check and replay cache of what comes in. */
  headers: ProtectedHeadersGuard;
  /** ms since the epoch. */
  now: () => number;
}

/** What the layer did with one inbound message: left it, rewrote it (body and verdict), or answered it itself. */
export type InboundOutcome = 'unchanged' | 'changed' | 'answered';

/** RFC 3261 section 23 bodies the layer reads. */
export function isSecureType(type: string): boolean {
  return type === 'multipart/alternative' || type === 'application/pkcs7-mime' || type === 'application/x-pkcs7-mime';
}

/** The `detail` of a verdict, only when there is one (exactOptionalPropertyTypes). */
export function withDetail(detail: string | undefined): { detail?: string } {
  return detail ? { detail } : {};
}
