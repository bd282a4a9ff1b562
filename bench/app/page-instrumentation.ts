/**
 * Test-side instrumentation for the `app` bench, installed with `page.addInitScript` before any page script runs (no
 * app hook): the e2e suite's `trackPeerConnections` (every RTCPeerConnection in `window.__e2ePeerConnections`) plus a
 * timeline of what WebRTC and the person do, in the page's `performance.now()` (monotonic), which `events()` turns into
 * the bench's own `performance.now()` with an offset measured by round trips (`syncClock`): one clock for all pages,
 * unmoved if the wall clock is stepped while the bench runs:
 *
 *   click:<button text>   a trusted click on a button (capture phase, before the app's own handler)
 *   gum-start, gum-end    MediaDevices.getUserMedia
 *   pc-new                new RTCPeerConnection
 *   create-offer-end, create-answer-end, sld-end:<type>, srd-start:<type>, srd-end:<type>
 *   gather-complete       iceGatheringState 'complete' (JsSIP sends the INVITE or the 200 only then: no trickle ICE)
 *   ice-connected         iceConnectionState 'connected'
 *   connected             connectionState 'connected' (ICE and DTLS done)
 *   media                 first getStats() with inbound-rtp `packetsReceived > 0` or `bytesReceived > 0` (waitMedia)
 *   ws-out:<METHOD>, ws-in:<METHOD>, ws-in:<status>:<METHOD>   SIP over the page's WebSocket (sip-wire-log.ts)
 *
 * `window.__bench.bare` is the baseline: a bare RTCPeerConnection pair driven step by step from the bench, doing what
 * JsSIP does (getUserMedia, addTrack, offer or answer, wait for ICE gathering to complete, send the whole SDP). Each
 * side starts, as the app's Call and Answer do, from a trusted click: `press(step)` arms a button (`bare-armed`), the
 * bench clicks it, and the step runs in the click's task (`bare-call`, `bare-answer`); `pressed()` gives its SDP.
 * (Chromium's getUserMedia under a click's user activation takes several milliseconds more than from a script.)
 *
 * The functions here are serialized into the page. tsx (esbuild keepNames) wraps named inner functions in `__name(...)`,
 * which pages do not have: NAME_SHIM, installed first, defines it.
 */
import { trackPeerConnections } from '../../e2e/support/phone-page.ts';
import type { Page } from '@playwright/test';
import { installSipWireLog } from './sip-wire-log.ts';

export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);';

export interface BenchEvent {
  t: number;
  e: string;
}

export interface BenchApi {
  events: BenchEvent[];
  log(e: string): void;
  /** Clears the timeline and forgets closed peer connections. */
  reset(): void;
  /** Polls getStats() of every peer connection every `everyMs` until inbound-rtp of `kind` has arrived; logs `media`. */
  waitMedia(kind: 'audio' | 'video', everyMs: number, timeoutMs: number): Promise<number>;
  /** Resolves (with the time) once an element matching `selector` has text containing every one of `texts`. */
  waitForText(selector: string, texts: string[], timeoutMs: number): Promise<number>;
  /** The nominated candidate pair of the first live peer connection, in words. */
  selectedPair(): Promise<string>;
  bare: {
    offer(): Promise<string>;
    answer(offer: string): Promise<string>;
    /**
     * Arms the page's button (#bare-press) to run `offer()` or `answer(offer)` when it is clicked, or to time a
     * getUserMedia({ audio: true }) (`gum`: the ms, as text).
     */
    press(step: 'offer' | 'answer' | 'gum', offer?: string): void;
    /** The SDP (or, for `gum`, the ms) of the step the last click on the button ran. */
    pressed(): Promise<string>;
    /** Times a getUserMedia({ audio: true }) called from script (no user activation); ms. */
    gum(): Promise<number>;
    accept(answer: string): Promise<void>;
    close(): void;
    /** The RTCConfiguration of the next peer connections (default `{ iceServers: [] }`, JsSIP's). */
    configure(config: RTCConfiguration): void;
  };
}

export type BenchWindow = Window & typeof globalThis & { __bench: BenchApi; __e2ePeerConnections?: RTCPeerConnection[] };

