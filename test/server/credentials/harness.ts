/**
 * Fakes for the credential service: SIP services that record and answer the requests the service sends, an identity
 * signer that marks what it signed, an in-memory credential repository, and incoming requests parsed from SIP text.
 */
import { concatBytes, utf8 } from '../../../src/core/bytes.ts';
import { buildMimeBody, leafEntity, multipartEntity, parseMimeBody, type MimeEntity, type TransferEncoding } from '../../../src/core/mime/index.ts';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import {
  createResponse,
  parseNameAddr,
  parseSipMessage,
  parseSubscriptionState,
  type SipRequest,
  type SipResponse,
  type SubscriptionState,
} from '../../../src/core/sip/index.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { CredentialService, type CredentialServiceOptions } from '../../../server/credentials/index.ts';
import type { CredentialInput, CredentialRemoval, CredentialRepository, StoredCredential } from '../../../server/credentials/index.ts';
import type { AuthenticatedUser, IncomingRequest, ResponseInit, SipServices } from '../../../server/sip/request-context.ts';
import type { SipConnection, TransportName } from '../../../server/sip/transport/connection.ts';
import { canonicalAor } from '../../../server/store/aor-key.ts';

export const DOMAIN = 'sealphone.test';
export const ALICE = `sip:alice@${DOMAIN}`;
export const BOB = `sip:bob@${DOMAIN}`;
export const CAROL = `sip:carol@${DOMAIN}`;

export function userOf(aor: string): AuthenticatedUser {
  const [, username, domain] = /^sip:([^@]+)@(.+)$/.exec(aor)!;
  return { username: username!, domain: domain!, aor };
}

let connections = 0;

export function fakeConnection(kind: { transport?: TransportName; secure?: boolean; loopback?: boolean; address?: string } = {}): SipConnection {
  const id = `fake:${++connections}`;
  const loopback = kind.loopback ?? false;
  return {
    id,
    transport: kind.transport ?? (kind.secure ? 'WSS' : 'WS'),
    remoteAddress: kind.address ?? (loopback ? '127.0.0.1' : '203.0.113.7'),
    remotePort: 40000 + connections,
    localAddress: '192.0.2.1',
    localPort: 5060,
    secure: kind.secure ?? false,
    loopback,
    open: true,
    send() {},
    close() {},
  };
}

/** TLS (wss) from another machine, plain ws from another machine, plain ws from this machine. */
export const tls = (): SipConnection => fakeConnection({ secure: true });
export const plain = (): SipConnection => fakeConnection({});
export const loopback = (): SipConnection => fakeConnection({ loopback: true });

export interface SentRequest {
  request: SipRequest;
  connection: SipConnection;
  /** When the request was handed to sendRequest, and when its answer resolved (a counter, not a clock). */
  sentAt: number;
  answeredAt?: number;
}

let ticks = 0;

/** SipServices that record every request and answer 200, or what `answer` says. */
export class FakeServices implements SipServices {
  readonly domain = DOMAIN;
  readonly sent: SentRequest[] = [];
  readonly routes = new Map<string, SipConnection>();
  answer: (request: SipRequest) => number | Promise<number> = () => 200;

  recordRouteUri(connection: SipConnection): string {
    return `sip:${connection.localAddress}:${connection.localPort};transport=${connection.transport.toLowerCase()};lr`;
  }

  connectionFor(uri: string): SipConnection | null {
    return this.routes.get(uri) ?? null;
  }

  async sendRequest(request: SipRequest, connection: SipConnection): Promise<SipResponse> {
    const record: SentRequest = { request, connection, sentAt: ++ticks };
    this.sent.push(record);
    const status = await this.answer(request);
    record.answeredAt = ++ticks;
    return createResponse(request, status);
  }

