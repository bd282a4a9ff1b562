/**
 * What a page says and hears on its SIP WebSockets, read by Playwright from the browser's side (test-side, not an app
 * hook): every text frame with its direction and time, across reconnects (each new WebSocket is followed too).
 */
import { expect, type Page, type WebSocket } from '@playwright/test';

export interface SipFrame {
  direction: 'sent' | 'received';
  text: string;
  /** ms since the epoch, when Playwright saw it. */
  at: number;
}

export class SipWire {
  readonly frames: SipFrame[] = [];
  /** WebSockets the page opened or tried to open (a refused connection counts too). */
  sockets = 0;

  constructor(readonly page: Page) {
    page.on('websocket', (ws: WebSocket) => {
      this.sockets += 1;
      ws.on('framesent', (f) => this.#record('sent', f.payload));
      ws.on('framereceived', (f) => this.#record('received', f.payload));
    });
  }

  /** Frames from index `from` on that match. */
  find(match: (frame: SipFrame) => boolean, from = 0): SipFrame[] {
    return this.frames.slice(from).filter(match);
  }

  /** Waits until a frame from index `from` on matches, and returns the first that does. */
  async waitFor(what: string, match: (frame: SipFrame) => boolean, { from = 0, timeout }: { from?: number; timeout?: number } = {}): Promise<SipFrame> {
    await expect.poll(() => this.find(match, from).length, { message: what, ...(timeout === undefined ? {} : { timeout }) }).toBeGreaterThan(0);
    return this.find(match, from)[0]!;
  }

  #record(direction: SipFrame['direction'], payload: string | Buffer): void {
    const text = typeof payload === 'string' ? payload : payload.toString('latin1');
    if (text.trim() === '') return; // CRLF keep-alives
    this.frames.push({ direction, text, at: Date.now() });
  }
}

/** The request method of a SIP request's start line, or null for a response. */
export function methodOf(text: string): string | null {
  const m = /^([A-Z]+) \S+ SIP\/2\.0\r?\n/.exec(text);
  return m ? m[1]! : null;
}

/** The status of a SIP response, or null for a request. */
export function statusOf(text: string): number | null {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(text);
  return m ? Number(m[1]) : null;
}

/** The value of the first header `name` (full name, case-insensitive), or undefined. */
export function headerOf(text: string, name: string): string | undefined {
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const wanted = name.toLowerCase();
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/** The method of a response's CSeq (`INVITE` of `CSeq: 2 INVITE`). */
export function cseqMethodOf(text: string): string | undefined {
  return headerOf(text, 'CSeq')?.split(/\s+/)[1];
}
