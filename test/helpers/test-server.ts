/** A real SealPhone server on free ports with a fresh database, for tests over real sockets. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../server/log.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import type { TransportLimits } from '../../server/sip/transport/limits.ts';
import type { DigestAlgorithm } from '../../server/sip/auth/digest-response.ts';
import { openStore } from '../../server/store/index.ts';

export const TEST_DOMAIN = 'sealphone.test';
export const TEST_USERS: Record<string, string> = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' };

export interface TestServer {
  server: RunningServer;
  dir: string;
  db: string;
  httpPort: number;
  sipPort: number;
  stop(): Promise<void>;
}

export async function startTestServer(
  options: { dir?: string; users?: Record<string, string>; tls?: { cert: string; key: string }; host?: string; log?: Logger; trustedProxies?: string[]; limits?: Partial<TransportLimits>; digestAlgorithms?: DigestAlgorithm[]; sipTlsPort?: number } = {},
): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sealphone-server-'));
  const db = join(dir, 'sealphone.db');
  const store = openStore(db);
  for (const [user, password] of Object.entries(options.users ?? TEST_USERS)) {
    if (!store.getUser(user, TEST_DOMAIN)) store.addUser(user, TEST_DOMAIN, password);
  }
  store.close();
  const server = await startServer({ host: options.host ?? '127.0.0.1', port: 0, webRoot: join(dir, 'web'), domain: TEST_DOMAIN, db, sipPort: 0, ...(options.tls ? { tls: options.tls } : {}), ...(options.log ? { log: options.log } : {}), ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}), ...(options.limits ? { limits: options.limits } : {}), ...(options.digestAlgorithms ? { digestAlgorithms: options.digestAlgorithms } : {}), ...(options.sipTlsPort !== undefined ? { sipTlsPort: options.sipTlsPort } : {}) });
  return {
    server,
    dir,
    db,
    httpPort: server.port,
    sipPort: server.sip!.tcp!.port,
    async stop() {
      await server.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
