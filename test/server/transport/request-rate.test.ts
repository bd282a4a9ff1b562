/**
 * Issue 15 deliverable 4: a general request rate per source address, in the manner of Kamailio's pike module. Over
 * real sockets from loopback, with loopback held to the limit (`capLoopback`) and a tight rate: past the burst, UDP
 * requests are dropped unanswered (no reflection) and TCP ones get 503 with Retry-After; the bucket refills; a
 * trusted proxy's address is not limited; the counters reach the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log.ts';
import { startServer, type RunningServer } from '../../../server/server.ts';
import { RawSipClient, type RawTransport } from '../../helpers/raw-sip-client.ts';
import { DOMAIN, optionsToServer } from './limits-server.ts';

const BURST = 10;
const TRUSTED = '127.0.0.2';
let server: RunningServer;
let dir: string;
const logLines: string[] = [];
const clients: RawSipClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sealphone-rate-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    webRoot: join(dir, 'web'),
    domain: DOMAIN,
    db: join(dir, 'sealphone.db'),
    sipPort: 0,
    limits: { capLoopback: true, maxRequestsPerSecond: 5, requestBurst: BURST },
    trustedProxies: [TRUSTED],
    log: createLogger('info', sink),
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function client(transport: RawTransport, localAddress?: string): Promise<RawSipClient> {
  const c = await RawSipClient.connect(transport, '127.0.0.1', server.sip!.tcp!.port, localAddress ? { localAddress } : {});
  clients.push(c);
  return c;
}

/** Sends `count` OPTIONS at once and collects the final responses that come within a second, by status. */
async function flood(c: RawSipClient, count: number): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  c.onResponse = (r) => {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status === 503) statuses.retryAfter = Number(r.headers.get('Retry-After'));
  };
  for (let i = 0; i < count; i++) c.sendText(optionsToServer(c.transport === 'udp' ? 'UDP' : 'TCP'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  c.onResponse = null;
  return statuses;
}

describe('the request rate per source address', () => {
  it('drops UDP requests past the burst without an answer', async () => {
    const statuses = await flood(await client('udp'), 40);
    // The burst, plus what refilled (5/s) while they were being sent; never anything else.
    expect(statuses['200']).toBeGreaterThanOrEqual(BURST);
    expect(statuses['200']).toBeLessThanOrEqual(BURST + 6);
    expect(Object.keys(statuses)).toEqual(['200']);
  });

  it('answers TCP requests past the burst with 503 and Retry-After, and admits again after a pause', async () => {
    // The same address as the UDP flood: let its bucket fill again first.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    const tcp = await client('tcp');
    const statuses = await flood(tcp, 40);
    expect(statuses['200']! + statuses['503']!).toBe(40);
    expect(statuses['503']).toBeGreaterThanOrEqual(40 - BURST - 6);
    expect(statuses.retryAfter).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await flood(tcp, 3)).toEqual({ '200': 3 });
    expect(logLines.some((line) => line.includes('request rate limit reached') && line.includes('127.0.0.1'))).toBe(true);
  });

  it('does not limit a trusted proxy', async () => {
    expect(await flood(await client('tcp', TRUSTED), 40)).toEqual({ '200': 40 });
  });
});
