/**
 * The composition root of the SIP side: store, authentication service, stack, registrar, credential service and
 * proxy, on the transports (WebSocket on the HTTP server; TCP and UDP on the SIP port).
 */
import { KeyObject } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { isIP } from 'node:net';
import { identityResponseFor } from '../src/core/identity/index.ts';
import { parseNameAddr, parseUri, type SipRequest } from '../src/core/sip/index.ts';
import { authServiceSigner, CredentialService, needsAuthentication } from './credentials/index.ts';
import type { Logger } from './log.ts';
import { SigningPool, signRequestIdentity, type AuthService } from './identity/index.ts';
import { DigestAuthenticator, type DigestAlgorithm } from './sip/auth/index.ts';
import { AuthenticatedDialogs } from './sip/auth/authenticated-dialogs.ts';
import { OwnConnections } from './sip/auth/own-connections.ts';
import { TrustedProxies } from './sip/auth/trusted-proxies.ts';
import { OwnAddresses } from './sip/proxy/own-addresses.ts';
import { FlowWait } from './sip/proxy/flow-wait.ts';
import { Proxy } from './sip/proxy/proxy.ts';
import { LocationService, Registrar } from './sip/registrar/index.ts';
import type { RequestHandler } from './sip/request-context.ts';
import { identityFieldsOf } from './sip/identity-fields.ts';
import { OptionsHandler } from './sip/options-handler.ts';
import { RequestRefusal, SipStack } from './sip/sip-stack.ts';
import type { SipConnection } from './sip/transport/connection.ts';
import { startTcpTransport, type TcpTransport, type TlsCredentials } from './sip/transport/tcp-transport.ts';
import { startUdpTransport, type UdpTransport } from './sip/transport/udp-transport.ts';
import { AddressCap } from './sip/transport/address-cap.ts';
import { RequestRateLimit } from './sip/transport/request-rate.ts';
import { transportLimits, type TransportLimits } from './sip/transport/limits.ts';
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
  /** SIP over TLS (RFC 3261 section 26.2.1) on this port with the HTTPS certificate; 0 picks a free port; default none. */
  sipTls?: { port: number } & TlsCredentials;
  log: Logger;
  crypto?: Crypto;
  /** Worker threads that make the Identity signatures; default one per core, 0 signs in the event loop thread. */
  signingThreads?: number;
  /** Bounds on what one peer may hold (sip/transport/limits.ts, docs/server-limits.md); unset ones have their default. */
  limits?: Partial<TransportLimits>;
  /** Addresses of proxies whose P-Asserted-Identity we believe (RFC 3325; sip/auth/trusted-proxies.ts). Default none. */
  trustedProxies?: readonly string[];
  /** Digest algorithms offered, in challenge order (`--digest-algorithms`); default SHA-256 then MD5 (RFC 8760). */
  digestAlgorithms?: readonly DigestAlgorithm[];
}

/** What the connection-oriented transports hold now (tests, logs). */
export interface TransportStats {
  webSockets: number;
  tcpConnections: number;
  /** Bytes queued to WebSocket and TCP peers and not yet written. */
  queuedBytes: number;
}

export interface RunningSipServer {
  stack: SipStack;
  credentials: CredentialService;
  /** The authentication service's signing threads (RFC 4474 Identity of every NOTIFY and forwarded request). */
  signing: SigningPool;
  location: LocationService;
  tcp: TcpTransport | null;
  udp: UdpTransport | null;
  /** SIP over TLS, when `sipTls` was given. */
  tls: TcpTransport | null;
  transportStats(): TransportStats;
  close(): Promise<void>;
}

