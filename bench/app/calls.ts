/**
 * One audio call set-up, two ways, on the same clock and with the same definition of "media flowing at the callee"
 * (the callee's getStats(): inbound-rtp audio packetsReceived or bytesReceived > 0, polled every POLL_MS):
 *
 * - app: alice presses Call; as soon as bob's Answer button is in the DOM, Playwright presses it (the person's ring
 *   time is Playwright's reaction: "Answer shown -> Answer pressed"); then the call is hung up and both screens closed.
 * - bare: a bare RTCPeerConnection pair in two blank pages of their own contexts, doing JsSIP's steps (getUserMedia,
 *   addTrack, offer / answer, wait for ICE gathering to complete, whole SDP across) with the SDP carried by the bench
 *   through Playwright instead of a SIP server. Each side starts from a trusted click, as Call and Answer do; the
 *   callee's "ring" is from the offer reaching its page to Playwright's click.
 */
import { expect, type Page } from '@playwright/test';
import type { PhonePage } from '../../e2e/support/phone-page.ts';
import { median } from '../table.ts';
import { benchTime, events, resetEvents, timeOf, type BenchEvent, type BenchWindow } from './page-instrumentation.ts';

export const POLL_MS = 5;
const TIMEOUT_MS = 20_000;

/** Milestones of a call, in order; each is looked up on one side's timeline. */
export const STEPS: { label: string; side: 'caller' | 'callee'; event: string; bareEvent?: string }[] = [
  { label: 'caller getUserMedia called', side: 'caller', event: 'gum-start' },
  { label: 'caller getUserMedia done', side: 'caller', event: 'gum-end' },
  { label: 'caller offer set (setLocalDescription done)', side: 'caller', event: 'sld-end:offer' },
  { label: 'caller ICE gathering complete (bare: the SDP leaves)', side: 'caller', event: 'gather-complete' },
  { label: 'INVITE leaves the caller (app only: once its candidates are usable, ice-ready-policy.ts)', side: 'caller', event: 'ws-out:INVITE', bareEvent: '' },
  { label: 'Answer button shown at callee (bare: the offer at the callee)', side: 'callee', event: 'answer-shown', bareEvent: 'bare-armed' },
  { label: 'Answer pressed (bare: the callee pressed)', side: 'callee', event: 'click:Answer', bareEvent: 'bare-answer' },
  { label: 'callee getUserMedia called', side: 'callee', event: 'gum-start' },
  { label: 'callee getUserMedia done', side: 'callee', event: 'gum-end' },
  { label: 'callee offer applied (setRemoteDescription done)', side: 'callee', event: 'srd-end:offer' },
  { label: 'callee answer set (setLocalDescription done)', side: 'callee', event: 'sld-end:answer' },
  { label: 'callee ICE connected (it checks as soon as it has the offer)', side: 'callee', event: 'ice-connected' },
  { label: 'callee ICE gathering complete (bare: the SDP leaves)', side: 'callee', event: 'gather-complete' },
  { label: '200 OK leaves the callee (app only)', side: 'callee', event: 'ws-out:200:INVITE', bareEvent: '' },
  { label: 'caller setRemoteDescription(answer) started', side: 'caller', event: 'srd-start:answer' },
  { label: 'callee connectionState connected (DTLS done)', side: 'callee', event: 'connected' },
  { label: 'media at callee (inbound-rtp audio > 0)', side: 'callee', event: 'media' },
];

export interface CallSample {
  /** Call pressed (bare: the caller pressed) -> media at callee. */
  full: number;
  /** The ring, Playwright's reaction: Answer shown -> Answer pressed (bare: the offer at the callee's page -> pressed). */
  ringWait: number;
  /** Answer pressed (bare: the callee pressed) -> media at callee. */
  answerLeg: number;
  /** Caller's setRemoteDescription(answer) started -> media at callee. */
  transportLeg: number;
  /** STEPS' times since the start, NaN where a step did not happen. */
  steps: number[];
  /** The callee's selected ICE candidate pair. */
  pair: string;
}

/** STEPS[i] over `samples`: the median time since the start, and since the previous milestone that happened. */
export function stepMedians(samples: CallSample[], i: number): (number | string)[] {
  const at = samples.map((s) => s.steps[i]!).filter((v) => !Number.isNaN(v));
  const prev = (s: CallSample) => [0, ...s.steps.slice(0, i)].filter((v) => !Number.isNaN(v)).at(-1)!;
  const delta = samples.filter((s) => !Number.isNaN(s.steps[i]!)).map((s) => s.steps[i]! - prev(s));
  return at.length ? [median(at), median(delta)] : ['-', '-'];
}

/** The page's waiters, their times in the bench's clock (resetEvents, which syncs the clock, first). */
const bench = (page: Page) => ({
  waitMedia: async () =>
    benchTime(page, await page.evaluate(([every, timeout]) => (window as unknown as BenchWindow).__bench.waitMedia('audio', every, timeout), [POLL_MS, TIMEOUT_MS] as const)),
  waitForText: async (selector: string, texts: string[]) =>
    benchTime(page, await page.evaluate(([selector, texts, timeout]) => (window as unknown as BenchWindow).__bench.waitForText(selector, texts, timeout), [selector, texts, TIMEOUT_MS] as const)),
  selectedPair: () => page.evaluate(() => (window as unknown as BenchWindow).__bench.selectedPair()),
});
export { bench as pageBench };

