/**
 * The SealPhone server process: one HTTP(S) port for the web app, the authentication service's certificate
 * (the RFC 4474 Identity-Info URL) and SIP over WebSocket at `/sip`; SIP over TCP and UDP on the SIP port.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createStaticHandler } from './http/static-files.ts';
import { loadOrCreateAuthService, type AuthService } from './identity/index.ts';
import { createLogger, type Logger } from './log.ts';
import { startSipServer, type RunningSipServer } from './sip-server.ts';
import type { TransportLimits } from './sip/transport/limits.ts';
import type { DigestAlgorithm } from './sip/auth/digest-response.ts';
import { openStore, type Store } from './store/index.ts';

/** Where the authentication service's certificate is served (RFC 4474 section 6.1 Identity-Info). */
export const IDENTITY_INFO_PATH = '/identity/as.cer';
/** `{"domain": "..."}`: the SIP domain users of this server sign in to (a bare user name takes it). */
export const SIP_DOMAIN_PATH = '/sip-domain';

export interface ServerOptions {
  host: string;
  port: number;
  webRoot: string;
  /** The SIP domain; default `sealphone.test`. */
  domain?: string;
  /** SQLite file; the authentication service's key and certificate are kept beside it. Default: no SIP side. */
  db?: string;
  /** SIP over TCP and UDP; 0 picks free ports, null turns them off. Default 5060. */
  sipPort?: number | null;
  tls?: { cert: string; key: string };
  /** The public base URL clients reach us at, for Identity-Info; default derived from host and port. */
  publicUrl?: string;
  log?: Logger;
  /** Bounds on what one peer may hold (docs/server-limits.md); each unset one has its default. */
  limits?: Partial<TransportLimits>;
  /** Addresses of proxies whose P-Asserted-Identity is believed (RFC 3325; docs/server-proxy-hardening.md). */
  trustedProxies?: readonly string[];
  /** Digest algorithms offered, in challenge order (docs/server-digest-auth.md); default SHA-256 then MD5. */
  digestAlgorithms?: readonly DigestAlgorithm[];
  /** SIP over TLS on this port with the `tls` certificate (0: a free port); default none. Needs `tls`. */
  sipTlsPort?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  sip: RunningSipServer | null;
  store: Store | null;
  close(): Promise<void>;
}

/**
 * Starts the server. The store and the authentication service are opened before anything listens, so a start-up that
 * fails on them rejects with nothing left serving (the CLI then exits with code 1); a failure after the HTTP port is
 * bound (the SIP port taken...) closes what was started before it rejects.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger('silent');
  const domain = options.domain ?? 'sealphone.test';
  let store: Store | null = null;
  let authService: AuthService | null = null;
  if (options.db) {
    store = openStore(options.db);
    try {
      authService = await loadOrCreateAuthService({ dir: dirname(options.db), domain });
    } catch (error) {
      store.close();
      throw error;
    }
  }
  const serveStatic = createStaticHandler(options.webRoot);
  let certificate: Uint8Array | null = null;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    // The SIP domain, for a softphone whose user typed a bare user name (src/services/sip-domain.ts); not a secret.
    if (new URL(req.url ?? '/', 'http://localhost').pathname === SIP_DOMAIN_PATH) {
      const body = JSON.stringify({ domain });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (certificate && new URL(req.url ?? '/', 'http://localhost').pathname === IDENTITY_INFO_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/pkix-cert', 'Content-Length': certificate.length, 'Cache-Control': 'max-age=3600' });
      res.end(req.method === 'HEAD' ? undefined : certificate);
      return;
    }
    serveStatic(req, res);
  };
  const http: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) }, handler)
    : createHttpServer(handler);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store?.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${options.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`;

  let sip: RunningSipServer | null = null;
  if (store && authService) {
    certificate = authService.certificateDer;
    const identityInfoUrl = new URL(IDENTITY_INFO_PATH, options.publicUrl ?? url).toString();
    try {
      sip = await startSipServer({
        domain,
        store,
        authService,
        identityInfoUrl,
        http,
        secure: options.tls !== undefined,
        host: options.host,
        sipPort: options.sipPort === undefined ? 5060 : options.sipPort,
        log,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
        ...(options.digestAlgorithms ? { digestAlgorithms: options.digestAlgorithms } : {}),
        ...(options.sipTlsPort !== undefined && options.tls ? { sipTls: { port: options.sipTlsPort, cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } } : {}),
      });
    } catch (error) {
      http.closeAllConnections?.();
      await new Promise<void>((done) => http.close(() => done()));
      store.close();
      throw error;
    }
    log.info({ url, domain, sipPort: sip.tcp?.port ?? null, identityInfoUrl, fingerprint: authService.fingerprint }, 'SealPhone server started');
  }
  return {
    url,
    port,
    sip,
    store,
    async close() {
      await sip?.close();
      http.closeAllConnections?.();
      await new Promise<void>((done) => http.close(() => done()));
      store?.close();
    },
  };
}