/** Runs in the page (serialized): see the file comment. */
export function installBenchInstrumentation(): void {
  const w = window as unknown as BenchWindow;
  if (w.__bench) return;
  const events: BenchEvent[] = [];
  const log = (e: string): void => {
    events.push({ t: performance.now(), e });
  };
  const pcs = (): RTCPeerConnection[] => w.__e2ePeerConnections ?? [];

  // Clicks on buttons, in the capture phase of the window: before React's handler on the root.
  window.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      if (button && event.isTrusted) log(`click:${(button.textContent ?? '').trim()}`);
    },
    true,
  );

  const gum = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    log('gum-start');
    const stream = await gum.call(this, constraints);
    log('gum-end');
    return stream;
  };

  const proto = RTCPeerConnection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const descType = (d: unknown): string => (d && typeof d === 'object' && 'type' in d ? String((d as { type: unknown }).type) : 'implicit');
  for (const [method, name] of [
    ['createOffer', 'create-offer'],
    ['createAnswer', 'create-answer'],
    ['setLocalDescription', 'sld'],
    ['setRemoteDescription', 'srd'],
  ] as const) {
    const original = proto[method]!;
    proto[method] = async function (this: RTCPeerConnection, ...args: unknown[]) {
      const suffix = method === 'setLocalDescription' || method === 'setRemoteDescription' ? `:${descType(args[0])}` : '';
      if (method === 'setRemoteDescription') log(`${name}-start${suffix}`);
      const result = await original.apply(this, args);
      if (method === 'setLocalDescription') log(`${name}-end:${this.localDescription?.type ?? 'none'}`);
      else log(`${name}-end${suffix}`);
      return result;
    };
  }

  const Current = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Current {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      log('pc-new');
      this.addEventListener('icegatheringstatechange', () => {
        if (this.iceGatheringState === 'complete') log('gather-complete');
      });
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') log('ice-connected');
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') log('connected');
      });
    }
  };

  const received = async (pc: RTCPeerConnection, kind: string): Promise<boolean> => {
    if (pc.signalingState === 'closed') return false;
    let got = false;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; bytesReceived?: number; packetsReceived?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === kind && ((r.packetsReceived ?? 0) > 0 || (r.bytesReceived ?? 0) > 0)) got = true;
    });
    return got;
  };

  // The bare pair's state: one side per page.
  let barePc: RTCPeerConnection | null = null;
  let bareConfig: RTCConfiguration = { iceServers: [] };
  let bareStream: MediaStream | null = null;
  const gathered = (pc: RTCPeerConnection): Promise<void> =>
    new Promise((resolve) => {
      // As JsSIP: ready on the null candidate or on iceGatheringState 'complete', whichever comes first.
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icecandidate', (e) => {
        if (!e.candidate) resolve();
      });
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  let armed: (() => Promise<string>) | null = null;
  let pressed: Promise<string> | null = null;
  const bareSide = async (label: string): Promise<RTCPeerConnection> => {
    log(label);
    bareStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    // JsSIP's default configuration (no ICE servers, so host candidates only) unless the bench configured one.
    barePc = new w.RTCPeerConnection(bareConfig);
    for (const track of bareStream.getTracks()) barePc.addTrack(track, bareStream);
    return barePc;
  };

  const timedGum = async (): Promise<number> => {
    const t = performance.now();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const ms = performance.now() - t;
    for (const track of stream.getTracks()) track.stop();
    return ms;
  };
  const bareOffer = async (): Promise<string> => {
    const pc = await bareSide('bare-call');
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    return pc.localDescription!.sdp;
  };
  const bareAnswer = async (offer: string): Promise<string> => {
    const pc = await bareSide('bare-answer');
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    return pc.localDescription!.sdp;
  };

  w.__bench = {
    events,
    log,
    reset() {
      events.length = 0;
      const list = w.__e2ePeerConnections;
      if (list) list.splice(0, list.length, ...list.filter((pc) => pc.signalingState !== 'closed'));
    },
    async waitMedia(kind, everyMs, timeoutMs) {
      const start = performance.now();
      for (;;) {
        for (const pc of [...pcs()]) {
          if (await received(pc, kind)) {
            const t = performance.now();
            log('media');
            return t;
          }
        }
        if (performance.now() - start > timeoutMs) throw new Error(`no inbound ${kind} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    },
    waitForText(selector, texts, timeoutMs) {
      const found = (): boolean => [...document.querySelectorAll(selector)].some((el) => texts.every((text) => (el.textContent ?? '').includes(text)));
      return new Promise((resolve, reject) => {
        if (found()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (!found()) return;
          const t = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          resolve(t);
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no ${selector} with ${JSON.stringify(texts)} within ${timeoutMs} ms`));
        }, timeoutMs);
        observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    },
    async selectedPair() {
      const pc = pcs().find((p) => p.signalingState !== 'closed');
      if (!pc) return 'no peer connection';
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((r: Record<string, unknown>) => stats.set(String(r.id), r));
      const transport = [...stats.values()].find((r) => r.type === 'transport');
      const pair = stats.get(String(transport?.selectedCandidatePairId));
      if (!pair) return 'no selected candidate pair';
      const side = (id: unknown): string => {
        const c = stats.get(String(id));
        return c ? `${String(c.candidateType)} ${String(c.address ?? c.ip)} ${String(c.protocol)}` : '?';
      };
      return `${side(pair.localCandidateId)} <-> ${side(pair.remoteCandidateId)}`;
    },
    bare: {
      offer: bareOffer,
      answer: bareAnswer,
      press(step, offer) {
        let button = document.getElementById('bare-press');
        if (!button) {
          button = document.createElement('button');
          button.id = 'bare-press';
          button.textContent = 'Press';
          button.style.cssText = 'position: fixed; top: 0; left: 0; width: 120px; height: 48px; z-index: 2147483647';
          button.addEventListener('click', () => {
            const run = armed;
            armed = null;
            if (!run) return;
            pressed = run();
            pressed.catch(() => undefined);
          });
          document.body.append(button);
        }
        armed = step === 'offer' ? bareOffer : step === 'answer' ? () => bareAnswer(offer ?? '') : async () => String(await timedGum());
        log('bare-armed');
      },
      gum: timedGum,
      pressed() {
        if (!pressed) return Promise.reject(new Error('the bare pair button was not pressed'));
        const result = pressed;
        pressed = null;
        return result;
      },
      async accept(answer) {
        await barePc!.setRemoteDescription({ type: 'answer', sdp: answer });
      },
      configure(config) {
        bareConfig = config;
      },
      close() {
        barePc?.close();
        for (const track of bareStream?.getTracks() ?? []) track.stop();
        barePc = null;
        bareStream = null;
      },
    },
  };
}

