/**
 * End-to-end encryption's cost (issue 6, item 7). See docs/bench.md ("secure").
 *
 * In one run, in Debian's Chromium, through the real server: alice and bob have keys and have each verified the
 * other's certificate (cached), so their calls and messages are encrypted; carol and dave have no key, so theirs are
 * clear. Both pairs do the same things, interleaved (the order alternates):
 *
 * 1. Call set-up: press Call -> audio flowing at the callee (the `app` suite's appCall), 10 calls each after one
 *    warm-up; every sample checks that both Call regions said what the pair should be ("End-to-end encrypted ·
 *    verified ..." / "Not end-to-end encrypted"). Target: encrypted at most 1.10x clear (median).
 * 2. Messages: press Send -> the item in the peer's open conversation, and -> "Delivered" at the sender, 40 each after
 *    two warm-ups; every received item must carry the pair's protection text. Target: encrypted at most +5 ms (median).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { expect } from '@playwright/test';
import { SecurityPage } from '../e2e/support/security-page.ts';
import { launchChromium, openPhone, type Opened } from './app/browser.ts';
import { ensureBuild, snapshotBuild } from './app/build.ts';
import { appCall, POLL_MS, stepMedians, STEPS, type CallSample } from './app/calls.ts';
import { prepareConversation, sendOne, type MessageSample } from './app/messages.ts';
import { AppServer, benchAccount, createDatabase, type BenchAccount } from './app/server.ts';
import { summarize, type Summary } from './app/stats.ts';
import { printTable } from './table.ts';

/** `bob@example.test` -> `example.test`: the domain that certifies bob's key (src/ui/trust-words.ts). */
const domainOfAddress = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

const CALLS = Number(process.env.BENCH_SECURE_CALLS ?? 10);
const WARMUP_CALLS = 1;
const MESSAGES = Number(process.env.BENCH_SECURE_MESSAGES ?? 40);
const WARMUP_MESSAGES = 2;
const DIR = 'data/bench/secure';
const DB = `${DIR}/sealphone.db`;
const WEB = `${DIR}/web`;
/** Between calls: let hang-up, BYE and pc.close() settle. */
const SETTLE_MS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phone = Awaited<ReturnType<typeof openPhone>>;

interface Pair {
  caller: Phone;
  callee: Phone;
  /** What each Call region must contain. */
  callProtection: { caller: string; callee: string };
  /** What the callee's received message item must contain. */
  messageProtection: string;
}

interface Results {
  chromium: string;
  encryptedCalls: CallSample[];
  clearCalls: CallSample[];
  encryptedMessages: MessageSample[];
  clearMessages: MessageSample[];
  pageErrors: string[];
  load: string;
}

export async function benchSecure(): Promise<void> {
  ensureBuild();
  await snapshotBuild(WEB);
  const accounts = ['alice', 'bob', 'carol', 'dave'].map(benchAccount);
  createDatabase(DB, accounts);
  const server = await AppServer.start({ db: DB, webRoot: WEB });
  let browser: Browser | undefined;
  let results: Results;
  try {
    browser = await launchChromium();
    results = await measure(browser, server.origin, accounts as [BenchAccount, BenchAccount, BenchAccount, BenchAccount]);
  } finally {
    await browser?.close();
    await server.stop();
  }
  report(results);
}

/** alice and bob with keys, each having verified the other's certificate; carol and dave without keys. */
async function openPairs(browser: Browser, origin: string, [a, b, c, d]: [BenchAccount, BenchAccount, BenchAccount, BenchAccount]): Promise<{ encrypted: Pair; clear: Pair; opened: Opened[] }> {
  const alice = await openPhone(browser, origin, a, { key: true });
  const bob = await openPhone(browser, origin, b, { key: true });
  const carol = await openPhone(browser, origin, c);
  const dave = await openPhone(browser, origin, d);
  for (const [me, peer] of [[alice, bob], [bob, alice]] as const) {
    await me.phone.openConversation(peer.phone.account);
    await expect(new SecurityPage(me.page).peerCertificate).toHaveText(`Certified by ${domainOfAddress(peer.phone.account.address)}`, { timeout: 15_000 });
  }
  return {
    encrypted: {
      caller: alice,
      callee: bob,
      callProtection: { caller: `End-to-end encrypted · ${b.address}'s key, certified by ${domainOfAddress(b.address)}`, callee: `End-to-end encrypted · ${a.address}'s key, certified by ${domainOfAddress(a.address)}` },
      messageProtection: `End-to-end encrypted, signed by ${a.address}`,
    },
    clear: {
      caller: carol,
      callee: dave,
      callProtection: { caller: 'Not end-to-end encrypted', callee: 'Not end-to-end encrypted' },
      messageProtection: 'Not end-to-end encrypted',
    },
    opened: [alice, bob, carol, dave],
  };
}

/** Runs `encrypted` and `clear` `warmup + n` times, alternating which goes first; keeps the samples after the warm-up. */
async function interleaved<T>(n: number, warmup: number, run: (pair: 'encrypted' | 'clear', i: number) => Promise<T>): Promise<{ encrypted: T[]; clear: T[] }> {
  const out = { encrypted: [] as T[], clear: [] as T[] };
  for (let i = 0; i < warmup + n; i++) {
    const order = i % 2 === 0 ? (['encrypted', 'clear'] as const) : (['clear', 'encrypted'] as const);
    for (const pair of order) {
      const s = await run(pair, i);
      if (i >= warmup) out[pair].push(s);
    }
  }
  return out;
}