export async function startSipServer(options: SipServerOptions): Promise<RunningSipServer> {
  const crypto = options.crypto ?? globalThis.crypto;
  const log = options.log;
  const limits = transportLimits(options.limits);
  const trusted = new TrustedProxies({
    addresses: options.trustedProxies ?? [],
    domain: options.domain,
    userExists: (username, domain) => options.store.getUser(username, domain) !== undefined,
  });
  const requestRate = new RequestRateLimit({ ...limits, exempt: (connection) => trusted.isTrusted(connection), log: log.child({ component: 'rate' }) });
  const stack = new SipStack({ domain: options.domain, crypto, log: log.child({ component: 'sip' }), requestRate });
  const location = new LocationService({ log: log.child({ component: 'location' }) });
  const authenticator = new DigestAuthenticator({
    realm: options.domain,
    directory: options.store,
    failureLimits: { sharedAddresses: trusted.addresses },
    ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
    log: log.child({ component: 'auth' }),
  });
  const ownConnections = new OwnConnections();
  const registrar = new Registrar({ domain: options.domain, authenticator, location, ownConnections });
  stack.addResolver((uri) => location.connectionForContact(uri));
  // A contact a registration holds is reached through it alone (issue 15 defect 2).
  stack.claimedContact = (uri) => {
    try {
      return location.ownerOfContact(parseUri(uri)) !== null;
    } catch {
      return false;
    }
  };

  let udp: UdpTransport | null = null;
  let tcp: TcpTransport | null = null;
  let tls: TcpTransport | null = null;
  const outbound = (uri: string): SipConnection | null => {
    try {
      const parsed = parseUri(uri);
      if (parsed.kind !== 'sip' || isIP(parsed.host.replace(/^\[|\]$/g, '')) === 0) return null;
      const host = parsed.host.replace(/^\[|\]$/g, '');
      const port = parsed.port ?? 5060;
      if (parsed.params.get('transport')?.toLowerCase() === 'tcp') return tcp?.existing(host, port) ?? null;
      if (parsed.params.get('transport')?.toLowerCase() === 'tls' || parsed.scheme === 'sips') return tls?.existing(host, parsed.port ?? 5061) ?? null;
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
  /** A request whose Date is stale or unreadable, or whose Call-ID has a `|`, is the client's fault: 403 or 400. */
  const signIdentity = async (request: SipRequest): Promise<void> => {
    let signed: Awaited<ReturnType<typeof signRequestIdentity>>;
    try {
      signed = await signRequestIdentity(signing, identityFieldsOf(request), options.identityInfoUrl, crypto);
    } catch (error) {
      const refusal = identityResponseFor(error);
      if (refusal.status === 500) throw error;
      throw new RequestRefusal(refusal.status, refusal.reason, { cause: error });
    }
    if (signed.dateAdded) request.headers.set('Date', signed.date);
    request.headers.set('Identity', signed.identity);
    request.headers.set('Identity-Info', signed.identityInfo);
  };

  // The ports are known once the transports listen; the HTTP server (WebSocket) listens already.
  const own = new OwnAddresses({
    host: options.host,
    names: [options.domain, new URL(options.identityInfoUrl).hostname],
    ports: () => {
      const http = options.http.address();
      return [typeof http === 'object' && http ? http.port : -1, tcp?.port ?? -1, udp?.port ?? -1, tls?.port ?? -1];
    },
  });
  const dialogs = new AuthenticatedDialogs();
  const proxy = new Proxy({
    own,
    dialogEstablished: (incoming, response) => {
      if (incoming.user) dialogs.established(incoming.request, response, incoming.user, incoming.connection);
    },
    stack,
    log: log.child({ component: 'proxy' }),
    lookup: (aor) => location.lookup(aor).map((b) => ({ uri: b.uri, connection: b.connection, path: b.path })),
    userExists: (username, domain) => options.store.getUser(username, domain) !== undefined,
    challenge: (incoming) => void authenticator.challenge(incoming, { proxy: true }),
    signIdentity,
    outbound,
    // After a restart the phones of a call register again a second or two apart: an in-dialog request for one that
    // is not back yet waits for it (issue 17).
    flowWait: new FlowWait({ connectionFor: (uri) => stack.connectionFor(uri), onRegistrationChange: (listener) => location.on('changed', listener) }),
  });

  const credentials = new CredentialService({
    services: stack,
    repository: options.store,
    signer: authServiceSigner(signing, options.identityInfoUrl, crypto),
    crypto,
    logger: log.child({ component: 'credentials' }),
    sharedOrigin: (connection) => trusted.isTrusted(connection),
  });
  /**
   * The credential package is for its authenticated owner only (RFC 6072 section 7): challenge as its UAS. A new
   * credential subscription must prove the password in its own request (or come asserted by a trusted proxy): its
   * connection's earlier REGISTER does not do. When the credential changes the service ends every credential
   * subscription, and this is what forces their devices to re-authenticate (seed 002 section 6), so a device that got
   * in with a password since changed gets no new key blob.
   */
  const challengeCredentialRequests: RequestHandler = {
    handle(incoming) {
      if (!needsAuthentication(incoming.request)) return false;
      const { request } = incoming;
      const newSubscription = request.method === 'SUBSCRIBE' && !hasToTag(request);
      const proven = newSubscription ? authenticator.authenticate(incoming, { proxy: false }).ok || trusted.assertedUser(incoming) !== null : incoming.user !== null;
      if (proven) return false;
      authenticator.challenge(incoming, { proxy: false });
      return true;
    },
  };

  stack.use([trusted.stripUntrusted, registrar, new OptionsHandler(options.domain), challengeCredentialRequests, credentials, proxy], {
    authenticate: (incoming) => {
      const { headers } = incoming.request;
      for (const proxy of [true, false]) {
        if (!headers.has(proxy ? 'Proxy-Authorization' : 'Authorization')) continue;
        const result = authenticator.authenticate(incoming, { proxy });
        if (result.ok) return result.user;
      }
      return trusted.assertedUser(incoming) ?? ownConnections.userOf(incoming.connection, incoming.request) ?? dialogs.userOf(incoming.request, incoming.connection);
    },
    cancelled: (invite) => proxy.cancelled(invite),
    statelessAck: (request) => proxy.statelessAck(request),
    stray2xx: () => {},
    connectionClosed: (connection) => {
      location.dropConnection(connection.id);
      ownConnections.closed(connection.id);
      credentials.connectionClosed(connection);
    },
  });

  const cap = new AddressCap(limits);
  const ws = attachWebSocketTransport(options.http, options.secure, stack, limits, cap);
  if (options.sipPort !== null) {
    try {
      // TCP first, so that with port 0 UDP takes the same port number.
      tcp = await startTcpTransport(options.host, options.sipPort, stack, limits, cap);
      udp = await startUdpTransport(options.host, tcp.port, stack);
    } catch (error) {
      ws.close();
      credentials.close();
      location.close();
      await Promise.all([tcp?.close(), signing.close()]);
      throw error;
    }
  }
  if (options.sipTls) {
    try {
      tls = await startTcpTransport(options.host, options.sipTls.port, stack, limits, cap, options.sipTls);
    } catch (error) {
      ws.close();
      credentials.close();
      location.close();
      await Promise.all([udp?.close(), tcp?.close(), signing.close()]);
      throw error;
    }
  }
  return {
    stack,
    location,
    credentials,
    signing,
    tcp,
    udp,
    tls,
    transportStats: () => ({
      webSockets: ws.connections,
      tcpConnections: (tcp?.connections ?? 0) + (tls?.connections ?? 0),
      queuedBytes: ws.queuedBytes() + (tcp?.queuedBytes() ?? 0) + (tls?.queuedBytes() ?? 0),
    }),
    async close() {
      ws.close();
      credentials.close();
      location.close();
      await Promise.all([udp?.close(), tcp?.close(), tls?.close(), signing.close()]);
    },
  };
}

/** Whether the request is inside a dialog (a To tag, rfc3261#section-12.2); an unreadable To counts as none. */
function hasToTag(request: SipRequest): boolean {
  try {
    return parseNameAddr(request.headers.get('To') ?? '').params.has('tag');
  } catch {
    return false;
  }
}