/** Installs, in this order: the `__name` shim, the e2e suite's peer connection tracker, the bench timeline. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript({ content: NAME_SHIM });
  await page.addInitScript(trackPeerConnections);
  await page.addInitScript(installBenchInstrumentation);
  await page.addInitScript(installSipWireLog);
}

/** Per page (per document, since performance.now() restarts with each): bench time = page time + offset. */
const offsets = new WeakMap<Page, number>();

/** Measures the page's clock offset: the round trip with the shortest time of 7, its midpoint. */
export async function syncClock(page: Page): Promise<void> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const inPage = await page.evaluate(() => performance.now());
    const t1 = performance.now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: (t0 + t1) / 2 - inPage };
  }
  offsets.set(page, best.offset);
}

/** A page time in the bench's clock (syncClock first). */
export function benchTime(page: Page, t: number): number {
  const offset = offsets.get(page);
  if (offset === undefined) throw new Error('syncClock(page) first');
  return t + offset;
}

/** The page's timeline since its last reset, in the bench's clock. */
export async function events(page: Page): Promise<BenchEvent[]> {
  const list = await page.evaluate(() => [...(window as unknown as BenchWindow).__bench.events]);
  return list.map((x) => ({ t: benchTime(page, x.t), e: x.e }));
}

/** Clears the page's timeline and measures its clock offset again. */
export async function resetEvents(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as BenchWindow).__bench.reset());
  await syncClock(page);
}

/** Time of the first event named `e` at or after `from` (undefined when there is none). */
export function timeOf(list: BenchEvent[], e: string, from = 0): number | undefined {
  return list.find((x) => x.e === e && x.t >= from)?.t;
}
