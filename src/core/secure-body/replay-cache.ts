/**
 * The replay cache of one device (seed 000 sections 2.2.4 and 4.4: a relay must not be able to play a signed body
 * again; the seed's pre-shared crypto-system keys its cache on the sender and a nonce and forgets entries after a
 * while, "similar in nature to Kerberos"). A signed-then-encrypted body with protected headers carries no nonce, but
 * its signed (sender, Call-ID, CSeq) names one transaction and its signed Date bounds when it may arrive:
 *
 *   key  = (X-SIP-SECURE-FROM as an AOR, Call-ID, CSeq number, CSeq method)
 *   kept = while its protected Date is inside the window (checkProtectedHeaders refuses it after that anyway)
 *
 * The method is part of the key because one CSeq number is shared by an INVITE, its CANCEL and its ACK
 * (rfc3261#section-9.1, section 17.1.1.3), each a request of its own.
 *
 * Use it for requests, after checkProtectedHeaders has accepted the headers (so only signers whose certificates we
 * verified can add entries): a `true` means this transaction's request has been accepted before, and must not start
 * a second call or show a second message. A retransmission of the same request (UDP on a leg before the WebSocket)
 * is such a duplicate too; the transaction layer answers it, the application must not act on it again. Responses
 * are not for this cache: they are bound to our own pending request by the transaction layer and by the Call-ID and
 * CSeq under their signature, and one request legitimately draws several signed responses (a 183 then the 200, or
 * one per forked device of the same AOR).
 *
 * The size bound and its horizon: src/core/replay-window.ts, which this cache is built on.
 */
import { aorParts, formatAor } from '../credentials/aor-uri.ts';
import { CoreError } from '../errors.ts';
import { ReplayWindow } from '../replay-window.ts';
import { PROTECTED_DATE_WINDOW_SECONDS } from './check-protected-headers.ts';
import type { ProtectedHeaders } from './protected-headers.ts';

export interface ReplayKey {
  /** The signer's AOR (X-SIP-SECURE-FROM); spellings of the same AOR are one sender. */
  sender: string;
  callId: string;
  cseq: number;
  method: string;
}

export interface ReplayCacheOptions {
  /** The same window as checkProtectedHeaders; default PROTECTED_DATE_WINDOW_SECONDS. */
  windowSeconds?: number;
  /** The most keys kept; default DEFAULT_REPLAY_CACHE_ENTRIES. */
  maxEntries?: number;
}

/** Far more requests than a person's device accepts in ten minutes, and a few hundred kilobytes at most. */
export const DEFAULT_REPLAY_CACHE_ENTRIES = 4096;

/** The key of a body whose protected headers were read (and accepted by checkProtectedHeaders). */
export function replayKeyOf(headers: ProtectedHeaders): ReplayKey {
  return { sender: headers.secureFrom, callId: headers.callId, cseq: headers.cseq.seq, method: headers.cseq.method };
}

export class ReplayCache {
  readonly #window: ReplayWindow;

  constructor(options: ReplayCacheOptions = {}) {
    this.#window = new ReplayWindow(options.windowSeconds ?? PROTECTED_DATE_WINDOW_SECONDS, options.maxEntries ?? DEFAULT_REPLAY_CACHE_ENTRIES);
  }

  /** Keys remembered now. */
  get size(): number {
    return this.#window.size;
  }

  /**
   * Whether `key`, dated `date` (its protected Date), may be a replay. A new key inside the window is remembered and
   * answers false; a key seen before, a Date outside the window (nothing can show it is not a replay) or a Date at or
   * before the horizon answers true. Entries whose Date has left the window are forgotten first.
   */
  seen(key: ReplayKey, date: Date, now: Date = new Date()): boolean {
    const text = keyText(key);
    if (!(date instanceof Date) || !Number.isFinite(date.getTime())) throw new CoreError('invalid-argument', 'date must be a valid Date');
    if (!(now instanceof Date) || !Number.isFinite(now.getTime())) throw new CoreError('invalid-argument', 'now must be a valid Date');
    return this.#window.seen(text, date.getTime(), now.getTime());
  }
}

function keyText(key: ReplayKey): string {
  if (typeof key !== 'object' || key === null) throw new CoreError('invalid-argument', 'a replay key is required');
  if (typeof key.callId !== 'string' || typeof key.method !== 'string' || !Number.isInteger(key.cseq)) {
    throw new CoreError('invalid-argument', 'a replay key needs a Call-ID, a CSeq number and a method');
  }
  if (typeof key.sender !== 'string') throw new CoreError('invalid-argument', 'a replay key needs the sender AOR');
  return JSON.stringify([formatAor(aorParts(key.sender)), key.callId, key.cseq, key.method]);
}
