/**
 * Fakes for request handlers: a SipConnection that records what is sent, an IncomingRequest that records its
 * responses (built with the SIP layer's createResponse, as the stack does), a user directory, and a digest client
 * computed here with node:crypto, independently of server/sip/auth.
 */
import { createHash } from 'node:crypto';
import {
  createResponse,
  parseAuthParams,
  parseSipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../src/core/sip/index.ts';
import type { DigestUser, UserDirectory } from '../../../server/sip/auth/index.ts';
import type { AuthenticatedUser, IncomingRequest, ResponseInit } from '../../../server/sip/request-context.ts';
import type { SipConnection, TransportName } from '../../../server/sip/transport/connection.ts';

export const DOMAIN = 'sealphone.test';
export const PASSWORDS: Readonly<Record<string, string>> = { alice: 'alice-secret', bob: 'bob-secret' };

let nextConnection = 0;

export class FakeConnection implements SipConnection {
  readonly id: string;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 40000 + nextConnection;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 8080;
  readonly secure = false;
  readonly loopback = true;
  open = true;
  readonly sent: Uint8Array[] = [];

  constructor(readonly transport: TransportName = 'WS') {
    this.id = `${transport.toLowerCase()}:fake-${++nextConnection}`;
  }

  send(bytes: Uint8Array): void {
    this.sent.push(bytes);
  }

  close(): void {
    this.open = false;
  }
}

export class FakeIncoming implements IncomingRequest {
  readonly responses: SipResponse[] = [];

  constructor(
    readonly request: SipRequest,
    readonly connection: SipConnection = new FakeConnection(),
    readonly user: AuthenticatedUser | null = null,
  ) {}

  get answered(): boolean {
    return this.responses.some((r) => r.status >= 200);
  }

  /** The one final response; fails the test when there is none or more than one. */
  get response(): SipResponse {
    const finals = this.responses.filter((r) => r.status >= 200);
    if (finals.length !== 1) throw new Error(`expected one final response, got ${finals.length}`);
    return finals[0]!;
  }

  respond(status: number, init: ResponseInit = {}): SipResponse {
    const response = createResponse(this.request, status, init.reason, {
      toTag: init.toTag ?? 'fake-to-tag',
      headers: init.headers ?? [],
      ...(init.body ? { body: init.body } : {}),
    });
    if (init.contentType !== undefined) response.headers.set('Content-Type', init.contentType);
    this.responses.push(response);
    return response;
  }
}

/** A request parsed from lines (CRLF added) with the SIP message layer. */
export function parseRequest(lines: readonly string[], body = ''): SipRequest {
  const text = `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const message = parseSipMessage(new TextEncoder().encode(text));
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function fakeUser(username: string, password: string, domain = DOMAIN): DigestUser {
  return { username, domain, ha1Md5: md5(`${username}:${domain}:${password}`), ha1Sha256: sha256(`${username}:${domain}:${password}`) };
}

export class FakeDirectory implements UserDirectory {
  readonly users = new Map<string, DigestUser>();
  lookups = 0;

  constructor(passwords: Readonly<Record<string, string>> = PASSWORDS, domain = DOMAIN) {
    for (const [username, password] of Object.entries(passwords)) this.users.set(`${username}@${domain}`, fakeUser(username, password, domain));
  }

  getUser(username: string, domain: string): DigestUser | undefined {
    this.lookups++;
    return this.users.get(`${username}@${domain.toLowerCase()}`);
  }
}

export interface ClientAnswer {
  username: string;
  password: string;
  method: string;
  /** digest-uri; the Request-URI unless a test wants otherwise. */
  uri: string;
  /** Which of the challenge lines to answer: its `algorithm`. Default SHA-256. */
  algorithm?: 'SHA-256' | 'MD5';
  nc?: number;
  cnonce?: string;
  /** Overrides for the echoed parameters (forged nonce, other realm, ...). */
  realm?: string;
  nonce?: string;
  opaque?: string | null;
  qop?: string;
}

/**
 * An Authorization value answering one of `challengeLines` as RFC 7616 section 3.4.1 says, computed here:
 * response = H( H(user:realm:password) : nonce : nc : cnonce : qop : H(method:uri) ).
 */
export function answerChallenge(challengeLines: readonly string[], answer: ClientAnswer): string {
  const algorithm = answer.algorithm ?? 'SHA-256';
  const challenge = challengeLines.map((line) => parseAuthParams(line).params).find((p) => (p.get('algorithm') ?? 'MD5').toUpperCase() === algorithm);
  if (!challenge) throw new Error(`no ${algorithm} challenge`);
  const h = algorithm === 'MD5' ? md5 : sha256;
  const realm = answer.realm ?? challenge.get('realm')!;
  const nonce = answer.nonce ?? challenge.get('nonce')!;
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = answer.cnonce ?? '0a4f113b';
  const qop = answer.qop ?? 'auth';
  const ha1 = h(`${answer.username}:${realm}:${answer.password}`);
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${h(`${answer.method}:${answer.uri}`)}`);
  const opaque = answer.opaque === undefined ? challenge.get('opaque') : answer.opaque;
  const params = [
    `username="${answer.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${answer.uri}"`,
    `response="${response}"`,
    `algorithm=${algorithm}`,
    `qop=${qop}`,
    `nc=${nc}`,
    `cnonce="${cnonce}"`,
  ];
  if (opaque !== undefined && opaque !== null) params.push(`opaque="${opaque}"`);
  return `Digest ${params.join(', ')}`;
}