  /** The NOTIFYs sent so far, optionally only those of one dialog (by Call-ID). */
  notifies(callId?: string): SipRequest[] {
    return this.sent.map((s) => s.request).filter((r) => r.method === 'NOTIFY' && (callId === undefined || r.headers.get('Call-ID') === callId));
  }

  clear(): void {
    this.sent.length = 0;
  }
}

/** Marks each request it signs; can be made to fail. */
export class FakeSigner {
  signed = 0;
  fail = false;
  async sign(request: SipRequest): Promise<void> {
    await Promise.resolve();
    if (this.fail) throw new Error('signing failed');
    request.headers.set('Identity', '"ZmFrZQ=="');
    request.headers.set('X-Test-Signed', String(++this.signed));
  }
}

/** The store's contract, in memory: versions per AOR, expiry filtering, entity tags as given. */
export class MemoryRepository implements CredentialRepository {
  readonly rows = new Map<string, StoredCredential>();
  private readonly versions = new Map<string, number>();
  writes = 0;

  constructor(
    private readonly clock: () => number = Date.now,
    /** Shared with the FakeIncomings of a harness: shows whether a write came before the answer. */
    readonly log: string[] = [],
  ) {}

  getCredential(aor: string, now = this.clock()): StoredCredential | undefined {
    let key: string;
    try {
      key = canonicalAor(aor);
    } catch {
      return undefined;
    }
    const row = this.rows.get(key);
    return row !== undefined && row.expiresAt > now ? { ...row } : undefined;
  }

  putCredential(credential: CredentialInput): StoredCredential {
    const aor = canonicalAor(credential.aor);
    const stored: StoredCredential = { ...credential, aor, updatedAt: this.clock(), version: this.nextVersion(aor) };
    this.rows.set(aor, stored);
    this.writes++;
    this.log.push(`put ${aor}`);
    return { ...stored };
  }

  removeCredential(aor: string): CredentialRemoval | undefined {
    const key = canonicalAor(aor);
    if (!this.rows.delete(key)) return undefined;
    this.writes++;
    this.log.push(`remove ${key}`);
    return { aor: key, version: this.nextVersion(key) };
  }

  expireCredentials(now = this.clock()): string[] {
    const gone = [...this.rows.values()].filter((row) => row.expiresAt <= now).map((row) => row.aor);
    for (const aor of gone) this.removeCredential(aor);
    return gone;
  }

  nextCredentialExpiry(): number | undefined {
    const times = [...this.rows.values()].map((row) => row.expiresAt);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private nextVersion(aor: string): number {
    const version = (this.versions.get(aor) ?? 0) + 1;
    this.versions.set(aor, version);
    return version;
  }
}

/** An IncomingRequest over a parsed request, recording the responses as the stack would send them. */
export class FakeIncoming implements IncomingRequest {
  readonly responses: SipResponse[] = [];
  constructor(
    readonly request: SipRequest,
    readonly connection: SipConnection,
    readonly user: AuthenticatedUser | null,
    private readonly log: string[] = [],
  ) {}

  get answered(): boolean {
    return this.responses.some((r) => r.status >= 200);
  }

  respond(status: number, init: ResponseInit = {}): SipResponse {
    if (this.answered) throw new Error(`a second final response (${status}) to ${this.request.method}`);
    const headers: (readonly [string, string])[] = [...(init.headers ?? [])];
    if (init.contentType !== undefined) headers.push(['Content-Type', init.contentType]);
    const response = createResponse(this.request, status, init.reason, { toTag: init.toTag ?? 'stacktag', headers, body: init.body ?? new Uint8Array(0) });
    this.responses.push(response);
    this.log.push(`${status} ${this.request.method}`);
    return response;
  }

