/**
 * The socket codec of docs/jssip-notes.md: a JsSIP Socket that wraps another one (`JsSIP.WebSocketInterface` in the
 * browser, a `ws` socket in Node tests) and runs every SIP message through two hooks, one per direction, so that
 * JsSIP only ever sees and produces clear bodies (the secure layer is the app's pair of hooks); by default they are
 * the identity. SIP text is read through sip-frame.ts.
 *
 * Guarantees:
 * - Order: outbound, one FIFO promise chain (a message whose hook answers synchronously while nothing is queued goes
 *   out within send() itself); inbound, one FIFO chain per Call-ID, so a slow (async) hook never lets a
 *   later message of the same dialog or transaction overtake, while other dialogs go on (an inbound hook that waits
 *   for a peer's certificate NOTIFY before reading an INVITE must not hold that NOTIFY back). SIP gives no order
 *   between different Call-IDs anyway.
 * - `send()` is synchronous and returns true when the message was queued on a connected socket (JsSIP checks the
 *   result at once and its config check refuses `async` functions). A failure after that (hook throws, inner socket
 *   refuses) closes the connection and surfaces as `ondisconnect(true, ...)`, so JsSIP's recovery takes over.
 * - An inbound hook failure drops that one message (logged): a peer must not be able to cut our connection.
 * - CRLF keep-alives (RFC 5626 section 4.4.1) pass through untouched and at once, without the hooks.
 * - Binary inbound frames: the header section is decoded as UTF-8 and the body as a Latin-1 byte string (one char
 *   per byte), so the exact bytes stay recoverable; JsSIP itself would turn bytes >= 0x80 into U+FFFD.
 * - When a hook changes a message, Content-Length is recomputed (rfc3261#section-20.14) as the UTF-8 length of the
 *   body string, as JsSIP computes it for its own messages. (For a Latin-1 body this can exceed its byte count;
 *   JsSIP's parser takes `substr(bodyStart, Content-Length)`, so the body still reaches it whole.)
 * - A NOTIFY that arrives before the 2xx of the SUBSCRIBE that created its dialog (RFC 6665 section 4.1.2.4 allows
 *   that order) is held until that 2xx has been delivered; JsSIP would answer it 481 (UA.js ~726; docs/jssip-notes.md "SUBSCRIBE / NOTIFY").
 */
import type { Socket } from 'jssip/lib/Socket';
import { hasTag } from './sip-text.ts';
import { cseqMethod, decodeBinaryFrame, fixContentLength, hasRightContentLength, isKeepAlive, peekHeader, requestMethod, responseStatus } from './sip-frame.ts';
import { silentLogger, type SipLogger } from './sip-logger.ts';

/**
 * Transforms one SIP message (text, as JsSIP writes and reads it). May be async. `null` sends nothing: the secure
 * layer's answer to a message that must not leave as it is (only encrypted ones are wanted and it could not be).
 */
export type SipMessageHook = (text: string) => string | null | Promise<string | null>;

/** An inbound hook may also answer a request itself: `null` drops the message before JsSIP sees it. */
export type InboundSipMessageHook = (text: string) => string | null | Promise<string | null>;

export interface SocketCodecHooks {
  /** Every message JsSIP sends, before it goes on the wire. */
  outbound?: SipMessageHook;
  /**
   * Every message received (binary frames already turned into text, see above), before JsSIP sees it; `null` drops it
   * (the hook has answered it itself through `sendOutOfBand`).
   */
  inbound?: InboundSipMessageHook;
}

export interface SocketCodecOptions {
  log?: SipLogger;
  /** How long a NOTIFY is held waiting for its SUBSCRIBE's 2xx (default 32 s, Timer F). */
  notifyHoldMs?: number;
}

const identity: SipMessageHook = (text) => text;

/** The JsSIP Socket callbacks, as JsSIP's Transport installs them. */
type DisconnectHandler = (error: boolean, code?: number, reason?: string) => void;
type DataHandler = (data: string | ArrayBuffer) => void;

/** The inner socket as we drive it (JsSIP's Socket typings declare the callbacks as methods). */
interface InnerSocket {
  via_transport: string;
  readonly url: string;
  readonly sip_uri: string;
  connect(): void;
  disconnect(): void;
  send(message: string): boolean;
  isConnected?(): boolean;
  isConnecting?(): boolean;
  onconnect: () => void;
  ondisconnect: DisconnectHandler;
  ondata: DataHandler;
}

interface PendingSubscribe {
  held: string[];
  timer: ReturnType<typeof setTimeout>;
}

