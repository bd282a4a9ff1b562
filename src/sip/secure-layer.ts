/**
 * End-to-end protection of calls and messages in the socket codec's hooks (JSSIP-NOTES.md, DESIGN.md "Secure calls"
 * and "Encrypted page-mode IM"), so JsSIP only ever sees and writes clear SDP and text:
 *
 * - Outbound: an initial INVITE to a peer whose verified certificate we hold carries `multipart/alternative` (clear
 *   SDP first, signed-then-encrypted SDP last, `handling=optional`; RFC 3261 section 23.4), or the encrypted SDP
 *   alone when the user asked for encrypted-only (no clear alternative: ICE addresses stay hidden). Answers, re-INVITEs
 *   and UPDATEs of a dialog that went encrypted stay encrypted. A page-mode MESSAGE to such a peer carries the
 *   signed-then-encrypted text (RFC 8591), after a clear fallback that never repeats it.
 * - Inbound: an offer, answer or MESSAGE is read by the core (decrypt, verify with the peer's verified certificate,
 *   signer AOR = From: seed 000 section 4.5) and replaced by the clear SDP or text chosen; what was chosen and why is
 *   recorded per Call-ID for the UI. A `handling=required` part we cannot read gets 493 with our certificate
 *   (RFC 3261 section 23.2, RFC 8591 section 9); a clear offer while encrypted-only is on gets 488 with
 *   `X-SIP-SECURE-REQUIRES: smime.sec.sip.iana` (seed 000 sections 4.1.4 and 4.3); a body type we cannot show in a
 *   MESSAGE gets 415 (RFC 3428 section 7).
 *
 * The layer never claims protection it did not check: `encrypted: true` means the core decrypted the part and verified
 * its signature with the certificate verified for that AOR (or, for what we send, that we encrypted to it).
 */
import type { Signer } from '../core/cms/sign-then-encrypt.ts';
import type { SecureBodyInput, SessionBodyReading } from '../core/secure-body/index.ts';
import type { SipMessage, SipRequest } from '../core/sip/index.ts';
import type { Protection } from './sip-client.ts';
import type { SipLogger } from './sip-logger.ts';
import { aorOfHeader, bodyText, hasTag, mediaTypeOf, methodOf, parseSipText, responseText, setBody, sipText } from './sip-text.ts';

/**
 * The core's secure-body functions (src/core/secure-body), loaded lazily with the rest of the crypto code: only their
 * types are imported here, so the initial bundle stays free of them.
 */
export type SecureBodyCodec = Pick<
  typeof import('../core/secure-body/index.ts'),
  'buildSecureSessionBody' | 'readSessionBody' | 'buildEncryptedMessage' | 'prepareSecureBody' | 'readMessageBody' | 'certsOnlyBody' | 'clearReasonText'
>;
type BodyReadingInput = SecureBodyInput;
type BodyReading = Pick<SessionBodyReading, 'encrypted' | 'reason' | 'detail' | 'offeredEncrypted' | 'requiredButUnreadable'>;

/** What the layer needs from the app: keys, certificates and the user's choice. */
export interface SecurityContext {
  codec: () => Promise<SecureBodyCodec>;
  /** This device's key and certificate, when unlocked. */
  ownKey: () => Signer | null;
  /**
   * The verified certificate cached for `aor`, at once. Outbound messages must not wait for a fetch: the SUBSCRIBE
   * would queue behind them.
   */
  cachedPeerCertificate: (aor: string) => Uint8Array | null;
  /** Fetches (or, with `refresh`, fetches again) the certificate of `aor`; null when there is none within `waitMs`. */
  peerCertificate: (aor: string, options: { waitMs: number; refresh?: boolean }) => Promise<Uint8Array | null>;
  /** "Only end-to-end encrypted calls and messages". */
  secureOnly: () => boolean;
  crypto: Crypto;
}

