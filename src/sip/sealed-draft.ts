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
import { formatSipDate } from '../core/identity/index.ts';
import type { ProtectedHeadersInput } from '../core/secure-body/index.ts';
import { formatNameAddr, parseNameAddr, type SipRequest } from '../core/sip/index.ts';
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

/**
 * The headers a draft was sealed with (its protected headers, seed 000 section 4.2.1), chosen when it was sealed:
 * the MESSAGE that takes the draft leaves with them (`applyEnvelope`). JsSIP matches the response to an out-of-dialog
 * MESSAGE by its Via branch alone, so its Call-ID, From tag and CSeq are ours to choose until it leaves.
 */
export interface DraftEnvelope {
  callId: string;
  fromTag: string;
  cseq: number;
  date: string;
}

interface SealedDraft extends SealFor {
  context: SecurityContext;
  fallback: string | undefined;
  sealedAt: number;
  envelope: DraftEnvelope;
  body: Promise<BuiltMessage>;
}

/** The body to send, and the envelope to give the MESSAGE when it comes from a draft. */
export interface SealedBody {
  body: BuiltMessage;
  envelope?: DraftEnvelope;
}

export class SealedDrafts {
  readonly #codecs: CodecLoader;
  readonly #log: SipLogger;
  readonly #now: () => number;
  /** The latest text written (prepare), not yet sealed, and our own address (the From of the MESSAGE). */
  #written: { context: SecurityContext; peer: string; text: string; from: string } | null = null;
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

  /**
   * `text` is being written to `peer` from `from` (our AOR; empty: the writing has just begun); nothing when it would
   * go clear. Without `from` only the envelope's keys are prepared.
   */
  prepare(context: SecurityContext, peer: string, text: string, from?: string): void {
    const own = context.ownKey();
    const certificate = context.cachedPeerCertificate(peer);
    if (!own || !certificate) return;
    if (text === '' || !from) {
      void this.#prepareEnvelope(context, own, certificate);
      return;
    }
    this.#written = { context, peer, text, from };
    if (this.#sealing) return;
    this.#sealing = true;
    setTimeout(() => void this.#sealWritten(), 0);
  }

  /**
   * The body Send puts on the wire: the sealed draft when it is this very message and fresh (with the envelope the
   * MESSAGE must then take), else sealed now with `protectedHeaders`, the MESSAGE's own.
   */
  sealForSend(context: SecurityContext, wanted: SealFor, protectedHeaders: ProtectedHeadersInput): Promise<SealedBody> {
    const fallback = messageFallback(context);
    const build = async (): Promise<SealedBody> => ({ body: await this.#seal(context, wanted, fallback, protectedHeaders) });
    const draft = this.#take({ ...wanted, context, fallback });
    return draft ? draft.body.then((body) => ({ body, envelope: draft.envelope }), build) : build();
  }

  /** The draft when it is this very message and fresh; taken out, so that no body is sent twice. */
  #take(wanted: Omit<SealedDraft, 'sealedAt' | 'body' | 'envelope'>): SealedDraft | null {
    const draft = this.#draft;
    if (!draft || !sameDraft(draft, wanted)) return null;
    this.#draft = null;
    return this.#now() - draft.sealedAt <= SEALED_DRAFT_MAX_AGE_MS ? draft : null;
  }

  /** The MESSAGE body of `text`: signed by us with its protected headers, encrypted to the peer and us, after `fallback`. */
  #seal(context: SecurityContext, wanted: SealFor, fallback: string | undefined, protectedHeaders: ProtectedHeadersInput): Promise<BuiltMessage> {
    return this.#codecs.with(context, (codec) =>
      codec.buildEncryptedMessage(wanted.text, { ...messageKeys(wanted.signer, wanted.peerCertificate, context), protectedHeaders, ...(fallback ? { fallback } : {}) }),
    );
  }

  #prepareEnvelope(context: SecurityContext, own: Signer, certificate: Uint8Array): Promise<void> {
    return this.#codecs.with(context, async (codec) => codec.prepareSecureBody(messageKeys(own, certificate, context))).catch((error: unknown) => this.#log.warn('could not prepare an encrypted message', error));
  }

  /** Seals the latest text written, then the one written meanwhile, if any. */
  async #sealWritten(): Promise<void> {
    try {
      while (this.#written) {
        const { context, peer, text, from } = this.#written;
        this.#written = null;
        const own = context.ownKey();
        const certificate = context.cachedPeerCertificate(peer);
        if (!own || !certificate) continue;
        const wanted: SealFor = { peer, text, signer: own, peerCertificate: certificate };
        const fallback = messageFallback(context);
        if (this.#draft && sameDraft(this.#draft, { ...wanted, context, fallback })) continue;
        const sealedAt = this.#now();
        const envelope = newEnvelope(context.crypto, sealedAt);
        const body = this.#seal(context, wanted, fallback, envelopeHeaders(envelope, from, peer));
        const draft: SealedDraft = { ...wanted, context, fallback, sealedAt, envelope, body };
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
function sameDraft(draft: Omit<SealedDraft, 'sealedAt' | 'body' | 'envelope'>, wanted: Omit<SealedDraft, 'sealedAt' | 'body' | 'envelope'>): boolean {
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

/** A fresh Call-ID, From tag and CSeq for a draft, dated when it is sealed. */
function newEnvelope(crypto: Crypto, at: number): DraftEnvelope {
  const random = (bytes: number): string => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { callId: random(16), fromTag: random(6), cseq: 1 + (crypto.getRandomValues(new Uint32Array(1))[0]! % 10_000), date: formatSipDate(new Date(at)) };
}

/** The protected headers of a MESSAGE from `from` to `peer` that will leave with `envelope`. */
function envelopeHeaders(envelope: DraftEnvelope, from: string, peer: string): ProtectedHeadersInput {
  return { kind: 'request', from: `<${from}>;tag=${envelope.fromTag}`, to: `<${peer}>`, callId: envelope.callId, cseq: `${envelope.cseq} MESSAGE`, date: envelope.date };
}

/** Gives an outgoing MESSAGE the envelope its draft was sealed with: Call-ID, From tag, CSeq and Date. */
export function applyEnvelope(message: SipRequest, envelope: DraftEnvelope): void {
  const from = parseNameAddr(message.headers.get('From') ?? '');
  from.params.set('tag', envelope.fromTag);
  message.headers.set('From', formatNameAddr(from));
  message.headers.set('Call-ID', envelope.callId);
  message.headers.set('CSeq', `${envelope.cseq} MESSAGE`);
  message.headers.set('Date', envelope.date);
}