function sample(caller: BenchEvent[], callee: BenchEvent[], startEvent: string, answerEvent: string, bare: boolean, pair: string): CallSample {
  const need = (list: BenchEvent[], e: string, from = 0): number => {
    const t = timeOf(list, e, from);
    if (t === undefined) throw new Error(`no ${e} on the timeline: ${JSON.stringify(list)}`);
    return t;
  };
  const start = need(caller, startEvent);
  const media = need(callee, 'media', start);
  const answer = need(callee, answerEvent, start);
  const srd = need(caller, 'srd-start:answer', start);
  const ringWait = answer - need(callee, bare ? 'bare-armed' : 'answer-shown', start);
  const steps = STEPS.map((s) => {
    const e = bare && s.bareEvent !== undefined ? s.bareEvent : s.event;
    const t = e ? timeOf(s.side === 'caller' ? caller : callee, e, start) : undefined;
    return t === undefined ? NaN : t - start;
  });
  return { full: media - start, ringWait, answerLeg: media - answer, transportLeg: media - srd, steps, pair };
}

async function allClosed(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => ((window as unknown as BenchWindow).__e2ePeerConnections ?? []).every((pc) => pc.signalingState === 'closed')), { timeout: TIMEOUT_MS })
    .toBe(true);
}

/**
 * With `protection`, each Call region must contain its text once media flows (checked after the times are taken): a
 * sample of an encrypted call that was not encrypted, or the reverse, would be a wrong number.
 */
export async function appCall(alice: PhonePage, bob: PhonePage, { protection }: { protection?: { caller: string; callee: string } } = {}): Promise<CallSample> {
  await alice.textbox('Call or message').fill(bob.account.address);
  await resetEvents(alice.page);
  await resetEvents(bob.page);
  const media = bench(bob.page).waitMedia();
  const shown = bench(bob.page).waitForText('section[aria-label="Call"] button', ['Answer']);
  media.catch(() => undefined);
  shown.catch(() => undefined);
  await alice.button('Call').click();
  // Wait with our own observer first: a click on a locator that does not match yet retries on a back-off (20, 100,
  // 100 ms...), which would add up to 100 ms of Playwright to the ring.
  const shownAt = await shown;
  await bob.answer();
  await media;
  const pair = await bench(bob.page).selectedPair();
  const [a, b] = await Promise.all([events(alice.page), events(bob.page)]);
  b.push({ t: shownAt, e: 'answer-shown' });
  b.sort((x, y) => x.t - y.t);
  const result = sample(a, b, 'click:Call', 'click:Answer', false, pair);
  if (protection) {
    await expect(alice.callRegion).toContainText(protection.caller);
    await expect(bob.callRegion).toContainText(protection.callee);
  }

  await alice.hangUp();
  await expect(alice.callRegion).toContainText('Ended');
  await expect(bob.callRegion).toContainText('Ended');
  await alice.button('Close', alice.callRegion).click();
  await bob.button('Close', bob.callRegion).click();
  await Promise.all([allClosed(alice.page), allClosed(bob.page)]);
  return result;
}

/** Runs a bare pair step from a trusted click on the page's button (see page-instrumentation.ts); gives its SDP. */
async function press(page: Page, step: 'offer' | 'answer' | 'gum', offer?: string): Promise<string> {
  await page.evaluate(([step, offer]) => (window as unknown as BenchWindow).__bench.bare.press(step, offer), [step, offer] as const);
  await page.click('#bare-press');
  return page.evaluate(() => (window as unknown as BenchWindow).__bench.bare.pressed());
}

/** The RTCConfiguration of the bare pair's next peer connections (default: none, as JsSIP's). */
export async function configureBare(pages: Page[], config: RTCConfiguration): Promise<void> {
  await Promise.all(pages.map((page) => page.evaluate((c) => (window as unknown as BenchWindow).__bench.bare.configure(c), config)));
}

export async function bareCall(caller: Page, callee: Page): Promise<CallSample> {
  await resetEvents(caller);
  await resetEvents(callee);
  const media = bench(callee).waitMedia();
  media.catch(() => undefined);
  const offer = await press(caller, 'offer');
  const answer = await press(callee, 'answer', offer);
  await caller.evaluate((sdp) => (window as unknown as BenchWindow).__bench.bare.accept(sdp), answer);
  await media;
  const pair = await bench(callee).selectedPair();
  const [a, b] = await Promise.all([events(caller), events(callee)]);
  await Promise.all([caller, callee].map((p) => p.evaluate(() => (window as unknown as BenchWindow).__bench.bare.close())));
  return sample(a, b, 'bare-call', 'bare-answer', true, pair);
}

/**
 * getUserMedia({ audio: true }) in a blank page, `count` times each from script and from a trusted click (after one
 * of each to open the device once): what the bare pair's pressed start includes that a script-started one would not.
 */
export async function getUserMediaTimes(page: Page, count: number): Promise<{ script: number[]; click: number[] }> {
  const script: number[] = [];
  const click: number[] = [];
  for (let i = 0; i <= count; i++) {
    const fromScript = await page.evaluate(() => (window as unknown as BenchWindow).__bench.bare.gum());
    const fromClick = Number(await press(page, 'gum'));
    if (i === 0) continue;
    script.push(fromScript);
    click.push(fromClick);
  }
  return { script, click };
}