/** Seed 000 section 4.1.4: the method a 4xx requires so that the caller retries with S/MIME. */
export const SMIME_METHOD = 'smime.sec.sip.iana';
export const SECURE_REQUIRES_HEADER = 'X-SIP-SECURE-REQUIRES';
/** How long an incoming encrypted offer or message may wait for the sender's certificate. */
const CERTIFICATE_WAIT_MS = 4000;
/**
 * A draft sealed more than this long ago is not sent: its signing-time attribute (RFC 5652 section 11.3) would
 * claim an earlier moment than the Send. Sealed again at Send instead.
 */
export const SEALED_DRAFT_MAX_AGE_MS = 30_000;
/** The clear alternative of an encrypted message: it must never contain the text (seed 002 section 8). */
export const ENCRYPTED_MESSAGE_FALLBACK = 'This message is end-to-end encrypted. Open it in SealPhone on a device that holds your key.';
const MESSAGE_ACCEPT = 'text/plain, multipart/alternative, application/pkcs7-mime';

interface DialogSecurity {
  peer: string;
  /** The verified certificate we encrypt to and check the peer's signatures with. */
  peerCertificate: Uint8Array | null;
  /** Our offers and answers in this dialog go encrypted. */
  encryptOutgoing: boolean;
  protection?: Protection;
}

export type ProtectionListener = (callId: string, protection: Protection) => void;

type BuiltMessage = Awaited<ReturnType<SecureBodyCodec['buildEncryptedMessage']>>;

/**
 * The text being written to a peer, already signed and encrypted as its MESSAGE body would be, with what it was
 * sealed with: Send uses it only for that very text, signer, certificate and fallback, once.
 */
interface SealedDraft {
  context: SecurityContext;
  peer: string;
  text: string;
  signer: Signer;
  peerCertificate: Uint8Array;
  fallback: string | undefined;
  sealedAt: number;
  body: Promise<BuiltMessage>;
}

export class SecureLayer {
  #context: SecurityContext | null = null;
  /** The crypto core once `context.codec()` gave it, so that later encryptions start without a hop. */
  #loadedCodec: { context: SecurityContext; codec: SecureBodyCodec } | null = null;
  readonly #dialogs = new Map<string, DialogSecurity>();
  readonly #sendOutOfBand: (text: string) => boolean;
  readonly #onProtection: ProtectionListener;
  readonly #log: SipLogger;
  readonly #now: () => number;
  /** The latest text written (prepareMessage), not yet sealed. */
  #written: { peer: string; text: string } | null = null;
  #sealing = false;
  #draft: SealedDraft | null = null;

  constructor(deps: { sendOutOfBand: (text: string) => boolean; onProtection: ProtectionListener; log: SipLogger; now?: () => number }) {
    this.#sendOutOfBand = deps.sendOutOfBand;
    this.#onProtection = deps.onProtection;
    this.#log = deps.log;
    this.#now = deps.now ?? Date.now;
  }

  use(context: SecurityContext | null): void {
    this.#context = context;
    this.#written = null;
    this.#draft = null;
  }

  get context(): SecurityContext | null {
    return this.#context;
  }

  /** What the layer found for the dialog or MESSAGE with this Call-ID. */
  protectionOf(callId: string): Protection | undefined {
    return this.#dialogs.get(callId)?.protection;
  }

  forget(callId: string): void {
    this.#dialogs.delete(callId);
  }

  /**
   * Synchronous when there is nothing to encrypt (the socket codec then sends at once); otherwise the encryption
   * starts before this returns (the crypto core, once loaded, is called without a hop) and the promise gives the text.
   */
  readonly outbound = (text: string): string | Promise<string> => {
    const context = this.#context;
    if (!context || !hasBody(text)) return text; // nothing to protect
    let message: SipMessage;
    try {
      message = parseSipText(text);
    } catch {
      return text;
    }
    let protecting: Promise<void> | null;
    try {
      protecting = this.#protectOutbound(message, context);
    } catch (error) {
      return this.#sentClear(message, text, error);
    }
    if (!protecting) return text;
    return protecting.then(
      () => sipText(message),
      (error: unknown) => this.#sentClear(message, text, error),
    );
  };

