/**
 * The bench's handle on a SealPhone server in a child process (bench/server/child.ts): the clients stay in the bench
 * process, so on this 2-core machine the server gets its own event loop and its signing threads compete only with
 * the clients' parsing, as with real remote clients. Set BENCH_SERVER_CPU_PROF=DIR to write V8 CPU profiles
 * (.cpuprofile) of the child's event-loop thread there, one per measured interval (see `profiled`), and
 * BENCH_SERVER_NODE_ARGS to give the child more Node flags (`--trace-gc`, ...).
 * BENCH_SERVER_LIMITS=loopback holds the bench (on loopback) to the per-address bounds as remote clients are (child.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, ChildReady, ChildReply, ChildUsage } from './child.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export class ServerProcess {
  #nextId = 1;
  #pending = new Map<number, { resolve: (r: ChildUsage | null) => void; reject: (e: Error) => void }>();
  #exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly httpPort: number,
    readonly dir: string,
  ) {
    child.on('message', (message: ChildReply) => {
      const waiter = this.#pending.get(message.id);
      if (waiter === undefined) return;
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`server child: ${message.error}`));
      else waiter.resolve(message.result ?? null);
    });
    child.on('exit', (code, signal) => {
      this.#exited = true;
      live.delete(child);
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`server child exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  /** Forks the child with `users` (name -> password, domain sealphone.test) and waits for its ports. */
  static async start(users: Record<string, string>): Promise<ServerProcess> {
    const execArgv = ['--expose-gc', '--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])];
    const child = fork(CHILD, [JSON.stringify(users)], { cwd: ROOT, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const c of live) c.kill('SIGKILL');
      });
    }
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      const onMessage = (message: ChildReady | ChildReply) => {
        if ('type' in message && message.type === 'ready') {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve(message);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`server child exited before it was ready (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new ServerProcess(child, ready.httpPort, ready.dir);
  }

  #call(cmd: ChildCommand, name?: string): Promise<ChildUsage | null> {
    if (this.#exited) return Promise.reject(new Error('server child has exited'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, name });
    });
  }

  /** Runs `fn`; with BENCH_SERVER_CPU_PROF=DIR the server's main thread is profiled meanwhile into DIR/`name`.cpuprofile. */
  async profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!process.env.BENCH_SERVER_CPU_PROF) return fn();
    await this.#call('profile-start');
    try {
      return await fn();
    } finally {
      await this.#call('profile-stop', name);
    }
  }

  /** CPU time, heap and counts now. */
  async usage(): Promise<ChildUsage> {
    return (await this.#call('usage'))!;
  }

  /** The same after full garbage collections: heapUsed is then the live heap. */
  async heap(): Promise<ChildUsage> {
    return (await this.#call('heap'))!;
  }

  /** Once every NOTIFY the server started has been answered. */
  async idle(): Promise<ChildUsage> {
    return (await this.#call('idle'))!;
  }

  /** Closes the server and waits for the child to exit (killed after 10 s); its folder is removed either way. */
  async stop(): Promise<void> {
    if (!this.#exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.#call('stop').catch(() => undefined);
      if (!this.#exited) await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** CPU time used between two readings, in cores (1.0 = one core busy the whole time). */
export function coresBetween(before: { userUs: number; systemUs: number }, after: { userUs: number; systemUs: number }, ms: number): number {
  return (after.userUs - before.userUs + after.systemUs - before.systemUs) / 1000 / ms;
}
