/**
 * Framing SIP messages on a byte stream (TCP/TLS, rfc3261#section-18.3): the head ends at the first empty line, the
 * body is exactly Content-Length bytes, which is therefore mandatory. Between messages:
 *
 * - `CRLF CRLF` is a keep-alive ping (rfc5626#section-4.4.1) reported as `{ kind: 'keepalive' }`; the transport
 *   answers with a single CRLF (the pong);
 * - a lone CRLF (a pong, or stray CRLF before a start line, rfc3261#section-7.5) is skipped.
 *
 * Errors inside a well-framed message (bad CSeq, missing Call-ID, ...) are reported as a SipParseError item and the
 * stream goes on. Errors that lose the framing (no or bad Content-Length, a head or message over the size limit) are
 * reported as a SipParseError with `fatal` set; the framer is then `closed`, ignores further input, and the
 * transport must close the connection (after answering the partial request when `canRespond`).
 *
 * Input is buffered with capacity doubling and scanned once: a message arriving one byte per chunk costs linear time.
 * Bodies are copies, so the caller may reuse its chunks.
 */
import { completeMessage, contentLength, partialRequest } from './parse-message.ts';
import { findHeadEnd, parseHead, type ParsedHead } from './header-section.ts';
import { resolveSipLimits, type SipLimits } from './limits.ts';
import { EMPTY_BODY, type SipMessage } from './message.ts';
import { SipParseError } from './sip-parse-error.ts';

/** A CRLF CRLF keep-alive ping (rfc5626#section-4.4.1). */
export interface SipKeepAlive {
  kind: 'keepalive';
}

export type SipFramerItem = SipMessage | SipParseError | SipKeepAlive;

/**
 * Where the framer is. Offsets index #buffer; the unconsumed bytes start at #read, which is the head's start in
 * 'head' and the body's start in 'body'. In 'head', `line` starts the last incomplete line and `scan` is where the
 * line feed search resumes.
 */
type State =
  | { at: 'between' }
  | { at: 'head'; start: number; line: number; scan: number }
  | { at: 'body'; head: ParsedHead; bodyStart: number; length: number }
  | { at: 'closed' };

export class SipStreamFramer {
  readonly #limits: SipLimits;
  #buffer = new Uint8Array(4096);
  /** Bytes [#read, #write) of #buffer are unconsumed. */
  #read = 0;
  #write = 0;
  #state: State = { at: 'between' };
  /** Between messages: complete CRLF pairs seen in a row, and whether a CR waits for its LF. */
  #crlfs = 0;
  #cr = false;

  constructor(limits?: Partial<SipLimits>) {
    this.#limits = resolveSipLimits(limits);
  }

  /** True after a fatal error: the connection must be closed; `push` returns nothing from then on. */
  get closed(): boolean {
    return this.#state.at === 'closed';
  }

  /** Bytes held while waiting for the rest of a message. */
  get buffered(): number {
    return this.#write - this.#read;
  }

