/**
 * Phones for the secure layer tests: a SecureLayer with its own SecurityContext over the REAL crypto core
 * (src/core/secure-body, keys and certificates made by openssl in test/core/secure-body/parties.ts), recording what
 * it sends out of band, the protections it reports and what it logs; plus SIP texts as JsSIP writes them (CRLF,
 * Content-Length in bytes) and the readings the tests assert on. Verdicts are recorded in words
 * (src/ui/protection-words.ts), as the screen shows them.
 */
import type { Signer } from '../../src/core/cms/sign-then-encrypt.ts';
import { contentDisposition, contentType, parseMimeBody, type MimeEntity } from '../../src/core/mime/index.ts';
import * as core from '../../src/core/secure-body/index.ts';
import type { SipMessage } from '../../src/core/sip/index.ts';
import { SecureLayer } from '../../src/sip/secure-layer.ts';
import type { Protection as SipProtection, SecureBodyCodec, SecurityContext } from '../../src/sip/sip-client.ts';
import { clearReasonWords } from '../../src/ui/protection-words.ts';
import { decodeProtection, PLAN_HEADER, PROTECTION_HEADER, takeSdpNote } from '../../src/sip/protection-note.ts';
import { planProtection } from '../../src/sip/security-policy.ts';
import { fixContentLength } from '../../src/sip/sip-frame.ts';
import type { SipLogger } from '../../src/sip/sip-logger.ts';
import { bodyText, parseSipText, sipText } from '../../src/sip/sip-text.ts';

/** A verdict as the screen words it: the reason in English (src/ui/protection-words.ts). */
export type Protection = { encrypted: true; verifiedPeer: string } | { encrypted: false; reason: string };

function inWords(protection: SipProtection): Protection {
  return protection.encrypted ? protection : { encrypted: false, reason: clearReasonWords(protection) };
}

/**
 * The secure layer as the call set and message sender use it (src/sip/call-set.ts, message-sender.ts): an initial
 * INVITE or a MESSAGE going out gets the policy's plan (security-policy.ts), a clear plan's reason is recorded as the
 * call record would show it; what comes up has its verdict read and removed (protection-note.ts), as JsSIP's
 * listeners do, and recorded.
 */
export interface PhoneLayer {
  /** What goes on the wire; '' when the layer sends nothing (only encrypted wanted, and it could not be). */
  outbound(text: string): string | Promise<string>;
  inbound(text: string): Promise<string | null>;
  prepareMessage(peer: string, text?: string): void;
  use(context: SecurityContext | null): void;
  endDialog(callId: string): void;
  /** The last verdict recorded for `callId` (as the call or message holds it). */
  protectionOf(callId: string): SipProtection | undefined;
  readonly context: SecurityContext | null;
  /** The real layer. */
  readonly real: SecureLayer;
}

export interface Phone {
  aor: string;
  layer: PhoneLayer;
  context: SecurityContext;
  /** What the layer sent itself (488, 493, 415), in order. */
  outOfBand: string[];
  /** Every onProtection call, in order. */
  protections: { callId: string; protection: Protection }[];
  logs: { level: keyof SipLogger; message: string }[];
  /** How often the crypto core was loaded. */
  codecLoads: number;
  /** The AORs whose certificate the layer asked for (peerCertificate). */
  fetched: string[];
  /** Changeable during a test: the device key, the verified certificates by AOR, the encrypted-only setting. */
  key: Signer | null;
  certificates: Map<string, Uint8Array>;
  secureOnly: boolean;
  /** The last protection reported for `callId`. */
  lastProtection(callId: string): Protection | undefined;
}

export interface PhoneOptions {
  key: Signer | null;
  /** Verified certificates by AOR, as the app's certificate cache holds them (RFC 6072 section 10.3). */
  certificates?: Record<string, Uint8Array>;
  secureOnly?: boolean;
  /** Replaces the crypto core (to make it fail). */
  codec?: () => Promise<SecureBodyCodec>;
  /** The WebCrypto the layer is given; default the platform's. */
  crypto?: Crypto;
  /** The layer's clock (ms); default Date.now. */
  now?: () => number;
}

