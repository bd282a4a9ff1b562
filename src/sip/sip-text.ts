/**
 * SIP messages as the socket codec's hooks see them (text, see sip-frame.ts) turned into the core's model and
 * back, plus the few readings the secure layer needs (whose AOR, which dialog, which method). Everything goes through
 * the core parser and serializer (docs/style.md convention 3): no regular expressions over SIP here.
 */
import {
  createResponse,
  generateTag,
  parseCSeq,
  parseNameAddr,
  parseSipMessage,
  serializeSipMessage,
  type SipMessage,
  type SipRequest,
} from '../core/sip/index.ts';
import { sipMessageBytes } from './sip-frame.ts';

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** The message in `text`; throws (SipParseError) when it is not one. */
export function parseSipText(text: string): SipMessage {
  return parseSipMessage(sipMessageBytes(text));
}

/** The message as text for JsSIP or the WebSocket (our bodies are text: SDP, plain text, base64 CMS). */
export function sipText(message: SipMessage): string {
  return utf8.decode(serializeSipMessage(message));
}

/** `sip:user@host` of a From or To header value, lower-cased host; undefined when unreadable. */
export function aorOfHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const uri = parseNameAddr(value).uri;
    if (uri.kind !== 'sip' || !uri.user) return undefined;
    return `sip:${uri.user}@${uri.host.toLowerCase()}`;
  } catch {
    return undefined;
  }
}

/** True when the To (or From) header value carries a tag: the request is inside a dialog (rfc3261#section-12). */
export function hasTag(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    return parseNameAddr(value).params.has('tag');
  } catch {
    return false;
  }
}

/** The method a response answers (its CSeq method), or the request's own method. */
export function methodOf(message: SipMessage): string | undefined {
  if (message.kind === 'request') return message.method;
  try {
    return parseCSeq(message.headers.get('CSeq') ?? '').method;
  } catch {
    return undefined;
  }
}

/** The media type of the message body, lower-case, without parameters (`application/sdp`). */
export function mediaTypeOf(message: SipMessage): string {
  return (message.headers.get('Content-Type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The body as text (UTF-8). */
export function bodyText(message: SipMessage): string {
  return utf8.decode(message.body);
}

/** Replaces the body and its describing headers (Content-Type, Content-Disposition). */
export function setBody(message: SipMessage, body: { contentType: string; contentDisposition?: string; body: string }): void {
  message.headers.set('Content-Type', body.contentType);
  message.headers.delete('Content-Disposition');
  if (body.contentDisposition) message.headers.set('Content-Disposition', body.contentDisposition);
  message.body = utf8Encoder.encode(body.body);
}

/**
 * A response of our own to `request` (one JsSIP never sees: 488, 493, 415), with a To tag when it is a final answer
 * to a dialog-creating request, as text for `sendOutOfBand`.
 */
export function responseText(
  request: SipRequest,
  status: number,
  reason: string,
  crypto: Crypto,
  extra: { headers?: [string, string][]; body?: { contentType: string; contentDisposition?: string; body: string } } = {},
): string {
  const headers: [string, string][] = [...(extra.headers ?? [])];
  if (extra.body) {
    headers.push(['Content-Type', extra.body.contentType]);
    if (extra.body.contentDisposition) headers.push(['Content-Disposition', extra.body.contentDisposition]);
  }
  const response = createResponse(request, status, reason, {
    toTag: generateTag(crypto),
    headers,
    ...(extra.body ? { body: utf8Encoder.encode(extra.body.body) } : {}),
  });
  return sipText(response);
}