  /** Never cut the connection for a failed encryption: the message leaves clear and the UI says so. */
  #sentClear(message: SipMessage, text: string, error: unknown): string {
    this.#log.error('could not encrypt an outgoing body; sent clear', error);
    this.#record(message, { encrypted: false, reason: `encryption failed: ${error instanceof Error ? error.message : String(error)}` });
    return text;
  }

  /** The crypto core, when `context` gave it already. */
  #codecAtHand(context: SecurityContext): SecureBodyCodec | undefined {
    return this.#loadedCodec?.context === context ? this.#loadedCodec.codec : undefined;
  }

  /** Calls `use` with the crypto core: at once when it is loaded, after loading it otherwise. */
  #withCodec<T>(context: SecurityContext, use: (codec: SecureBodyCodec) => Promise<T>): Promise<T> {
    const loaded = this.#codecAtHand(context);
    if (loaded) return use(loaded);
    return context.codec().then((codec) => {
      this.#loadedCodec = { context, codec };
      return use(codec);
    });
  }

  readonly inbound = async (text: string): Promise<string | null> => {
    const context = this.#context;
    if (!context || !hasBody(text)) return text;
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

  // ---- outbound ------------------------------------------------------------------------------------------------

  /** Decides at once; null when the message leaves as it is, else the encryption under way (it sets the body). */
  #protectOutbound(message: SipMessage, context: SecurityContext): Promise<void> | null {
    const method = methodOf(message);
    const type = mediaTypeOf(message);
    const callId = message.headers.get('Call-ID') ?? '';
    if (message.kind === 'request' && message.method === 'MESSAGE' && type === 'text/plain') {
      return this.#protectMessage(message, callId, context);
    }
    if ((method !== 'INVITE' && method !== 'UPDATE') || type !== 'application/sdp') return null;
    const own = context.ownKey();
    if (message.kind === 'request' && message.method === 'INVITE' && !hasTag(message.headers.get('To'))) {
      const peer = aorOfHeader(message.headers.get('To')) ?? '';
      const certificate = context.cachedPeerCertificate(peer);
      if (!own || !certificate) {
        this.#set(callId, { peer, peerCertificate: null, encryptOutgoing: false }, { encrypted: false, reason: !own ? 'you have no key on this device' : 'the peer has no verified certificate' });
        return null;
      }
      const clearAlternative = !context.secureOnly();
      return this.#withCodec(context, async (codec) => {
        setBody(message, await codec.buildSecureSessionBody(bodyText(message), { signer: own, recipients: [certificate, own.certificate], clearAlternative, crypto: context.crypto }));
        this.#dialogs.set(callId, { peer, peerCertificate: certificate, encryptOutgoing: true });
      });
    }
    // Answers, re-INVITEs and UPDATEs inside a dialog that went encrypted: encrypted only (the peer has shown it can).
    const dialog = this.#dialogs.get(callId);
    if (!dialog?.encryptOutgoing || !dialog.peerCertificate) return null;
    if (message.kind === 'response' && message.status >= 300) return null;
    if (!own) {
      // The key was locked or removed mid-dialog: this SDP leaves clear, and the screen must say so.
      this.#set(callId, { ...dialog, encryptOutgoing: false }, { encrypted: false, reason: 'you have no key on this device' });
      return null;
    }
    const peerCertificate = dialog.peerCertificate;
    return this.#withCodec(context, async (codec) => {
      setBody(message, await codec.buildSecureSessionBody(bodyText(message), { signer: own, recipients: [peerCertificate, own.certificate], clearAlternative: false, crypto: context.crypto }));
    });
  }

  #protectMessage(message: SipRequest, callId: string, context: SecurityContext): Promise<void> | null {
    const peer = aorOfHeader(message.headers.get('To')) ?? '';
    const own = context.ownKey();
    const certificate = context.cachedPeerCertificate(peer);
    if (!own || !certificate) {
      this.#set(callId, { peer, peerCertificate: null, encryptOutgoing: false }, { encrypted: false, reason: !own ? 'you have no key on this device' : 'the peer has no verified certificate' });
      return null;
    }
    const text = bodyText(message);
    const fallback = messageFallback(context);
    const build = () => this.#seal(context, own, certificate, text, fallback);
    const draft = this.#takeDraft({ context, peer, text, signer: own, peerCertificate: certificate, fallback });
    return (draft ? draft.body.catch(build) : build()).then((body) => {
      setBody(message, body);
      this.#set(callId, { peer, peerCertificate: certificate, encryptOutgoing: true }, { encrypted: true, verifiedPeer: peer });
    });
  }

  /** The MESSAGE body of `text`: signed by us, encrypted to the peer and us, after `fallback` when there is one. */
  #seal(context: SecurityContext, own: Signer, certificate: Uint8Array, text: string, fallback: string | undefined): Promise<BuiltMessage> {
    return this.#withCodec(context, (codec) => codec.buildEncryptedMessage(text, { ...messageKeys(own, certificate, context), ...(fallback ? { fallback } : {}) }));
  }

  /** The sealed draft when it is this very message and fresh; taken out, so that no body is sent twice. */
  #takeDraft(wanted: Omit<SealedDraft, 'sealedAt' | 'body'>): SealedDraft | null {
    const draft = this.#draft;
    if (!draft || !sameDraft(draft, wanted)) return null;
    this.#draft = null;
    return this.#now() - draft.sealedAt <= SEALED_DRAFT_MAX_AGE_MS ? draft : null;
  }

  /**
   * `text` is being written to `peer` (empty: the writing has just begun). When the message will go encrypted:
   *
   * - the crypto core is loaded and the next envelope to the peer and us opened (a fresh content key and ephemeral
   *   ECDH keys, used once: the core's prepareSecureBody), so that Send only signs and encrypts;
   * - a non-empty text is signed and encrypted in a task of its own (the latest text only, one at a time), so that
   *   Send of that very text only puts it on the wire. The sealed draft stays in memory until it is sent or
   *   replaced; a draft never sent is never seen by anyone. Each draft has its own content key and ephemeral keys.
   */
  prepareMessage(peer: string, text = ''): void {
    const context = this.#context;
    const own = context?.ownKey();
    const certificate = context?.cachedPeerCertificate(peer);
    if (!context || !own || !certificate) return;
    if (text === '') {
      this.#prepareEnvelope(context, own, certificate);
      return;
    }
    this.#written = { peer, text };
    if (this.#sealing) return;
    this.#sealing = true;
    setTimeout(() => void this.#sealWritten(), 0);
  }

  #prepareEnvelope(context: SecurityContext, own: Signer, certificate: Uint8Array): Promise<void> {
    return this.#withCodec(context, async (codec) => codec.prepareSecureBody(messageKeys(own, certificate, context))).catch((error: unknown) =>
      this.#log.warn('could not prepare an encrypted message', error),
    );
  }

  /** Seals the latest text written, then the one written meanwhile, if any. */
  async #sealWritten(): Promise<void> {
    try {
      while (this.#written) {
        const { peer, text } = this.#written;
        this.#written = null;
        const context = this.#context;
        const own = context?.ownKey();
        const certificate = context?.cachedPeerCertificate(peer);
        if (!context || !own || !certificate) continue;
        const wanted = { context, peer, text, signer: own, peerCertificate: certificate, fallback: messageFallback(context) };
        if (this.#draft && sameDraft(this.#draft, wanted)) continue;
        const body = this.#seal(context, own, certificate, text, wanted.fallback);
        const draft: SealedDraft = { ...wanted, sealedAt: this.#now(), body };
        this.#draft = draft;
        try {
          await body;
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

  // ---- inbound -------------------------------------------------------------------------------------------------

  async #readInbound(message: SipMessage, context: SecurityContext): Promise<'unchanged' | 'changed' | 'answered'> {
    const method = methodOf(message);
    const callId = message.headers.get('Call-ID') ?? '';
    if (message.kind === 'request' && message.method === 'MESSAGE') return this.#readMessage(message, callId, context);
    if (method !== 'INVITE' && method !== 'UPDATE') return 'unchanged';
    if (message.kind === 'response') return this.#readAnswer(message, callId, context);
    return this.#readOffer(message, callId, context);
  }

  async #readOffer(request: SipRequest, callId: string, context: SecurityContext): Promise<'unchanged' | 'changed' | 'answered'> {
    const peer = aorOfHeader(request.headers.get('From')) ?? '';
    const initial = !hasTag(request.headers.get('To'));
    const type = mediaTypeOf(request);
    const dialog = this.#dialogs.get(callId);
    const secureType = isSecureType(type);
    const own = context.ownKey();
    const certificate = secureType ? (dialog?.peerCertificate ?? (await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS }))) : null;
    const codec = secureType || dialog?.encryptOutgoing || context.secureOnly() ? await context.codec() : null;
    if (!codec) {
      if (initial) this.#set(callId, { peer, peerCertificate: null, encryptOutgoing: false }, { encrypted: false, reason: 'the caller did not encrypt the call' });
      return 'unchanged';
    }
    const reading = await codec.readSessionBody(this.#input(request, peer, own, certificate, context));
    if (reading.requiredButUnreadable) {
      this.#answer(request, 493, 'Undecipherable', context, own ? { body: codec.certsOnlyBody(own.certificate) } : {});
      return 'answered';
    }
    if (!reading.encrypted && context.secureOnly() && initial) {
      this.#answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD], ['Warning', '399 - "only end-to-end encrypted calls are accepted"']] });
      return 'answered';
    }
    const protection: Protection = reading.encrypted
      ? { encrypted: true, verifiedPeer: peer }
      : { encrypted: false, reason: reading.offeredEncrypted ? this.#reasonText(codec, reading) : initial ? 'the caller did not encrypt the call' : 'the peer sent an unencrypted update' };
    this.#set(callId, { peer, peerCertificate: certificate ?? dialog?.peerCertificate ?? null, encryptOutgoing: reading.encrypted }, protection);
    if (reading.sdp === null || !secureType) return 'unchanged';
    setBody(request, { contentType: 'application/sdp', body: reading.sdp });
    return 'changed';
  }

  async #readAnswer(response: SipMessage & { kind: 'response' }, callId: string, context: SecurityContext): Promise<'unchanged' | 'changed'> {
    const dialog = this.#dialogs.get(callId);
    if (!dialog || response.status >= 300 || response.body.length === 0) return 'unchanged';
    const type = mediaTypeOf(response);
    if (!dialog.encryptOutgoing && !isSecureType(type)) return 'unchanged';
    const codec = await context.codec();
    const reading = await codec.readSessionBody(this.#input(response, dialog.peer, context.ownKey(), dialog.peerCertificate, context));
    const protection: Protection = reading.encrypted
      ? { encrypted: true, verifiedPeer: dialog.peer }
      : { encrypted: false, reason: reading.offeredEncrypted ? this.#reasonText(codec, reading) : 'the peer answered without encryption' };
    this.#set(callId, { ...dialog, encryptOutgoing: reading.encrypted }, protection);
    if (reading.sdp === null || !isSecureType(type)) return 'unchanged';
    setBody(response, { contentType: 'application/sdp', body: reading.sdp });
    return 'changed';
  }

  async #readMessage(request: SipRequest, callId: string, context: SecurityContext): Promise<'unchanged' | 'changed' | 'answered'> {
    const peer = aorOfHeader(request.headers.get('From')) ?? '';
    const type = mediaTypeOf(request);
    const secureType = isSecureType(type);
    if (!secureType && type !== 'text/plain') return 'unchanged'; // isComposing and the like: not ours to judge
    if (!secureType) {
      if (context.secureOnly()) {
        this.#answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD], ['Warning', '399 - "only end-to-end encrypted messages are accepted"']] });
        return 'answered';
      }
      this.#set(callId, { peer, peerCertificate: null, encryptOutgoing: false }, { encrypted: false, reason: 'the sender did not encrypt it' });
      return 'unchanged';
    }
    const own = context.ownKey();
    // What is at hand is not awaited: a message from a known peer is read in the task that brought it.
    const certificate = context.cachedPeerCertificate(peer) ?? (await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS }));
    const codec = this.#codecAtHand(context) ?? (await this.#withCodec(context, async (loaded) => loaded));
    const reading = await codec.readMessageBody(this.#input(request, peer, own, certificate, context));
    if (reading.unsupported) {
      this.#answer(request, 415, 'Unsupported Media Type', context, { headers: [['Accept', MESSAGE_ACCEPT]] });
      return 'answered';
    }
    if (reading.requiredButUnreadable || reading.text === null) {
      this.#answer(request, 493, 'Undecipherable', context, own ? { body: codec.certsOnlyBody(own.certificate) } : {});
      return 'answered';
    }
    if (!reading.encrypted && context.secureOnly()) {
      this.#answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD]] });
      return 'answered';
    }
    this.#set(callId, { peer, peerCertificate: certificate, encryptOutgoing: false }, reading.encrypted ? { encrypted: true, verifiedPeer: peer } : { encrypted: false, reason: this.#reasonText(codec, reading) });
    setBody(request, { contentType: 'text/plain;charset=utf-8', body: reading.text });
    return 'changed';
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  #input(message: SipMessage, peer: string, own: Signer | null, certificate: Uint8Array | null, context: SecurityContext): BodyReadingInput {
    const disposition = message.headers.get('Content-Disposition');
    return {
      contentType: message.headers.get('Content-Type') ?? '',
      ...(disposition ? { contentDisposition: disposition } : {}),
      body: message.body,
      fromAor: peer,
      recipient: own,
      peerCertificate: certificate,
      crypto: context.crypto,
    };
  }

  #reasonText(codec: SecureBodyCodec, reading: BodyReading): string {
    const text = reading.reason ? codec.clearReasonText(reading.reason) : 'the encrypted part could not be used';
    return reading.detail ? `${text} (${reading.detail})` : text;
  }

  #answer(request: SipRequest, status: number, reason: string, context: SecurityContext, extra: Parameters<typeof responseText>[4]): void {
    this.#log.warn(`answering ${request.method} from ${request.headers.get('From') ?? '?'} with ${status} ${reason}`);
    this.#sendOutOfBand(responseText(request, status, reason, context.crypto, extra));
  }

  /**
   * The core failed (it could not be loaded, or a certificate lookup threw) on an inbound body: a request is refused with
   * 500 (RFC 3261 section 21.5.1) rather than handed to JsSIP unread or dropped unanswered; a response goes on as it is.
   */
  #unreadable(text: string, message: SipMessage, context: SecurityContext, error: unknown): string | null {
    this.#log.error('could not read an incoming body', error);
    if (message.kind === 'response' || message.method === 'ACK') return text;
    this.#record(message, { encrypted: false, reason: 'the message could not be read on this device' }, 'From');
    this.#answer(message, 500, 'Server Internal Error', context, { headers: [['Warning', '399 - "the body could not be read"']] });
    return null;
  }

  #record(message: SipMessage, protection: Protection, peerHeader: 'To' | 'From' = 'To'): void {
    const callId = message.headers.get('Call-ID');
    if (callId === undefined) return;
    const dialog = this.#dialogs.get(callId) ?? { peer: aorOfHeader(message.headers.get(peerHeader)) ?? '', peerCertificate: null, encryptOutgoing: false };
    this.#set(callId, { ...dialog, encryptOutgoing: false }, protection);
  }

  #set(callId: string, dialog: DialogSecurity, protection: Protection): void {
    this.#dialogs.set(callId, { ...dialog, protection });
    this.#onProtection(callId, protection);
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

/** RFC 3261 section 7: the headers end at the first empty line; whatever follows it is the body. */
function hasBody(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  return end >= 0 && end + 4 < text.length;
}

function isSecureType(type: string): boolean {
  return type === 'multipart/alternative' || type === 'application/pkcs7-mime' || type === 'application/x-pkcs7-mime';
}