export class SocketCodec {
  readonly #inner: InnerSocket;
  readonly #outboundHook: SipMessageHook;
  readonly #inboundHook: InboundSipMessageHook;
  readonly #log: SipLogger;
  readonly #notifyHoldMs: number;
  /** Bumped on every connect and failure: work queued for an older connection is dropped. */
  #generation = 0;
  #outChain: Promise<void> = Promise.resolve();
  /** Outbound messages queued on #outChain and not yet sent (or dropped): while any are, new ones queue behind them. */
  #outPending = 0;
  /** Inbound work not yet done, per Call-ID ('' for messages without one). */
  readonly #inChains = new Map<string, Promise<void>>();
  /** Initial SUBSCRIBEs we sent whose 2xx has not come back yet, by Call-ID. */
  readonly #pendingSubscribes = new Map<string, PendingSubscribe>();

  onconnect: () => void = () => {};
  ondisconnect: DisconnectHandler = () => {};
  ondata: DataHandler = () => {};

  constructor(inner: Socket, hooks: SocketCodecHooks = {}, options: SocketCodecOptions = {}) {
    this.#inner = inner as unknown as InnerSocket;
    this.#outboundHook = hooks.outbound ?? identity;
    this.#inboundHook = hooks.inbound ?? identity;
    this.#log = options.log ?? silentLogger;
    this.#notifyHoldMs = options.notifyHoldMs ?? 32_000;
  }

  /** This codec typed as the JsSIP Socket it is, for `UA({ sockets })`. */
  asSocket(): Socket {
    return this as unknown as Socket;
  }

  get via_transport(): string {
    return this.#inner.via_transport;
  }

  set via_transport(value: string) {
    this.#inner.via_transport = value;
  }

  get url(): string {
    return this.#inner.url;
  }

  get sip_uri(): string {
    return this.#inner.sip_uri;
  }

  isConnected(): boolean {
    return this.#inner.isConnected?.() ?? false;
  }

  isConnecting(): boolean {
    return this.#inner.isConnecting?.() ?? false;
  }

  connect(): void {
    const generation = this.#reset();
    this.#inner.onconnect = () => {
      if (generation === this.#generation) this.onconnect();
    };
    this.#inner.ondisconnect = (error, code, reason) => {
      if (generation !== this.#generation) return;
      this.#reset();
      this.ondisconnect(error, code, reason);
    };
    this.#inner.ondata = (data) => {
      if (generation === this.#generation) this.#receive(data, generation);
    };
    this.#inner.connect();
  }

  disconnect(): void {
    this.#reset();
    this.#detachInner();
    this.#inner.disconnect();
  }

