/**
 * The web app in Debian's Chromium (issue 4, item 6). See docs/bench.md ("app").
 *
 * 1. Call set-up: press Call -> audio flowing at the callee, 10 calls alice -> bob through the real server, against a
 *    bare RTCPeerConnection pair measured in the same browser, interleaved with the app's calls (bench/app/calls.ts).
 * 2. Messages: press Send -> the message shown at the peer, 20 messages.
 * 3. The built app's JavaScript: gzip bytes of what the first page load runs, and of the lazily loaded crypto chunk.
 * 4. Call set-up through a TURN server: Debian's coturn on loopback (e2e/support/turn-server.ts) with a static user;
 *    alice and bob set it on the Settings page with "Relay every call through the TURN server", the bare pair gets
 *    the same RTCConfiguration (iceTransportPolicy 'relay'); 10 calls each, interleaved. Skipped, saying so, when
 *    coturn is not installed.
 *
 * The bench builds dist/web when it is missing or stale, serves a copy of it from its own server (free port,
 * database data/bench/app/sealphone.db) and stops the server and the browser at the end.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type { PhonePage } from '../e2e/support/phone-page.ts';
import { launchChromium, openBlank, openPhone, type Opened } from './app/browser.ts';
import { ensureBuild, ROOT, snapshotBuild } from './app/build.ts';
import { bundleSizes, type BundleSizes } from './app/bundle-size.ts';
import { appCall, bareCall, configureBare, getUserMediaTimes, POLL_MS, stepMedians, STEPS, type CallSample } from './app/calls.ts';
import { SettingsPage } from '../e2e/support/settings-page.ts';
import { COTURN_MISSING, startTurnServer } from '../e2e/support/turn-server.ts';
import { prepareConversation, sendOne, type MessageSample } from './app/messages.ts';
import { AppServer, benchAccount, createDatabase } from './app/server.ts';
import { summarize, type Summary } from './app/stats.ts';
import { printTable } from './table.ts';

const CALLS = Number(process.env.BENCH_APP_CALLS ?? 10);
const WARMUP_CALLS = 1;
/** getUserMedia timings from script and from a click in the bare caller's page (after the calls). */
const GUM_SAMPLES = 10;
const MESSAGES = Number(process.env.BENCH_APP_MESSAGES ?? 20);
const WARMUP_MESSAGES = 2;
const DIR = 'data/bench/app';
const DB = `${DIR}/sealphone.db`;
const WEB = `${DIR}/web`;
/** Between calls: let hang-up, BYE and pc.close() settle. */
const SETTLE_MS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Results {
  chromium: string;
  app: CallSample[];
  bare: CallSample[];
  /** getUserMedia in the bare caller's blank page, from script and from a trusted click (ms). */
  gum: { script: number[]; click: number[] };
  messages: MessageSample[];
  jsLoaded: string[];
  pageErrors: string[];
  load: string;
  /** Calls relayed through coturn, or why there are none. */
  turn: { app: CallSample[]; bare: CallSample[]; load: string } | { skipped: string };
}

export async function benchApp(): Promise<void> {
  ensureBuild();
  await snapshotBuild(WEB);
  const sizes = bundleSizes(join(ROOT, WEB));
  const alice = benchAccount('alice');
  const bob = benchAccount('bob');
  createDatabase(DB, [alice, bob]);

  const server = await AppServer.start({ db: DB, webRoot: WEB });
  let browser: Browser | undefined;
  let results: Results;
  try {
    browser = await launchChromium();
    results = await measure(browser, server.origin, alice, bob);
  } finally {
    await browser?.close();
    await server.stop();
  }
  report(results, sizes);
}

