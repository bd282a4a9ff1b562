/** The SIP domain a server says it serves: the real server's /sip-domain, and every failure giving null. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipDomainLookup } from '../../src/services/sip-domain.ts';
import { removeDir, startTestServer, TEST_DOMAIN, type TestServer } from '../helpers/test-server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

describe('createSipDomainLookup', () => {
  it('reads the domain from a SealPhone server, from its WebSocket URL', async () => {
    expect(await createSipDomainLookup()(`ws://127.0.0.1:${ts.httpPort}/sip`)).toBe(TEST_DOMAIN);
  });
  it('gives null for what is not an answer of ours', async () => {
    const lookup = (body: unknown, status = 200) => createSipDomainLookup(async () => new Response(JSON.stringify(body), { status }));
    expect(await lookup({ domain: 'evil.test\r\nX: y' })('wss://x.test/sip')).toBeNull();
    expect(await lookup({ domain: 42 })('wss://x.test/sip')).toBeNull();
    expect(await lookup({ domain: 'ok.test' }, 404)('wss://x.test/sip')).toBeNull();
    expect(await lookup({ domain: 'OK.test' })('wss://x.test/sip')).toBe('ok.test');
    expect(await createSipDomainLookup()('ws://127.0.0.1:9/sip')).toBeNull(); // nothing listens
    expect(await createSipDomainLookup()('not a url')).toBeNull();
  });
});