async function measure(browser: Browser, origin: string, accounts: [BenchAccount, BenchAccount, BenchAccount, BenchAccount]): Promise<Results> {
  const loadBefore = loadavg()[0]!;
  const { encrypted, clear, opened } = await openPairs(browser, origin, accounts);
  const pairs = { encrypted, clear };

  const calls = await interleaved(CALLS, WARMUP_CALLS, async (name) => {
    const p = pairs[name];
    const s = await appCall(p.caller.phone, p.callee.phone, { protection: p.callProtection });
    await sleep(SETTLE_MS);
    return s;
  });

  for (const p of [encrypted, clear]) await prepareConversation(p.caller.phone, p.callee.phone);
  const tag = Date.now().toString(36);
  const messages = await interleaved(MESSAGES, WARMUP_MESSAGES, (name, i) => {
    const p = pairs[name];
    // Ends with a word: an item's text runs on into its time ("message 1" + "15:20" contains "message 11").
    return sendOne(p.caller.phone, p.callee.phone, `bench ${tag} ${name} message ${i} end`, { protection: p.messageProtection });
  });

  await Promise.all(opened.map((o) => o.context.close()));
  return {
    chromium: browser.version(),
    encryptedCalls: calls.encrypted,
    clearCalls: calls.clear,
    encryptedMessages: messages.encrypted,
    clearMessages: messages.clear,
    pageErrors: opened.flatMap((o) => o.errors),
    load: `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`,
  };
}

const cells = (s: Summary) => [s.median, s.p90, s.min, s.max];

function report(r: Results): void {
  const phases: { name: string; of: (s: CallSample) => number }[] = [
    { name: 'TARGET: Call pressed -> media at callee, minus the ring (Answer shown -> pressed)', of: (s) => s.full - s.ringWait },
    { name: 'Call pressed -> media at callee, as measured (ring answered by Playwright)', of: (s) => s.full },
    { name: 'Answer pressed -> media at callee', of: (s) => s.answerLeg },
    { name: "caller's setRemoteDescription(answer) started -> media at callee", of: (s) => s.transportLeg },
    { name: 'ring: Answer shown at callee -> Answer pressed (Playwright)', of: (s) => s.ringWait },
  ];
  printTable(
    `Call set-up, audio, encrypted (alice -> bob, keys and each other's certificate cached) vs clear (carol -> dave, no keys), ` +
      `through the SealPhone server, ${r.encryptedCalls.length} calls each (+${WARMUP_CALLS} warm-up), interleaved; Chromium ${r.chromium}, ` +
      `fake media, no ICE servers; media = callee's getStats() inbound-rtp audio packets > 0, polled every ${POLL_MS} ms; ms; ${r.load}; ` +
      `target: the TARGET row's ratio <= 1.10x`,
    ['phase', 'encrypted median', 'p90', 'min', 'max', 'clear median', 'p90', 'min', 'max', 'encrypted/clear (median)', 'difference (median)'],
    phases.map((p) => {
      const e = summarize(r.encryptedCalls.map(p.of));
      const c = summarize(r.clearCalls.map(p.of));
      return [p.name, ...cells(e), ...cells(c), `${(e.median / c.median).toFixed(2)}x`, e.median - c.median];
    }),
  );
  printTable(
    'Where encrypted call set-up goes: median ms since Call pressed, and median ms since the previous milestone',
    ['milestone', 'encrypted at', 'encrypted step', 'clear at', 'clear step'],
    STEPS.map((s, i) => [s.label, ...stepMedians(r.encryptedCalls, i), ...stepMedians(r.clearCalls, i)]),
  );

  const measures: { name: string; of: (m: MessageSample) => number }[] = [
    { name: "shown at the peer (item in the peer's open conversation)", of: (m) => m.shownAtPeer },
    { name: '  of it: click -> MESSAGE on the sender\'s WebSocket (sign, encrypt)', of: (m) => m.toWire },
    { name: "  of it: -> MESSAGE on the peer's WebSocket (the server's relay)", of: (m) => m.relay },
    { name: "  of it: -> item shown at the peer (decrypt, verify)", of: (m) => m.fromWire },
    { name: '"Delivered" shown at the sender', of: (m) => m.delivered },
  ];
  printTable(
    `Messages, encrypted (alice -> bob) vs clear (carol -> dave), ${r.encryptedMessages.length} each one at a time ` +
      `(+${WARMUP_MESSAGES} warm-up), interleaved; ms from the click on Send; target: encrypted at most +5 ms at the median (shown at the peer)`,
    ['measure', 'encrypted median', 'p90', 'min', 'max', 'clear median', 'p90', 'min', 'max', 'difference (median)'],
    measures.map((m) => {
      const e = summarize(r.encryptedMessages.map(m.of));
      const c = summarize(r.clearMessages.map(m.of));
      return [m.name, ...cells(e), ...cells(c), `${e.median - c.median >= 0 ? '+' : ''}${(e.median - c.median).toFixed(1)} ms`];
    }),
  );
  if (r.pageErrors.length) console.log(`page errors: ${r.pageErrors.join(' | ')}`);
}
