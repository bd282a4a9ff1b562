/**
 * The SealPhone server process: HTTP (the web app) on one port. The SIP registrar/proxy, the RFC 6072 credential
 * service and the RFC 4474 authentication service join it on the same port (WebSocket `/sip`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStaticHandler } from './http/static-files.ts';

export interface ServerOptions {
  host: string;
  port: number;
  webRoot: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const http: Server = createServer(createStaticHandler(options.webRoot));
  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolvePromise());
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((done) => http.close(() => done())),
  };
}
