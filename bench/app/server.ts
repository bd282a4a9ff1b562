/**
 * The SealPhone server for the `app` bench, started as playwright.config.ts's webServer starts it (`node
 * bin/sealphone.mjs server --sip-port off --demo --log-level warn`), but on a free port of its own, with its own
 * database under data/bench/app/ and serving the bench's snapshot of the built app (`--web-root`). Accounts are made
 * with the CLI before it starts, as e2e/support/accounts.ts does.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ROOT } from './build.ts';

export const DOMAIN = 'sealphone.test';

export interface BenchAccount {
  name: string;
  /** `alice@sealphone.test`, as a person types it. */
  address: string;
  aor: string;
  password: string;
  keyPassphrase: string;
}

export function benchAccount(name: string): BenchAccount {
  return { name, address: `${name}@${DOMAIN}`, aor: `sip:${name}@${DOMAIN}`, password: `${name}-bench-pw`, keyPassphrase: 'quiet river lantern 42 orbit' };
}

/** A fresh database (old one removed) holding `accounts`, made with `sealphone users add ... --force`. */
export function createDatabase(db: string, accounts: BenchAccount[]): void {
  mkdirSync(dirname(join(ROOT, db)), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(ROOT, db + suffix), { force: true });
  for (const a of accounts) {
    execFileSync(process.execPath, ['bin/sealphone.mjs', 'users', 'add', a.address, '--password', a.password, '--db', db, '--force'], { cwd: ROOT, stdio: 'pipe' });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class AppServer {
  #exited: Promise<void>;
  #done = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.#exited = new Promise((resolve) => child.once('exit', () => ((this.#done = true), resolve())));
    const kill = (): void => {
      if (!this.#done) child.kill('SIGKILL');
    };
    process.once('exit', kill);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start({ db, webRoot }: { db: string; webRoot: string }): Promise<AppServer> {
    const port = Number(process.env.BENCH_APP_PORT ?? 0) || (await freePort());
    const args = ['bin/sealphone.mjs', 'server', '--host', '127.0.0.1', '--port', String(port), '--sip-port', 'off', '--db', db, '--web-root', webRoot, '--demo', '--log-level', 'warn'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const server = new AppServer(child, port);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.#done) throw new Error(`the server exited before it answered:\n${output}`);
      try {
        const res = await fetch(`${server.origin}/`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the server did not answer within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return server;
  }

  /** SIGTERM (the server closes itself), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.#done) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }
}
