/**
 * The built web app for the `app` bench: `npx vite build` (into dist/web, as `npm run build`) when dist/web is missing
 * or older than its sources, then a private copy under data/bench/app/web that the bench's server serves and whose
 * sizes it measures, so that another build of dist/web (e.g. `npm run test:e2e`, which empties it first) cannot pull
 * files from under the bench.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = 'dist/web';

/** What `vite build` reads (besides node_modules). */
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds dist/web when it is missing or stale; returns why it built ('' when it did not). */
export function ensureBuild(): string {
  const index = join(ROOT, DIST, 'index.html');
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  const reason = !existsSync(index) ? `${DIST} is missing` : statSync(index).mtimeMs < sources ? `${DIST} is older than its sources` : '';
  if (reason) {
    console.log(`app bench: ${reason}; running npx vite build`);
    try {
      execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      console.error(`${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
      throw error;
    }
  }
  return reason;
}

/** The script and stylesheet files index.html names. */
export function referencedAssets(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
}

/** Copies dist/web (without source maps) to `to`, retrying while a concurrent build leaves it incomplete. */
export async function snapshotBuild(to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    rmSync(join(ROOT, to), { recursive: true, force: true });
    try {
      cpSync(join(ROOT, DIST), join(ROOT, to), { recursive: true, filter: (src) => !src.endsWith('.map') });
      const html = readFileSync(join(ROOT, to, 'index.html'), 'utf8');
      const missing = referencedAssets(html).filter((a) => !existsSync(join(ROOT, to, a)));
      if (missing.length === 0) return;
      throw new Error(`incomplete copy of ${DIST}: missing ${missing.join(', ')}`);
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