async function measure(browser: Browser, origin: string, aliceAccount: ReturnType<typeof benchAccount>, bobAccount: ReturnType<typeof benchAccount>): Promise<Results> {
  const loadBefore = loadavg()[0]!;
  const alice = await openPhone(browser, origin, aliceAccount);
  const bob = await openPhone(browser, origin, bobAccount);
  const caller = await openBlank(browser, origin);
  const callee = await openBlank(browser, origin);
  const opened: Opened[] = [alice, bob, caller, callee];

  const { app, bare } = await interleavedCalls(alice, bob, caller, callee);

  const gum = await getUserMediaTimes(caller.page, GUM_SAMPLES);

  await prepareConversation(alice.phone, bob.phone);
  const messages: MessageSample[] = [];
  const tag = Date.now().toString(36);
  for (let i = 0; i < WARMUP_MESSAGES + MESSAGES; i++) {
    // Ends with a word: an item's text runs on into its time ("message 1" + "15:20" contains "message 11").
    const s = await sendOne(alice.phone, bob.phone, `bench ${tag} message ${i} end`);
    if (i >= WARMUP_MESSAGES) messages.push(s);
  }
  const load = `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;

  const turn = await relayedCalls(alice, bob, caller, callee);

  await Promise.all(opened.map((o) => o.context.close()));
  return {
    chromium: browser.version(),
    app,
    bare,
    gum,
    messages,
    jsLoaded: alice.jsLoaded,
    pageErrors: opened.flatMap((o) => o.errors),
    load,
    turn,
  };
}

/** Calls through coturn, relay only, app and bare pair alike; the selected pairs must be relay <-> relay. */
async function relayedCalls(alice: Opened & { phone: PhonePage }, bob: Opened & { phone: PhonePage }, caller: Opened, callee: Opened): Promise<Results['turn']> {
  const turn = await startTurnServer();
  if (!turn) return { skipped: COTURN_MISSING };
  try {
    const loadBefore = loadavg()[0]!;
    for (const phone of [alice.phone, bob.phone]) await new SettingsPage(phone.page).saveServers({ turn: turn.url, username: turn.username, credential: turn.credential, relayOnly: true });
    await configureBare([caller.page, callee.page], { iceServers: [{ urls: [turn.url], username: turn.username, credential: turn.credential }], iceTransportPolicy: 'relay' });
    const { app, bare } = await interleavedCalls(alice, bob, caller, callee);
    const notRelayed = [...app, ...bare].filter((s) => !/^relay .* <-> relay /.test(s.pair));
    if (notRelayed.length) throw new Error(`calls not relayed through coturn: ${notRelayed.map((s) => s.pair).join('; ')}`);
    return { app, bare, load: `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}` };
  } finally {
    await turn.stop();
  }
}

/** WARMUP_CALLS + CALLS app calls and as many bare pair calls, alternating which goes first. */
async function interleavedCalls(alice: Opened & { phone: PhonePage }, bob: Opened & { phone: PhonePage }, caller: Opened, callee: Opened): Promise<{ app: CallSample[]; bare: CallSample[] }> {
  const app: CallSample[] = [];
  const bare: CallSample[] = [];
  for (let i = 0; i < WARMUP_CALLS + CALLS; i++) {
    // Alternate which goes first, so that neither always follows the other's clean-up.
    const runApp = async () => {
      const s = await appCall(alice.phone, bob.phone);
      if (i >= WARMUP_CALLS) app.push(s);
      await sleep(SETTLE_MS);
    };
    const runBare = async () => {
      const s = await bareCall(caller.page, callee.page);
      if (i >= WARMUP_CALLS) bare.push(s);
      await sleep(SETTLE_MS);
    };
    if (i % 2 === 0) {
      await runApp();
      await runBare();
    } else {
      await runBare();
      await runApp();
    }
  }
  return { app, bare };
}

const cells = (s: Summary) => [s.median, s.p90, s.min, s.max];
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const distinct = (values: string[]) => [...new Set(values)].join('; ');

function report(r: Results, sizes: BundleSizes): void {
  const phases: { name: string; app: (s: CallSample) => number; bare: (s: CallSample) => number; bareName: string }[] = [
    {
      name: 'TARGET: Call pressed -> media at callee, minus the ring (Answer shown -> pressed)',
      app: (s) => s.full - s.ringWait,
      bare: (s) => s.full - s.ringWait,
      bareName: 'caller pressed -> media, minus the ring (offer at callee -> pressed)',
    },
    { name: 'Call pressed -> media at callee, as measured (ring answered by Playwright)', app: (s) => s.full, bare: (s) => s.full, bareName: 'caller pressed -> media' },
    { name: 'Answer pressed -> media at callee', app: (s) => s.answerLeg, bare: (s) => s.answerLeg, bareName: 'callee pressed -> media' },
    {
      name: "caller's setRemoteDescription(answer) started -> media at callee",
      app: (s) => s.transportLeg,
      bare: (s) => s.transportLeg,
      bareName: 'the same',
    },
    { name: 'ring: Answer shown at callee -> Answer pressed (Playwright)', app: (s) => s.ringWait, bare: (s) => s.ringWait, bareName: 'offer at callee -> pressed' },
  ];
  printTable(
    `Call set-up, audio, alice -> bob through the SealPhone server vs a bare RTCPeerConnection pair (SDP carried by the bench), ` +
      `${r.app.length} calls each (+${WARMUP_CALLS} warm-up), interleaved; Chromium ${r.chromium}, fake media, no ICE servers; ` +
      `media = callee's getStats() inbound-rtp audio packets > 0, polled every ${POLL_MS} ms; ms; ${r.load}; ` +
      `target: the TARGET row's ratio <= 1.20x`,
    ['phase (app)', 'app median', 'app p90', 'app min', 'app max', 'bare pair phase', 'bare median', 'bare p90', 'bare min', 'bare max', 'app/bare (median)'],
    phases.map((p) => {
      const a = summarize(r.app.map(p.app));
      const b = summarize(r.bare.map(p.bare).filter((v) => !Number.isNaN(v)));
      return [p.name, ...cells(a), p.bareName, ...cells(b), b.n ? ratio(a.median, b.median) : ''];
    }),
  );
  console.log(`ICE pair at the callee: app ${distinct(r.app.map((s) => s.pair))}; bare ${distinct(r.bare.map((s) => s.pair))}`);

  const gumScript = summarize(r.gum.script);
  const gumClick = summarize(r.gum.click);
  printTable(
    `Why the bare pair is pressed: getUserMedia({ audio: true }) in its blank page, ${r.gum.script.length} each, from script and from a trusted click (Chromium, under user activation); ms`,
    ['called from', 'median', 'p90', 'min', 'max'],
    [
      ['script (page.evaluate)', ...cells(gumScript)],
      ['a click on a button (page.click)', ...cells(gumClick)],
    ],
  );

  printTable(
    'Where call set-up goes: median ms since Call pressed (bare: since the caller pressed), and median ms since the previous milestone',
    ['milestone', 'app at', 'app step', 'bare at', 'bare step'],
    STEPS.map((s, i) => [s.label, ...stepMedians(r.app, i), ...stepMedians(r.bare, i)]),
  );

  const shown = summarize(r.messages.map((m) => m.shownAtPeer));
  const delivered = summarize(r.messages.map((m) => m.delivered));
  printTable(
    `Messages alice -> bob through the server, ${r.messages.length} one at a time (+${WARMUP_MESSAGES} warm-up); ms from the click on Send`,
    ['measure', 'median', 'p90', 'min', 'max'],
    [
      ['shown at the peer (item in bob\'s open conversation)', ...cells(shown)],
      ['"Delivered" shown at the sender', ...cells(delivered)],
    ],
  );

  const total = (files: { bytes: number; gzipBytes: number }[]) => [files.reduce((n, f) => n + f.bytes, 0), files.reduce((n, f) => n + f.gzipBytes, 0)];
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const fetched = (file: string) => (r.jsLoaded.includes(file) ? 'yes' : 'no');
  const [initialRaw, initialGzip] = total(sizes.initial) as [number, number];
  const [lazyRaw, lazyGzip] = total(sizes.lazy) as [number, number];
  printTable(
    `The built app's JavaScript (${WEB}, a copy of dist/web): gzip = node:zlib level 9 per file; "first load" = fetched by a fresh page load ` +
      `before the browser check finished (it imports the crypto chunk right after the first render); target: initial JS < 250 kB gzip`,
    ['file', 'loaded as', 'bytes', 'gzip bytes', 'gzip', 'first load'],
    [
      ...sizes.initial.map((f) => [f.file, `initial: ${f.via}`, String(f.bytes), String(f.gzipBytes), kb(f.gzipBytes), fetched(f.file)]),
      ['INITIAL JS total', '', String(initialRaw), String(initialGzip), kb(initialGzip), ''],
      ...sizes.lazy.map((f) => [f.file, `lazy: ${f.via}`, String(f.bytes), String(f.gzipBytes), kb(f.gzipBytes), fetched(f.file)]),
      ['LAZY JS total', '', String(lazyRaw), String(lazyGzip), kb(lazyGzip), ''],
      ...sizes.css.map((f) => [f.file, `not JS: ${f.via}`, String(f.bytes), String(f.gzipBytes), kb(f.gzipBytes), '']),
    ],
  );
  if ('skipped' in r.turn) {
    console.log(`\nCall set-up through a TURN server: skipped: ${r.turn.skipped}.`);
  } else {
    const t = r.turn;
    const target = (s: CallSample) => s.full - s.ringWait;
    printTable(
      `Call set-up through a local TURN server (coturn on 127.0.0.1, static user, UDP), relay only on both sides (app: Settings, ` +
        `"Relay every call through the TURN server"; bare pair: iceTransportPolicy 'relay'), ${t.app.length} calls each (+${WARMUP_CALLS} warm-up), ` +
        `interleaved; ms; ${t.load}; target: the TARGET row's ratio <= 1.20x`,
      ['phase (app)', 'app median', 'app p90', 'app min', 'app max', 'bare median', 'bare p90', 'bare min', 'bare max', 'app/bare (median)'],
      [
        ['TARGET (TURN, relay only): Call pressed -> media at callee, minus the ring', target],
        ['Call pressed -> media at callee, as measured', (s: CallSample) => s.full],
        ['Answer pressed -> media at callee', (s: CallSample) => s.answerLeg],
        ["caller's setRemoteDescription(answer) started -> media at callee", (s: CallSample) => s.transportLeg],
      ].map(([name, f]) => {
        const pick = f as (s: CallSample) => number;
        const a = summarize(t.app.map(pick));
        const b = summarize(t.bare.map(pick));
        return [name as string, ...cells(a), ...cells(b), ratio(a.median, b.median)];
      }),
    );
    console.log(`ICE pair at the callee (TURN): app ${distinct(t.app.map((s) => s.pair))}; bare ${distinct(t.bare.map((s) => s.pair))}`);
    printTable(
      'Where call set-up through TURN goes: median ms since Call pressed (bare: since the caller pressed), and since the previous milestone',
      ['milestone', 'app at', 'app step', 'bare at', 'bare step'],
      STEPS.map((s, i) => [s.label, ...stepMedians(t.app, i), ...stepMedians(t.bare, i)]),
    );
  }
  if (r.pageErrors.length) console.log(`page errors: ${r.pageErrors.join(' | ')}`);
}
