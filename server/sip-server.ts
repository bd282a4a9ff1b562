/**
 * The composition root of the SIP side: store, authentication service, stack, registrar, credential service and
 * proxy, on the transports (WebSocket on the HTTP server; TCP and UDP on the SIP port).
 */
import { KeyObject } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isIP } from 'node:net';
import { parseUri, type SipRequest } from '../src/core/sip/index.ts';
import { authServiceSigner, CredentialService, needsAuthentication } from './credentials/index.ts';
import type { Logger } from './log.ts';
import { SigningPool, signRequestIdentity, type AuthService } from './identity/index.ts';
import { DigestAuthenticator } from './sip/auth/index.ts';
import { Proxy } from './sip/proxy/proxy.ts';
import { LocationService, Registrar } from './sip/registrar/index.ts';
import type { RequestHandler } from './sip/request-context.ts';
import { identityFieldsOf } from './sip/identity-fields.ts';
import { OptionsHandler } from './sip/options-handler.ts';
import { SipStack } from './sip/sip-stack.ts';
import type { SipConnection } from './sip/transport/connection.ts';
import { startTcpTransport, type TcpTransport } from './sip/transport/tcp-transport.ts';
import { startUdpTransport, type UdpTransport } from './sip/transport/udp-transport.ts';
import { attachWebSocketTransport } from './sip/transport/websocket-transport.ts';
import type { Store } from './store/index.ts';

export interface SipServerOptions {
  domain: string;
  store: Store;
  authService: AuthService;
  /** The URL of the authentication service's certificate (RFC 4474 Identity-Info). */
  identityInfoUrl: string;
  http: HttpServer | HttpsServer;
  secure: boolean;
  host: string;
  /** TCP and UDP; 0 picks free ports, null turns them off. */
  sipPort: number | null;
  log: Logger;
  crypto?: Crypto;
  /** Worker threads that make the Identity signatures; default one per core, 0 signs in the event loop thread. */
  signingThreads?: number;
}

export interface RunningSipServer {
  stack: SipStack;
  credentials: CredentialService;
  /** The authentication service's signing threads (RFC 4474 Identity of every NOTIFY and forwarded request). */
  signing: SigningPool;
  location: LocationService;
  tcp: TcpTransport | null;
  udp: UdpTransport | null;
  close(): Promise<void>;
}

export async function startSipServer(options: SipServerOptions): Promise<RunningSipServer> {
  const crypto = options.crypto ?? globalThis.crypto;
  const log = options.log;
  const stack = new SipStack({ domain: options.domain, crypto, log: log.child({ component: 'sip' }) });
  const location = new LocationService({ log: log.child({ component: 'location' }) });
  const authenticator = new DigestAuthenticator({ realm: options.domain, directory: options.store });
  const registrar = new Registrar({ domain: options.domain, authenticator, location });
  stack.addResolver((uri) => location.connectionForContact(uri));

  let udp: UdpTransport | null = null;
  let tcp: TcpTransport | null = null;
  const outbound = (uri: string): SipConnection | null => {
    try {
      const parsed = parseUri(uri);
      if (parsed.kind !== 'sip' || isIP(parsed.host.replace(/^\[|\]$/g, '')) === 0) return null;
      const host = parsed.host.replace(/^\[|\]$/g, '');
      const port = parsed.port ?? 5060;
      if (parsed.params.get('transport')?.toLowerCase() === 'tcp') return tcp?.existing(host, port) ?? null;
      return udp?.peer(host, port) ?? null;
    } catch {
      return null;
    }
  };

  const signing = new SigningPool({
    key: KeyObject.from(options.authService.privateKey),
    threads: options.signingThreads,
    log: log.child({ component: 'signing' }),
  });
  const signIdentity = async (request: SipRequest): Promise<void> => {
    const signed = await signRequestIdentity(signing, identityFieldsOf(request), options.identityInfoUrl, crypto);
    if (signed.dateAdded) request.headers.set('Date', signed.date);
    request.headers.set('Identity', signed.identity);
    request.headers.set('Identity-Info', signed.identityInfo);
  };

  const proxy = new Proxy({
    stack,
    log: log.child({ component: 'proxy' }),
    lookup: (aor) => location.lookup(aor).map((b) => ({ uri: b.uri, connection: b.connection, path: b.path })),
    userExists: (username, domain) => options.store.getUser(username, domain) !== undefined,
    challenge: (incoming) => void authenticator.challenge(incoming, { proxy: true }),
    signIdentity,
    outbound,
  });

  const credentials = new CredentialService({
    services: stack,
    repository: options.store,
    signer: authServiceSigner(signing, options.identityInfoUrl, crypto),
    crypto,
    logger: log.child({ component: 'credentials' }),
  });
  /** The credential package is for its authenticated owner only (RFC 6072 section 7): challenge as its UAS. */
  const challengeCredentialRequests: RequestHandler = {
    handle(incoming) {
      if (!needsAuthentication(incoming.request) || incoming.user) return false;
      authenticator.challenge(incoming, { proxy: false });
      return true;
    },
  };

  stack.use([registrar, new OptionsHandler(options.domain), challengeCredentialRequests, credentials, proxy], {
    authenticate: (incoming) => {
      const { headers } = incoming.request;
      for (const proxy of [true, false]) {
        if (!headers.has(proxy ? 'Proxy-Authorization' : 'Authorization')) continue;
        const result = authenticator.authenticate(incoming, { proxy });
        if (result.ok) return result.user;
      }
      return location.authenticatedUserOf(incoming.connection);
    },
    cancelled: (invite) => proxy.cancelled(invite),
    statelessAck: (request) => proxy.statelessAck(request),
    stray2xx: () => {},
    connectionClosed: (connection) => location.dropConnection(connection.id),
  });

  const ws = attachWebSocketTransport(options.http, options.secure, stack);
  if (options.sipPort !== null) {
    // TCP first, so that with port 0 UDP takes the same port number.
    tcp = await startTcpTransport(options.host, options.sipPort, stack);
    udp = await startUdpTransport(options.host, tcp.port, stack);
  }
  return {
    stack,
    location,
    credentials,
    signing,
    tcp,
    udp,
    async close() {
      ws.close();
      credentials.close();
      location.close();
      await Promise.all([udp?.close(), tcp?.close(), signing.close()]);
    },
  };
}
