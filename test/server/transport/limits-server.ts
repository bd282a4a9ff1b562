/** A real server with a fresh database and transport limits of the test's choosing (tight, so tests take seconds). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../server/server.ts';
import type { TransportLimits } from '../../../server/sip/transport/limits.ts';

export const DOMAIN = 'sealphone.test';

export interface LimitsServer {
  server: RunningServer;
  httpPort: number;
  sipPort: number;
  stop(): Promise<void>;
}

export async function startLimitsServer(limits: Partial<TransportLimits>): Promise<LimitsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sealphone-limits-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, webRoot: join(dir, 'web'), domain: DOMAIN, db: join(dir, 'sealphone.db'), sipPort: 0, limits });
  return {
    server,
    httpPort: server.port,
    sipPort: server.sip!.tcp!.port,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;

/** An OPTIONS to the server itself (answered 200 by it), with `vias` extra Via lines of 500 bytes echoed in the answer. */
export function optionsToServer(transport: string, vias = 0): string {
  const id = `${process.pid}-${++n}`;
  return [
    `OPTIONS sip:${DOMAIN} SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:5060;branch=z9hG4bK-${id};rport`,
    ...Array.from({ length: vias }, (_, i) => `Via: SIP/2.0/${transport} 192.0.2.${i % 250}:5060;branch=z9hG4bK-${id}-${i};x=${'a'.repeat(440)}`),
    'Max-Forwards: 70',
    `From: <sip:probe@elsewhere.test>;tag=${id}`,
    `To: <sip:${DOMAIN}>`,
    `Call-ID: ${id}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