  /** Feeds bytes from the stream; returns the messages, errors and keep-alives completed by them, in order. */
  push(chunk: Uint8Array): SipFramerItem[] {
    const out: SipFramerItem[] = [];
    if (this.#state.at === 'closed' || chunk.length === 0) return out;
    this.#append(chunk);
    const bytes = this.#buffer.subarray(0, this.#write);
    for (;;) {
      // Every path that closes the framer breaks out of this loop.
      const state = this.#state;
      if (state.at === 'between') {
        if (!this.#skipBetween(bytes, out)) break;
        this.#state = { at: 'head', start: this.#read, line: this.#read, scan: this.#read };
      } else if (state.at === 'head') {
        const end = findHeadEnd(bytes, state.line, state.scan);
        if (!end.found) {
          state.line = end.lineStart;
          state.scan = this.#write;
          if (this.#write - state.start > this.#limits.maxMessageBytes) {
            this.#fail(out, new SipParseError(513, 'Message Too Large', `no end of headers within ${this.#limits.maxMessageBytes} bytes`, { fatal: true }));
          }
          break;
        }
        const head = parseHead(bytes.subarray(state.start, end.bodyStart), this.#limits.maxHeaders);
        const framed = this.#frame(head, end.bodyStart - state.start);
        if (framed instanceof SipParseError) {
          this.#fail(out, framed);
          break;
        }
        this.#read = end.bodyStart;
        this.#state = { at: 'body', head, bodyStart: end.bodyStart, length: framed };
      } else {
        if (this.#write - state.bodyStart < state.length) break;
        const body = state.length === 0 ? EMPTY_BODY : bytes.slice(state.bodyStart, state.bodyStart + state.length);
        this.#read = state.bodyStart + state.length;
        this.#state = { at: 'between' };
        try {
          out.push(completeMessage(state.head, body));
        } catch (error) {
          if (!(error instanceof SipParseError)) throw error;
          out.push(error);
        }
      }
    }
    this.#compact();
    return out;
  }

  /** The body length of a head of `headLength` bytes, or the fatal error that ends the stream. */
  #frame(head: ParsedHead, headLength: number): number | SipParseError {
    const request = partialRequest(head);
    if (head.problem?.status === 513) {
      return new SipParseError(513, head.problem.reason, head.problem.detail, { request, fatal: true });
    }
    if (head.contentLengthCount === 0) {
      return new SipParseError(400, 'Missing Content-Length', 'Content-Length is mandatory on a stream (rfc3261#section-18.3)', { request, fatal: true });
    }
    let length: number;
    try {
      length = contentLength(head);
    } catch (error) {
      if (error instanceof SipParseError) return error.withContext({ fatal: true });
      throw error;
    }
    if (headLength + length > this.#limits.maxMessageBytes) {
      return new SipParseError(513, 'Message Too Large', `${headLength + length} bytes, more than ${this.#limits.maxMessageBytes}`, { request, fatal: true });
    }
    return length;
  }

  /**
   * Consumes CR/LF between messages, reporting each CRLF CRLF as a keep-alive. Returns true when a message starts at
   * `#read`, false when the input is used up.
   */
  #skipBetween(bytes: Uint8Array, out: SipFramerItem[]): boolean {
    while (this.#read < this.#write) {
      const b = bytes[this.#read]!;
      if (b === 13) {
        this.#cr = true;
      } else if (b === 10) {
        if (this.#cr) this.#crlfs++;
        this.#cr = false;
        if (this.#crlfs === 2) {
          out.push({ kind: 'keepalive' });
          this.#crlfs = 0;
        }
      } else {
        this.#crlfs = 0;
        this.#cr = false;
        return true;
      }
      this.#read++;
    }
    return false;
  }

  #fail(out: SipFramerItem[], error: SipParseError): void {
    out.push(error);
    this.#state = { at: 'closed' };
    this.#buffer = new Uint8Array(0);
    this.#read = this.#write = 0;
  }

  /**
   * Appends `chunk`. When it does not fit, the unconsumed bytes move to the front of a buffer at least twice their
   * size, and every offset moves with them: each byte is copied O(1) times on average.
   */
  #append(chunk: Uint8Array): void {
    if (this.#write + chunk.length > this.#buffer.length) {
      const shift = this.#read;
      const live = this.#write - shift;
      let capacity = this.#buffer.length;
      while (capacity < 2 * (live + chunk.length)) capacity *= 2;
      if (capacity === this.#buffer.length) {
        this.#buffer.copyWithin(0, shift, this.#write);
      } else {
        const next = new Uint8Array(capacity);
        next.set(this.#buffer.subarray(shift, this.#write), 0);
        this.#buffer = next;
      }
      this.#read = 0;
      this.#write = live;
      const state = this.#state;
      if (state.at === 'head') {
        state.start -= shift;
        state.line -= shift;
        state.scan -= shift;
      } else if (state.at === 'body') {
        state.bodyStart -= shift;
      }
    }
    this.#buffer.set(chunk, this.#write);
    this.#write += chunk.length;
  }

  /** Drops consumed bytes once nothing is pending, so the buffer does not creep. */
  #compact(): void {
    if (this.#state.at !== 'between') return;
    if (this.#read === this.#write) {
      this.#read = this.#write = 0;
      if (this.#buffer.length > 65_536) this.#buffer = new Uint8Array(4096);
    }
  }
}
