/**
 * The text being written to a peer, sealed (signed and encrypted as its MESSAGE body would be) while it is typed, so
 * that Send of that very text only puts it on the wire (docs/crypto-core.md "Envelopes prepared ahead"):
 *
 * - the first character loads the crypto core and opens the next envelope to the peer and us (a fresh content key and
 *   ephemeral ECDH keys, used once: the core's prepareSecureBody);
 * - each text is sealed in a task of its own (the latest text only, one at a time). A draft stays in memory until it
 *   is sent or replaced; one never sent is never seen by anyone. Each has its own content key and ephemeral keys.
 * - Send takes the draft only for the same text, peer, key, certificate and fallback in the same context, once, and
 *   only within SEALED_DRAFT_MAX_AGE_MS (its signing-time must not lie); any other Send seals its own.
 */
import type { Signer } from '../core/cms/sign-then-encrypt.ts';
import type { CodecLoader } from './secure-layer-parts.ts';
import type { SecureBodyCodec, SecurityContext } from './security-context.ts';
import type { SipLogger } from './sip-logger.ts';

/**
 * A draft sealed more than this long ago is not sent: its signing-time attribute (RFC 5652 section 11.3) would claim
 * an earlier moment than the Send. Sealed again at Send instead.
 */
export const SEALED_DRAFT_MAX_AGE_MS = 30_000;
/** The clear alternative of an encrypted message: it must never contain the text (seed 002 section 8). */
export const ENCRYPTED_MESSAGE_FALLBACK = 'This message is end-to-end encrypted. Open it in SealPhone on a device that holds your key.';

export type BuiltMessage = Awaited<ReturnType<SecureBodyCodec['buildEncryptedMessage']>>;

/** What a body is sealed for: the same text to the same peer with the same key and certificate. */
export interface SealFor {
  peer: string;
  text: string;
  signer: Signer;
  peerCertificate: Uint8Array;
}

interface SealedDraft extends SealFor {
  context: SecurityContext;
  fallback: string | undefined;
  sealedAt: number;
  body: Promise<BuiltMessage>;
}

export class SealedDrafts {
  readonly #codecs: CodecLoader;
  readonly #log: SipLogger;
  readonly #now: () => number;
  /** The latest text written (prepare), not yet sealed. */
  #written: { context: SecurityContext; peer: string; text: string } | null = null;
  #sealing = false;
  #draft: SealedDraft | null = null;

  constructor(deps: { codecs: CodecLoader; log: SipLogger; now: () => number }) {
    this.#codecs = deps.codecs;
    this.#log = deps.log;
    this.#now = deps.now;
  }

  /** Forgets every draft (a new context, or none). */
  reset(): void {
    this.#written = null;
    this.#draft = null;
  }

  /** `text` is being written to `peer` (empty: the writing has just begun); nothing when it would go clear. */
  prepare(context: SecurityContext, peer: string, text: string): void {
    const own = context.ownKey();
    const certificate = context.cachedPeerCertificate(peer);
    if (!own || !certificate) return;
    if (text === '') {
      void this.#prepareEnvelope(context, own, certificate);
      return;
    }
    this.#written = { context, peer, text };
    if (this.#sealing) return;
    this.#sealing = true;
    setTimeout(() => void this.#sealWritten(), 0);
  }

  /** The body Send puts on the wire: the sealed draft when it is this very message and fresh, else sealed now. */
  sealForSend(context: SecurityContext, wanted: SealFor): Promise<BuiltMessage> {
    const fallback = messageFallback(context);
    const build = () => this.#seal(context, wanted, fallback);
    const draft = this.#take({ ...wanted, context, fallback });
    return draft ? draft.body.catch(build) : build();
  }

  /** The draft when it is this very message and fresh; taken out, so that no body is sent twice. */
  #take(wanted: Omit<SealedDraft, 'sealedAt' | 'body'>): SealedDraft | null {
    const draft = this.#draft;
    if (!draft || !sameDraft(draft, wanted)) return null;
    this.#draft = null;
    return this.#now() - draft.sealedAt <= SEALED_DRAFT_MAX_AGE_MS ? draft : null;
  }

  /** The MESSAGE body of `text`: signed by us, encrypted to the peer and us, after `fallback` when there is one. */
  #seal(context: SecurityContext, wanted: SealFor, fallback: string | undefined): Promise<BuiltMessage> {
    return this.#codecs.with(context, (codec) => codec.buildEncryptedMessage(wanted.text, { ...messageKeys(wanted.signer, wanted.peerCertificate, context), ...(fallback ? { fallback } : {}) }));
  }

  #prepareEnvelope(context: SecurityContext, own: Signer, certificate: Uint8Array): Promise<void> {
    return this.#codecs.with(context, async (codec) => codec.prepareSecureBody(messageKeys(own, certificate, context))).catch((error: unknown) => this.#log.warn('could not prepare an encrypted message', error));
  }

  /** Seals the latest text written, then the one written meanwhile, if any. */
  async #sealWritten(): Promise<void> {
    try {
      while (this.#written) {
        const { context, peer, text } = this.#written;
        this.#written = null;
        const own = context.ownKey();
        const certificate = context.cachedPeerCertificate(peer);
        if (!own || !certificate) continue;
        const wanted: SealFor = { peer, text, signer: own, peerCertificate: certificate };
        const fallback = messageFallback(context);
        if (this.#draft && sameDraft(this.#draft, { ...wanted, context, fallback })) continue;
        const draft: SealedDraft = { ...wanted, context, fallback, sealedAt: this.#now(), body: this.#seal(context, wanted, fallback) };
        this.#draft = draft;
        try {
          await draft.body;
        } catch (error) {
          if (this.#draft === draft) this.#draft = null;
          this.#log.warn('could not seal the message being written', error);
        }
        // Keys for a Send whose text is not the draft's (the last character typed and sent at once).
        await this.#prepareEnvelope(context, own, certificate);
      }
    } finally {
      this.#sealing = false;
    }
  }
}

/**
 * Who signs an encrypted MESSAGE and whom it is encrypted to (the peer, then ourselves: RFC 8591 section 5). Preparing
 * and sending use this one list: a prepared envelope serves only the same recipients in the same order.
 */
function messageKeys(own: Signer, peerCertificate: Uint8Array, context: SecurityContext): { signer: Signer; recipients: Uint8Array[]; crypto: Crypto } {
  return { signer: own, recipients: [peerCertificate, own.certificate], crypto: context.crypto };
}

/** The clear alternative an encrypted MESSAGE carries: none when the user wants encrypted-only. */
function messageFallback(context: SecurityContext): string | undefined {
  return context.secureOnly() ? undefined : ENCRYPTED_MESSAGE_FALLBACK;
}

/**
 * The same text sealed for the same peer with the same key, certificate and fallback, in the same context. Keys and
 * certificates are compared as objects: the app hands out the same ones until they change, and a false "changed"
 * only costs sealing again.
 */
function sameDraft(draft: Omit<SealedDraft, 'sealedAt' | 'body'>, wanted: Omit<SealedDraft, 'sealedAt' | 'body'>): boolean {
  return (
    draft.context === wanted.context &&
    draft.peer === wanted.peer &&
    draft.text === wanted.text &&
    draft.fallback === wanted.fallback &&
    draft.signer.certificate === wanted.signer.certificate &&
    draft.signer.keys === wanted.signer.keys &&
    draft.peerCertificate === wanted.peerCertificate
  );
}
