import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, isLogLevel } from '../../log.ts';
import { startServer } from '../../server.ts';
import type { TransportLimits } from '../../sip/transport/limits.ts';
import { parseDigestAlgorithms, type DigestAlgorithm } from '../../sip/auth/digest-response.ts';
import { openStore, DEFAULT_DATABASE_FILE } from '../../store/index.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

const DEFAULT_WEB_ROOT = resolve(fileURLToPath(new URL('../../../dist/web', import.meta.url)));

/** The demo accounts `npm start` creates (README). */
export const DEMO_USERS = [
  ['alice', 'alice-demo-pw'],
  ['bob', 'bob-demo-pw'],
  ['carol', 'carol-demo-pw'],
] as const;

export const serverCommand: Command = {
  name: 'server',
  usage: [
    'server [--host 127.0.0.1] [--port 8080] [--sip-port 5060|off] [--domain sealphone.test] [--db data/sealphone.db]',
    '       [--log-level info] [--tls-cert F --tls-key F] [--public-url URL] [--web-root dist/web] [--demo]',
    '       [--max-connections-per-address 100] [--cap-loopback] [--ws-idle-timeout 90] [--tcp-idle-timeout 3900]',
    '       [--message-timeout 10] [--max-ws-message 131072] [--max-send-queue 4194304] [--max-requests-per-second 100]',
    '       [--request-burst 500] [--trusted-proxy IP,...] [--digest-algorithms SHA-256,MD5] [--sip-tls-port 5061]',
    '    run the SealPhone server (web app, SIP over WebSocket at /sip, SIP over TCP/UDP, RFC 6072 and RFC 4474 services);',
    '    --demo creates alice, bob and carol on the domain when the database has no users; the limits (seconds, bytes)',
    '    are in docs/server-limits.md; --trusted-proxy lists proxies whose P-Asserted-Identity is believed (RFC 3325);',
    '    --digest-algorithms is the order of the challenge lines (MD5 alone for phones that answer only the first line',
    '    and speak MD5, as baresip 1.0 and sipp 3.6 do; docs/server-digest-auth.md); --sip-tls-port listens for SIP over',
    '    TLS with the --tls-cert certificate (an edge proxy on another machine may then be trusted over TLS)',
  ],
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      host: { type: 'string', default: process.env.SEALPHONE_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.SEALPHONE_PORT ?? '8080' },
      'sip-port': { type: 'string', default: process.env.SEALPHONE_SIP_PORT ?? '5060' },
      domain: { type: 'string', default: process.env.SEALPHONE_DOMAIN ?? 'sealphone.test' },
      db: { type: 'string', default: process.env.SEALPHONE_DB ?? DEFAULT_DATABASE_FILE },
      'log-level': { type: 'string', default: process.env.SEALPHONE_LOG_LEVEL ?? 'info' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      'web-root': { type: 'string', default: DEFAULT_WEB_ROOT },
      demo: { type: 'boolean', default: false },
      'max-connections-per-address': { type: 'string' },
      'cap-loopback': { type: 'boolean' },
      'ws-idle-timeout': { type: 'string' },
      'tcp-idle-timeout': { type: 'string' },
      'message-timeout': { type: 'string' },
      'max-ws-message': { type: 'string' },
      'max-send-queue': { type: 'string' },
      'trusted-proxy': { type: 'string' },
      'max-requests-per-second': { type: 'string' },
      'request-burst': { type: 'string' },
      'digest-algorithms': { type: 'string' },
      'sip-tls-port': { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.usage.join('\n'));
      return 0;
    }
    const port = portOption('port', values.port!);
    const sipPort = values['sip-port'] === 'off' ? null : portOption('sip-port', values['sip-port']!);
    const level = values['log-level']!;
    if (!isLogLevel(level)) throw new UsageError(`--log-level ${level} is not a pino level`);
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new UsageError('--tls-cert and --tls-key go together');
    const sipTlsPort = values['sip-tls-port'] === undefined ? undefined : portOption('sip-tls-port', values['sip-tls-port'] as string);
    if (sipTlsPort !== undefined && !values['tls-cert']) throw new UsageError('--sip-tls-port needs --tls-cert and --tls-key');
    const limits = limitOptions(values);
    const domain = values.domain!;
    const db = values.db!;
    if (values.demo) seedDemoUsers(db, domain, io.out);
    if (!existsSync(values['web-root']!)) io.err(`note: ${values['web-root']} does not exist; run \`npm run build\` for the web app`);
    const server = await startServer({
      host: values.host!,
      port,
      webRoot: values['web-root']!,
      domain,
      db,
      sipPort,
      ...(values['tls-cert'] ? { tls: { cert: values['tls-cert'], key: values['tls-key']! } } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      log: createLogger(level),
      limits,
      trustedProxies: trustedProxyOption(values['trusted-proxy']),
      ...(typeof values['digest-algorithms'] === 'string' ? { digestAlgorithms: digestAlgorithmsOption(values['digest-algorithms']) } : {}),
      ...(sipTlsPort !== undefined ? { sipTlsPort } : {}),
    });
    io.out(`SealPhone is running: open ${server.url} (SIP domain ${domain}; WebSocket ${server.url.replace(/^http/, 'ws')}sip${sipPort === null ? '' : `; SIP TCP/UDP port ${server.sip?.tcp?.port}`})`);
    await new Promise<void>((done) => {
      const stop = () => {
        void server.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

/** `--digest-algorithms MD5,SHA-256`: the names, in challenge order. */
function digestAlgorithmsOption(value: string): DigestAlgorithm[] {
  try {
    return parseDigestAlgorithms(value);
  } catch (error) {
    throw new UsageError(`--digest-algorithms ${value}: ${(error as Error).message}`);
  }
}

/** `--trusted-proxy 10.0.0.5,10.0.0.6`: IP addresses only (a host name could be made to resolve elsewhere). */
function trustedProxyOption(value: string | boolean | undefined): string[] {
  if (typeof value !== 'string') return [];
  const addresses = value.split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  for (const address of addresses) if (isIP(address) === 0) throw new UsageError(`--trusted-proxy ${address} is not an IP address`);
  return addresses;
}

/** The transport limits given on the command line (seconds for times, bytes for sizes); the rest keep their defaults. */
function limitOptions(values: Record<string, string | boolean | undefined>): Partial<TransportLimits> {
  const limits: Partial<TransportLimits> = {};
  const number = (name: string, scale: number): number | undefined => {
    const text = values[name];
    if (typeof text !== 'string') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} ${text} is not a positive number`);
    return n * scale;
  };
  const set = <K extends keyof TransportLimits>(key: K, value: TransportLimits[K] | undefined) => {
    if (value !== undefined) limits[key] = value;
  };
  set('maxConnectionsPerAddress', number('max-connections-per-address', 1));
  set('webSocketIdleTimeoutMs', number('ws-idle-timeout', 1000));
  set('tcpIdleTimeoutMs', number('tcp-idle-timeout', 1000));
  set('messageTimeoutMs', number('message-timeout', 1000));
  set('maxWebSocketMessageBytes', number('max-ws-message', 1));
  set('maxSendQueueBytes', number('max-send-queue', 1));
  set('maxRequestsPerSecond', number('max-requests-per-second', 1));
  set('requestBurst', number('request-burst', 1));
  if (values['cap-loopback'] === true) limits.capLoopback = true;
  return limits;
}

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${name} ${value} is not a port number`);
  return port;
}

function seedDemoUsers(db: string, domain: string, out: (line: string) => void): void {
  const store = openStore(db);
  try {
    if (store.listUsers().length > 0) return;
    for (const [username, password] of DEMO_USERS) store.addUser(username, domain, password);
    out(`created demo users ${DEMO_USERS.map(([u]) => `${u}@${domain}`).join(', ')} in ${db} (passwords in the README)`);
  } finally {
    store.close();
  }
}
