/**
 * Certificates in the softphone (issue 5, item 7). See docs/bench.md ("certificates").
 *
 * 1. Cold certificate fetch, in Node through the softphone's own store, SipClient and checker: SUBSCRIBE (Event:
 *    certificate) to a peer not seen before -> NOTIFY -> Identity and RFC 6072 section 10.3 checks -> the verified
 *    entry in the certificate cache; N peers one at a time (bench/certificates/cold-fetch.ts).
 * 2. Key creation plus first publish at sign-in, in Chromium: "Create key" in "Protect your key" -> the credential
 *    PUBLISH answered 200, for fresh accounts in fresh contexts (bench/certificates/key-creation.ts), with the
 *    PBKDF2 share apart.
 *
 * The browser part builds dist/web when it is missing or stale and serves a copy of it from a server of its own
 * (free port, database data/bench/certificates/sealphone.db), as the app bench does.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { launchChromium } from './app/browser.ts';
import { ensureBuild, snapshotBuild } from './app/build.ts';
import { AppServer, benchAccount, createDatabase } from './app/server.ts';
import { percentile, summarize } from './app/stats.ts';
import { coldCertificateFetch, type ColdFetchResult, type ColdFetchSample } from './certificates/cold-fetch.ts';
import { createKeyOnce, type KeyCreationSample } from './certificates/key-creation.ts';
import { median, printTable } from './table.ts';

const PEERS = Number(process.env.BENCH_CERT_PEERS ?? 50);
const ACCOUNTS = Number(process.env.BENCH_CERT_ACCOUNTS ?? 5);
const WARMUP_ACCOUNTS = 1;
const DIR = 'data/bench/certificates';
const DB = `${DIR}/sealphone.db`;
const WEB = `${DIR}/web`;

const load = (before: number) => `load average ${before.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;

export async function benchCertificates(): Promise<void> {
  let loadBefore = loadavg()[0]!;
  const cold = await coldCertificateFetch(PEERS);
  reportColdFetch(cold, load(loadBefore));

  loadBefore = loadavg()[0]!;
  const keys = await keyCreation();
  reportKeyCreation(keys, load(loadBefore));
}

interface KeyCreationResult {
  chromium: string;
  samples: KeyCreationSample[];
  pageErrors: string[];
}

async function keyCreation(): Promise<KeyCreationResult> {
  ensureBuild();
  await snapshotBuild(WEB);
  const tag = Date.now().toString(36).slice(-4);
  const accounts = Array.from({ length: WARMUP_ACCOUNTS + ACCOUNTS }, (_, i) => benchAccount(`key${i}-${tag}`));
  createDatabase(DB, accounts);
  const server = await AppServer.start({ db: DB, webRoot: WEB });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const samples: KeyCreationSample[] = [];
    const pageErrors: string[] = [];
    for (const [i, account] of accounts.entries()) {
      const { sample, errors } = await createKeyOnce(browser, server.origin, account);
      pageErrors.push(...errors);
      if (i >= WARMUP_ACCOUNTS) samples.push(sample);
    }
    return { chromium: browser.version(), samples, pageErrors };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

const row = (values: number[]) => {
  const s = summarize(values);
  return [s.median, percentile(values, 99), s.min, s.max];
};

function p99Rank(n: number): string {
  const rank = Math.ceil(0.99 * n);
  return rank === n ? `of ${n} samples: the largest` : `of ${n} samples: number ${rank} from the smallest`;
}

function reportColdFetch(r: ColdFetchResult, loadText: string): void {
  const parts: [string, (s: ColdFetchSample) => number][] = [
    ['TOTAL: watchCertificate (SUBSCRIBE) -> verified cache entry', (s) => s.total],
    ['  SUBSCRIBE sent -> certificate NOTIFY delivered by the SipClient', (s) => s.notify],
    ['  NOTIFY -> checker verdict (Identity rsa-sha256, certificate, RFC 6072 10.3)', (s) => s.check],
    ['  verdict -> entry written to the certificate cache', (s) => s.cache],
  ];
  printTable(
    `Cold certificate fetch: ${r.samples.length} peers not seen before, one at a time, each a new SUBSCRIBE (Event: certificate) to a credential ` +
      `published beforehand (P-256, by the app's createDeviceKey); the softphone's store + JsSIP SipClient + checker in Node, in-memory cache; ` +
      `server in a child process; ms; p99 = nearest rank (${p99Rank(r.samples.length)}); ${loadText}`,
    ['measure', 'median', 'p99', 'min', 'max', 'first peer after sign-in (fetches the AS certificate)'],
    parts.map(([name, pick]) => [name, ...row(r.samples.map(pick)), pick(r.first)]),
  );
  console.log(`(preparing: ${r.samples.length + 1} credentials PUBLISHed in ${(r.prepareMs / 1000).toFixed(1)} s)`);
}

function reportKeyCreation(r: KeyCreationResult, loadText: string): void {
  const parts: [string, (s: KeyCreationSample) => number][] = [
    ['TOTAL: "Create key" clicked -> credential PUBLISH answered 200 (at the page)', (s) => s.total],
    ['  click -> PBKDF2 starts (P-256 key pair, self-signed certificate)', (s) => s.keyAndCertificate],
    ['  PBKDF2 of the passphrase (PBES2 of the key blob)', (s) => s.pbkdf2],
    ['  PBKDF2 done -> credential PUBLISH sent', (s) => s.toPublish],
    ['  PUBLISH sent -> 200 received', (s) => s.publishRoundTrip],
    ['"Create key" clicked -> "Published" shown (Security region)', (s) => s.shown],
  ];
  const share = median(r.samples.map((s) => s.pbkdf2 / s.total));
  printTable(
    `Key creation plus first publish at sign-in: ${r.samples.length} fresh accounts (+${WARMUP_ACCOUNTS} warm-up), each in a fresh context, ` +
      `Chromium ${r.chromium}; ms; PBKDF2 share of the total (median): ${(share * 100).toFixed(0)}%; ` +
      `PUBLISH requests per key: ${[...new Set(r.samples.map((s) => s.publishes))].join(', ')}; ` +
      `PBKDF2 calls per key: ${[...new Set(r.samples.map((s) => s.pbkdf2Calls))].join(', ')}; ${loadText}`,
    ['measure', 'median', 'min', 'max'],
    parts.map(([name, pick]) => {
      const s = summarize(r.samples.map(pick));
      return [name, s.median, s.min, s.max];
    }),
  );
  if (r.pageErrors.length) console.log(`page errors: ${r.pageErrors.join(' | ')}`);
}