export function makePhone(aor: string, options: PhoneOptions): Phone {
  const phone = {
    aor,
    outOfBand: [] as string[],
    protections: [] as { callId: string; protection: Protection }[],
    logs: [] as { level: keyof SipLogger; message: string }[],
    codecLoads: 0,
    fetched: [] as string[],
    key: options.key,
    certificates: new Map(Object.entries(options.certificates ?? {})),
    secureOnly: options.secureOnly ?? false,
    lastProtection(callId: string): Protection | undefined {
      return phone.protections.filter((p) => p.callId === callId).at(-1)?.protection;
    },
  } as Phone;
  const record =
    (level: keyof SipLogger) =>
    (message: string): void =>
      void phone.logs.push({ level, message });
  const log: SipLogger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  phone.context = {
    codec: async () => {
      phone.codecLoads++;
      return options.codec ? options.codec() : core;
    },
    ownKey: () => phone.key,
    cachedPeerCertificate: (peer) => phone.certificates.get(peer) ?? null,
    peerCertificate: async (peer) => {
      phone.fetched.push(peer);
      return phone.certificates.get(peer) ?? null;
    },
    secureOnly: () => phone.secureOnly,
    missingCertificate: () => 'unanswered',
    crypto: options.crypto ?? globalThis.crypto,
  };
  const real = new SecureLayer({
    sendOutOfBand: (text) => phone.outOfBand.push(text) > 0,
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  real.use(phone.context);
  const raw = new Map<string, SipProtection>();
  let context: SecurityContext | null = phone.context;
  const recordVerdict = (callId: string, protection: SipProtection): void => {
    raw.set(callId, protection);
    phone.protections.push({ callId, protection: inWords(protection) });
  };
  phone.layer = {
    real,
    use: (next) => {
      context = next;
      real.use(next);
    },
    get context() {
      return real.context;
    },
    endDialog: (callId) => real.endDialog(callId),
    prepareMessage: (peer, text) => real.prepareMessage(peer, text, phone.aor),
    protectionOf: (callId) => raw.get(callId),
    outbound: (text) => {
      const planned = context ? withPlan(text, context) : { text, callId: '' };
      if (planned.protection) recordVerdict(planned.callId, planned.protection);
      const out = real.outbound(planned.text);
      if (out === null) return '';
      return typeof out === 'string' ? out : out.then((text) => text ?? '');
    },
    inbound: async (text) => {
      const up = await real.inbound(text);
      if (up === null) return null;
      const { text: clean, protection, callId } = takeVerdict(up);
      if (protection) recordVerdict(callId, protection);
      return clean;
    },
  };
  return phone;
}

/** An initial INVITE or a MESSAGE with the policy's plan in it, as the call set and message sender send them. */
function withPlan(text: string, context: SecurityContext): { text: string; callId: string; protection?: SipProtection } {
  let message: SipMessage;
  try {
    message = parseSipText(text);
  } catch {
    return { text, callId: '' };
  }
  const callId = message.headers.get('Call-ID') ?? '';
  const initial = message.kind === 'request' && (message.method === 'MESSAGE' || (message.method === 'INVITE' && !/;\s*tag=/.test(message.headers.get('To') ?? '')));
  if (!initial || message.headers.get(PLAN_HEADER) !== undefined) return { text, callId };
  const peer = /<([^>]+)>/.exec(message.headers.get('To') ?? '')?.[1] ?? '';
  const planned = planProtection(context, peer);
  if (!planned) return { text, callId };
  // A refused plan never sends (the call set and message sender throw first); here the layer is shown an 'encrypt' it
  // cannot carry out, as after a certificate went between the plan and the send.
  if ('refused' in planned) {
    message.headers.set(PLAN_HEADER, 'encrypt');
    return { text: sipText(message), callId };
  }
  message.headers.set(PLAN_HEADER, planned.plan);
  return { text: sipText(message), callId, ...(planned.protection ? { protection: planned.protection } : {}) };
}

/** The verdict the layer noted on a message going up (header or SDP line), and the message without it. */
function takeVerdict(text: string): { text: string; callId: string; protection?: SipProtection } {
  let message: SipMessage;
  try {
    message = parseSipText(text);
  } catch {
    return { text, callId: '' };
  }
  const callId = message.headers.get('Call-ID') ?? '';
  const fromHeader = decodeProtection(message.headers.get(PROTECTION_HEADER));
  const sdp = (message.headers.get('Content-Type') ?? '').startsWith('application/sdp') ? takeSdpNote(bodyText(message)) : undefined;
  const protection = fromHeader ?? sdp?.protection;
  if (!protection) return { text, callId };
  message.headers.delete(PROTECTION_HEADER);
  if (sdp?.protection) message.body = new TextEncoder().encode(sdp.sdp);
  return { text: fixContentLength(sipText(message)), callId, protection };
}

// ---- SIP texts ---------------------------------------------------------------------------------------------------

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** A SIP message as text: start line, header lines, Content-Length (bytes), blank line, body. */
export function sipMessage(startLine: string, headers: [string, string][], body = ''): string {
  const lines = [startLine, ...headers.map(([name, value]) => `${name}: ${value}`), `Content-Length: ${utf8Length(body)}`];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export interface RequestSpec {
  method: string;
  from: string;
  fromTag?: string;
  to: string;
  /** Present inside a dialog (rfc3261#section-12.2.1.1). */
  toTag?: string;
  callId: string;
  cseq?: number;
  branch?: string;
  contentType?: string;
  body?: string;
}

/** A request as JsSIP writes it over WebSocket (RFC 7118). */
export function request(spec: RequestSpec): string {
  const user = spec.from.slice('sip:'.length, spec.from.indexOf('@'));
  const headers: [string, string][] = [
    ['Via', `SIP/2.0/WSS df7jal23ls0d.invalid;branch=${spec.branch ?? 'z9hG4bK776asdhds'}`],
    ['Max-Forwards', '69'],
    ['To', `<${spec.to}>${spec.toTag ? `;tag=${spec.toTag}` : ''}`],
    ['From', `"${user}" <${spec.from}>;tag=${spec.fromTag ?? '1928301774'}`],
    ['Call-ID', spec.callId],
    ['CSeq', `${spec.cseq ?? 1} ${spec.method}`],
    ['Contact', `<sip:${user}@df7jal23ls0d.invalid;transport=ws;ob>`],
    ['Allow', 'INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,NOTIFY'],
  ];
  if (spec.body !== undefined) headers.push(['Content-Type', spec.contentType ?? 'application/sdp']);
  return sipMessage(`${spec.method} ${spec.to} SIP/2.0`, headers, spec.body ?? '');
}

export const invite = (spec: Omit<RequestSpec, 'method'>): string => request({ ...spec, method: 'INVITE' });
export const textMessage = (spec: Omit<RequestSpec, 'method'>): string => request({ contentType: 'text/plain;charset=utf-8', ...spec, method: 'MESSAGE' });

/** The UAS's response to `requestText` (rfc3261#section-8.2.6): Via, From, Call-ID, CSeq copied, To with `toTag`. */
export function response(requestText: string, status: number, reason: string, options: { toTag?: string; contentType?: string; body?: string } = {}): string {
  const req = parseSipText(requestText);
  const to = req.headers.get('To')!;
  const headers: [string, string][] = [
    ...req.headers.getAll('Via').map((via): [string, string] => ['Via', via]),
    ['To', options.toTag && !to.includes(';tag=') ? `${to};tag=${options.toTag}` : to],
    ['From', req.headers.get('From')!],
    ['Call-ID', req.headers.get('Call-ID')!],
    ['CSeq', req.headers.get('CSeq')!],
    ['Contact', '<sip:bob@hx7s0p2lq3n.invalid;transport=ws>'],
  ];
  if (options.body !== undefined) headers.push(['Content-Type', options.contentType ?? 'application/sdp']);
  return sipMessage(`SIP/2.0 ${status} ${reason}`, headers, options.body ?? '');
}

// ---- readings ----------------------------------------------------------------------------------------------------

export interface ReadMessage {
  message: SipMessage;
  /** Media type without parameters, lower-case. */
  type: string;
  body: string;
  /** The Content-Length header as sent. */
  contentLength: number;
  header(name: string): string | undefined;
}

export function read(text: string): ReadMessage {
  const message = parseSipText(text);
  return {
    message,
    type: (message.headers.get('Content-Type') ?? '').split(';', 1)[0]!.trim().toLowerCase(),
    body: bodyText(message),
    contentLength: Number(message.headers.get('Content-Length')),
    header: (name) => message.headers.get(name),
  };
}

/** The MIME parts of a multipart body, each with its type, disposition and text. */
export function mimeParts(text: string): { type: string; disposition?: string; handling?: string; body: string; entity: MimeEntity }[] {
  const m = read(text);
  const entity = parseMimeBody(m.header('Content-Type')!, m.message.body);
  return (entity.parts ?? []).map((part) => {
    const disposition = contentDisposition(part);
    return {
      type: contentType(part).value,
      ...(disposition ? { disposition: disposition.value } : {}),
      ...(disposition?.params.get('handling') ? { handling: disposition.params.get('handling') } : {}),
      body: new TextDecoder().decode(part.body),
      entity: part,
    };
  });
}

/** `text` with its body replaced by `change(body)` (same Content-Length when the change keeps the length). */
export function withBody(text: string, change: (body: string) => string): string {
  const split = text.indexOf('\r\n\r\n') + 4;
  const body = change(text.slice(split));
  return text.slice(0, split).replace(/Content-Length: \d+/, `Content-Length: ${utf8Length(body)}`) + body;
}
