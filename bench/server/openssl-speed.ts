/** `openssl speed -seconds N rsa2048`: RSA-2048 signatures per second on one core, read from openssl's table. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface OpensslSpeed {
  version: string;
  signsPerSecond: number;
}

/**
 * Runs openssl and reads the `sign/s` column of the `rsa 2048 bits` row. The header row names the columns (OpenSSL
 * 3.0 prints `sign verify sign/s verify/s`, later versions add encrypt/decrypt/encaps columns), so the value is taken
 * by the position of `sign/s` among them.
 */
export async function opensslRsa2048Signs(seconds = 3): Promise<OpensslSpeed> {
  const run = promisify(execFile);
  const { stdout } = await run('openssl', ['speed', '-seconds', String(seconds), 'rsa2048'], { maxBuffer: 1 << 20 });
  const { stdout: version } = await run('openssl', ['version']);
  return { version: version.trim().split(/\s+/).slice(0, 2).join(' '), signsPerSecond: parseSignsPerSecond(stdout) };
}

export function parseSignsPerSecond(output: string): number {
  const lines = output.split('\n');
  const rowIndex = lines.findIndex((l) => /^rsa\s+2048\s+bits?\s/i.test(l.trim()));
  const header = lines
    .slice(0, Math.max(rowIndex, 0))
    .reverse()
    .find((l) => /\bsign\/s\b/.test(l));
  if (rowIndex < 0 || header === undefined) throw new Error(`no "rsa 2048 bits" row in openssl speed output:\n${output}`);
  const names = header.trim().split(/\s+/);
  const values = lines[rowIndex]!.trim().split(/\s+/).slice(3);
  const value = Number(values[names.indexOf('sign/s')]);
  if (!Number.isFinite(value) || value <= 0 || names.length !== values.length) throw new Error(`cannot read sign/s from:\n${header}\n${lines[rowIndex]}`);
  return value;
}
