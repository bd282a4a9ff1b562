/**
 * Runs the real `openssl` command as the independent judge of what the core makes and reads.
 * Each test gets its own temporary directory; files are passed by name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'sealphone-openssl-'));
  path(name: string): string {
    return join(this.dir, name);
  }
  write(name: string, data: Uint8Array | string): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }
  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }
  readText(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }
  /** Runs openssl in this directory; throws with openssl's stderr when it exits non-zero. */
  openssl(...args: string[]): Buffer {
    try {
      return execFileSync('openssl', args, { cwd: this.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as { stderr?: Buffer; status?: number };
      throw new Error(`openssl ${args.join(' ')} exited ${e.status}: ${e.stderr?.toString() ?? ''}`);
    }
  }
  /** Runs openssl and returns its status instead of throwing (for tests that expect a refusal). */
  tryOpenssl(...args: string[]): OpensslResult {
    const r = spawnSync('openssl', args, { cwd: this.dir });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The exact bytes of a Node Buffer as a fresh Uint8Array (never a view on Node's pooled slab). */
export function exact(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer).slice();
}