  /** The final response; throws when there is none. */
  get final(): SipResponse {
    const response = this.responses.find((r) => r.status >= 200);
    if (response === undefined) throw new Error(`${this.request.method} was not answered`);
    return response;
  }
}

export function parseRequest(head: string[], body: Uint8Array = new Uint8Array(0)): SipRequest {
  const text = [...head, `Content-Length: ${body.length}`, '', ''].join('\r\n');
  const message = parseSipMessage(concatBytes(utf8(text), body));
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

let counter = 0;
const unique = (): string => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export interface SubscribeInit {
  /** The subscribed AOR (Request-URI and To). */
  aor: string;
  /** Event header value; null for none. Default certificate. */
  event?: string | null;
  expires?: number;
  /** The subscriber's AOR (From). */
  from?: string;
  fromTag?: string;
  callId?: string;
  cseq?: number;
  /** For in-dialog requests: our tag from the 200. */
  toTag?: string;
  /** Request-URI; default the AOR (or, in dialog, our Contact). */
  uri?: string;
  /** Contact URI; null for none. */
  contact?: string | null;
  accept?: string;
  recordRoute?: string[];
  extra?: string[];
}

export function subscribeRequest(init: SubscribeInit): SipRequest {
  const from = init.from ?? BOB;
  const head = [
    `SUBSCRIBE ${init.uri ?? init.aor} SIP/2.0`,
    `Via: SIP/2.0/WSS client.invalid;branch=z9hG4bK${unique()}`,
    'Max-Forwards: 70',
    `From: <${from}>;tag=${init.fromTag ?? 'subtag'}`,
    `To: <${init.aor}>${init.toTag === undefined ? '' : `;tag=${init.toTag}`}`,
    `Call-ID: ${init.callId ?? unique()}`,
    `CSeq: ${init.cseq ?? 1} SUBSCRIBE`,
  ];
  if (init.contact !== null) head.push(`Contact: <${init.contact ?? 'sip:device@client.invalid;transport=ws'}>`);
  if (init.event !== null) head.push(`Event: ${init.event ?? 'certificate'}`);
  if (init.expires !== undefined) head.push(`Expires: ${init.expires}`);
  if (init.accept !== undefined) head.push(`Accept: ${init.accept}`);
  for (const rr of init.recordRoute ?? []) head.push(`Record-Route: ${rr}`);
  head.push(...(init.extra ?? []));
  return parseRequest(head);
}

export interface PublishInit {
  aor: string;
  event?: string;
  expires?: number;
  ifMatch?: string;
  contentType?: string;
  transferEncoding?: string;
  body?: Uint8Array;
  uri?: string;
}

export function publishRequest(init: PublishInit): SipRequest {
  const head = [
    `PUBLISH ${init.uri ?? init.aor} SIP/2.0`,
    `Via: SIP/2.0/WSS client.invalid;branch=z9hG4bK${unique()}`,
    'Max-Forwards: 70',
    `From: <${init.aor}>;tag=pubtag`,
    `To: <${init.aor}>`,
    `Call-ID: ${unique()}`,
    'CSeq: 1 PUBLISH',
    `Event: ${init.event ?? 'credential'}`,
  ];
  if (init.expires !== undefined) head.push(`Expires: ${init.expires}`);
  if (init.ifMatch !== undefined) head.push(`SIP-If-Match: ${init.ifMatch}`);
  if (init.contentType !== undefined) head.push(`Content-Type: ${init.contentType}`);
  if (init.transferEncoding !== undefined) head.push(`Content-Transfer-Encoding: ${init.transferEncoding}`);
  return parseRequest(head, init.body);
}

export interface Credential {
  aor: string;
  certificate: Uint8Array;
  encryptedKey: Uint8Array;
  privateKeyInfo: Uint8Array;
}

/** A fresh P-256 credential for `aor` (few PBKDF2 iterations: the server never opens it). */
export async function makeCredential(aor: string, options: { validityDays?: number; now?: () => Date } = {}): Promise<Credential> {
  const made = await createSelfSignedCertificate({ aor, ...(options.validityDays === undefined ? {} : { validityDays: options.validityDays }) }, crypto, options.now);
  const encryptedKey = await encryptPrivateKeyInfo(made.privateKeyInfo, 'passphrase', crypto, { iterations: 1000 });
  return { aor, certificate: made.certificateDer, encryptedKey, privateKeyInfo: made.privateKeyInfo };
}

/**
 * A PUBLISH body: multipart/mixed of certificate and key, each with `cte`; or the certificate alone. The bytes are
 * encoded as `cte` says; 'none' sends them raw without the header.
 */
export function credentialBody(
  certificate: Uint8Array,
  key: Uint8Array | undefined,
  encoding: TransferEncoding | 'none' = 'base64',
): { contentType: string; body: Uint8Array; transferEncoding?: string } {
  const cte = encoding === 'none' ? undefined : encoding;
  if (key === undefined && cte === 'base64') {
    const built = buildMimeBody(leafEntity({ contentType: 'application/pkix-cert', body: certificate, transferEncoding: 'base64' }));
    return { contentType: built.contentType, body: built.body, transferEncoding: 'base64' };
  }
  if (key === undefined) {
    return { contentType: 'application/pkix-cert', body: certificate, ...(cte === undefined ? {} : { transferEncoding: cte }) };
  }
  const part = (type: string, body: Uint8Array): MimeEntity => leafEntity({ contentType: type, body, ...(cte === undefined ? {} : { transferEncoding: cte }) });
  const built = buildMimeBody(multipartEntity('mixed', [part('application/pkix-cert', certificate), part('application/pkcs8', key)]));
  return { contentType: built.contentType, body: built.body };
}

/** The NOTIFY body as MIME (undefined when empty). */
export function notifyEntity(notify: SipRequest): MimeEntity | undefined {
  if (notify.body.length === 0) return undefined;
  const extra: [string, string][] = [];
  for (const name of ['Content-Transfer-Encoding', 'Content-Disposition']) {
    const value = notify.headers.get(name);
    if (value !== undefined) extra.push([name, value]);
  }
  return parseMimeBody(notify.headers.get('Content-Type'), notify.body, extra);
}

export function stateOf(notify: SipRequest): SubscriptionState {
  return parseSubscriptionState(notify.headers.get('Subscription-State') ?? '');
}

export function tagFrom(value: string | undefined): string | undefined {
  const tag = parseNameAddr(value ?? '').params.get('tag');
  return tag ?? undefined;
}

/** A service over fakes, with helpers to send it requests. */
export function setup(options: Partial<CredentialServiceOptions> = {}) {
  const services = new FakeServices();
  const log: string[] = [];
  const repository = new MemoryRepository(options.now ?? Date.now, log);
  const signer = new FakeSigner();
  const service = new CredentialService({ services, repository, signer, ...options });

  async function send(request: SipRequest, connection: SipConnection, user: AuthenticatedUser | null): Promise<FakeIncoming> {
    const incoming = new FakeIncoming(request, connection, user, log);
    const took = await service.handle(incoming);
    if (!took) throw new Error(`the service did not take ${request.method} ${request.uri}`);
    return incoming;
  }

  return {
    /** Repository writes and answers, in order. */
    log,
    services,
    repository,
    signer,
    service,
    send,
    subscribe: (init: SubscribeInit, connection: SipConnection = plain(), user: AuthenticatedUser | null = null) => send(subscribeRequest(init), connection, user),
    publish: (init: PublishInit, connection: SipConnection = tls(), user: AuthenticatedUser | null = userOf(init.aor)) => send(publishRequest(init), connection, user),
    /** An initial PUBLISH of `credential` by its owner over TLS. */
    publishCredential: async (credential: Credential, init: Partial<PublishInit> = {}) => {
      const body = credentialBody(credential.certificate, credential.encryptedKey);
      return send(publishRequest({ aor: credential.aor, ...body, ...init }), tls(), userOf(credential.aor));
    },
  };
}

export type Harness = ReturnType<typeof setup>;