  /**
   * Queues `message`; true when the socket is connected (synchronously: JsSIP checks the result at once). With nothing
   * else queued, the hook runs at once, and a hook that answers synchronously (nothing to protect) puts the message on
   * the wire before send() returns: a click's message leaves before the page re-renders, and an async hook's crypto
   * starts before it.
   */
  send(message: string | ArrayBufferLike | ArrayBufferView | Blob): boolean {
    if (!this.isConnected()) return false;
    if (typeof message !== 'string') {
      // JsSIP's Transport only sends strings; anything else goes through as is.
      return (this.#inner.send as (m: unknown) => boolean)(message);
    }
    const generation = this.#generation;
    let hooked: string | null | Promise<string | null>;
    if (this.#outPending > 0) {
      hooked = this.#outChain.then(() => this.#applyOutboundHook(message));
    } else {
      try {
        hooked = this.#applyOutboundHook(message);
      } catch (error) {
        hooked = Promise.reject(error);
      }
      if (hooked === null) return true;
      if (typeof hooked === 'string') {
        try {
          this.#put(hooked);
        } catch (error) {
          // Surfaces after send() returned true, as for a queued message.
          queueMicrotask(() => {
            if (generation === this.#generation) this.#fail(error);
          });
        }
        return true;
      }
    }
    this.#outPending++;
    this.#outChain = Promise.resolve(hooked)
      .then((text) => {
        if (generation === this.#generation && text !== null) this.#put(text);
      })
      .catch((error: unknown) => {
        if (generation === this.#generation) this.#fail(error);
      })
      .finally(() => this.#outPending--);
    return true;
  }

  /** The outbound hook (not for keep-alives), synchronously when it answers synchronously. */
  #applyOutboundHook(message: string): string | null | Promise<string | null> {
    if (isKeepAlive(message)) return message;
    const out = this.#outboundHook(message);
    if (out === null) return null;
    return typeof out === 'string' ? checkedHookResult(out, message) : out.then((text) => (text === null ? null : checkedHookResult(text, message)));
  }

  /** Puts one message on the wire; throws when the socket refuses it. */
  #put(text: string): void {
    if (!isKeepAlive(text)) this.#trackOutbound(text);
    if (!this.#inner.send(text)) throw new Error('the WebSocket refused the message');
  }

  /** Resolves when everything queued so far in both directions has been handled (for tests and orderly shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.#outChain, ...this.#inChains.values()]);
  }

  #receive(data: string | ArrayBuffer | ArrayBufferView, generation: number): void {
    let text: string;
    try {
      text = typeof data === 'string' ? data : decodeBinaryFrame(data);
    } catch (error) {
      this.#log.warn('dropping an undecodable frame', error);
      return;
    }
    if (isKeepAlive(text)) {
      this.ondata(text);
      return;
    }
    const key = peekHeader(text, 'Call-ID') ?? '';
    const chain = (this.#inChains.get(key) ?? Promise.resolve())
      .then(async () => {
        const out = await this.#applyInboundHook(text);
        if (generation !== this.#generation || out === null) return;
        this.#deliver(out);
      })
      .catch((error: unknown) => {
        this.#log.warn('inbound SIP hook failed; message dropped', error);
      });
    this.#inChains.set(key, chain);
    void chain.then(() => {
      if (this.#inChains.get(key) === chain) this.#inChains.delete(key);
    });
  }

  /** Runs the inbound hook; when it changed the message, Content-Length is made right. */
  async #applyInboundHook(text: string): Promise<string | null> {
    const out = await this.#inboundHook(text);
    return out === null ? null : checkedHookResult(out, text);
  }

  /**
   * Sends a message JsSIP did not write (a response an inbound hook gave itself), in order with JsSIP's own and
   * without the outbound hook. False when not connected.
   */
  sendOutOfBand(text: string): boolean {
    if (!this.isConnected()) return false;
    const generation = this.#generation;
    this.#outPending++;
    this.#outChain = this.#outChain
      .then(() => {
        if (generation === this.#generation && !this.#inner.send(text)) throw new Error('the WebSocket refused the message');
      })
      .catch((error: unknown) => {
        if (generation === this.#generation) this.#fail(error);
      })
      .finally(() => this.#outPending--);
    return true;
  }

  /** Delivers an inbound message to JsSIP, holding NOTIFYs that raced ahead of their SUBSCRIBE's 2xx. */
  #deliver(text: string): void {
    const callId = peekHeader(text, 'Call-ID');
    const pending = callId === undefined ? undefined : this.#pendingSubscribes.get(callId);
    if (pending && callId !== undefined) {
      if (requestMethod(text) === 'NOTIFY') {
        pending.held.push(text);
        return;
      }
      const status = responseStatus(text);
      if (status !== undefined && status >= 200 && cseqMethod(text) === 'SUBSCRIBE') {
        this.ondata(text);
        this.#releaseHeld(callId);
        return;
      }
    }
    this.ondata(text);
  }

  #trackOutbound(text: string): void {
    if (requestMethod(text) !== 'SUBSCRIBE') return;
    const callId = peekHeader(text, 'Call-ID');
    // Only an initial SUBSCRIBE (no To tag) creates a dialog whose NOTIFY can race its 2xx.
    if (callId === undefined || hasTag(peekHeader(text, 'To')) || this.#pendingSubscribes.has(callId)) return;
    const timer = setTimeout(() => this.#releaseHeld(callId), this.#notifyHoldMs);
    this.#pendingSubscribes.set(callId, { held: [], timer });
  }

  #releaseHeld(callId: string): void {
    const pending = this.#pendingSubscribes.get(callId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pendingSubscribes.delete(callId);
    for (const notify of pending.held) this.ondata(notify);
  }

  #reset(): number {
    for (const pending of this.#pendingSubscribes.values()) clearTimeout(pending.timer);
    this.#pendingSubscribes.clear();
    return ++this.#generation;
  }

  #detachInner(): void {
    this.#inner.onconnect = () => {};
    this.#inner.ondisconnect = () => {};
    this.#inner.ondata = () => {};
  }

  /** A send failed after send() returned true: close and tell JsSIP, which recovers like after any loss. */
  #fail(error: unknown): void {
    this.#log.error('outbound SIP message failed; closing the connection', error);
    this.#reset();
    this.#detachInner();
    try {
      this.#inner.disconnect();
    } catch (closeError) {
      this.#log.warn('closing the WebSocket failed', closeError);
    }
    this.ondisconnect(true, 1011, error instanceof Error ? error.message : String(error));
  }
}

/** A hook's result: a string (TypeError otherwise), with Content-Length made right when it changed the message. */
function checkedHookResult(out: unknown, original: string): string {
  if (typeof out !== 'string') throw new TypeError('a SIP hook must return a string');
  return out === original || hasRightContentLength(out) ? out : fixContentLength(out);
}
