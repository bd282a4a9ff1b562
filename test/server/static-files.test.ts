/** The server's HTTP side over a real socket: the web app, SPA fallback, and no escape from the web root. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/server.ts';

const root = mkdtempSync(join(tmpdir(), 'sealphone-web-'));
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(join(root, 'web', 'assets'), { recursive: true });
  writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>SealPhone</title>');
  writeFileSync(join(root, 'web', 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the web root');
  server = await startServer({ host: '127.0.0.1', port: 0, webRoot: join(root, 'web') });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** A raw GET, so that paths like `/../x` reach the server unnormalised. */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; cache: string; headers: Record<string, unknown> }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, cache: String(res.headers['cache-control'] ?? ''), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it('serves index.html at / and for app routes without an extension', async () => {
    for (const path of ['/', '/contacts/alice']) {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(r.type).toContain('text/html');
      expect(r.body).toContain('<title>SealPhone</title>');
    }
  });
  it('serves hashed assets as immutable with their type', async () => {
    const r = await get('/assets/app-1234.js');
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/javascript');
    expect(r.cache).toContain('immutable');
  });
  it('answers 404 for a missing file with an extension', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
  });
  it('never serves a file outside the web root', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await get(path);
      expect(r.body).not.toContain('outside the web root');
    }
  });
  it('answers 400 to a malformed URL and 405 to other methods', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/', 'POST')).status).toBe(405);
  });
});

describe('security headers (the web app cannot be framed, and runs only its own code)', () => {
  it('sends Content-Security-Policy, X-Frame-Options: DENY and Referrer-Policy on the app, its assets and its errors', async () => {
    for (const path of ['/', '/contacts/alice', '/assets/app-1234.js', '/assets/missing.js']) {
      const { headers } = await get(path);
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      const csp = String(headers['content-security-policy'] ?? '');
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src')).toEqual(["'none'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('connect-src')).toEqual(expect.arrayContaining(["'self'", 'wss:', 'https:']));
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|blob:|data:/);
    }
  });
  const built = join(import.meta.dirname, '../../dist/web/index.html');
  it.skipIf(!existsSync(built))('the built app fits the policy: no inline script or style, scripts and styles from /assets only', () => {
    const html = readFileSync(built, 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    for (const link of html.match(/<link\b[^>]*>/g) ?? []) expect(link).toMatch(/href="\/(assets\/|favicon\.svg)/);
  });
});

