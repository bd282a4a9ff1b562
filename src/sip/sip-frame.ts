/**
 * SIP text as the socket codec carries it, read in this one place: where the header section ends, one header's first
 * value (`peekHeader`), the start line, Content-Length, and the exact bytes of a message. Light reading for routing
 * decisions on every message; the core parser (src/core/sip) does the real work when a message is changed.
 *
 * The text of a frame: the header section is UTF-8, and the body is UTF-8 text (a text frame) or a Latin-1 byte
 * string, one char per byte (a binary frame, see `decodeBinaryFrame` and docs/jssip-notes.md "Bodies and bytes").
 */
import { latin1 } from '../core/bytes.ts';
import { headerKey } from '../core/sip/header-names.ts';
import { parseSipMessage, serializeSipMessage } from '../core/sip/index.ts';

const CRLF = '\r\n';
const HEADER_END = '\r\n\r\n';
const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** CRLF keep-alives (RFC 5626 section 4.4.1): not messages. */
export function isKeepAlive(text: string): boolean {
  return text === '\r\n' || text === '\r\n\r\n';
}

/** Index of the blank line that ends the header section (rfc3261#section-7), or -1. */
export function headerEnd(text: string): number {
  return text.indexOf(HEADER_END);
}

/** The body: whatever follows the first empty line ('' when there is none). */
export function bodyOf(text: string): string {
  const end = headerEnd(text);
  return end < 0 ? '' : text.slice(end + HEADER_END.length);
}

/** True when something follows the header section. */
export function hasBody(text: string): boolean {
  const end = headerEnd(text);
  return end >= 0 && end + HEADER_END.length < text.length;
}

/** The header lines (without the start line), unfolded lines left as they are. */
function headerLines(text: string): string[] {
  const end = headerEnd(text);
  return (end < 0 ? text : text.slice(0, end)).split(CRLF).slice(1);
}

/** Every value of header `name` (long or compact form, any case), in order, trimmed. */
export function peekHeaders(text: string, name: string): string[] {
  const key = headerKey(name);
  const out: string[] = [];
  for (const line of headerLines(text)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (headerKey(line.slice(0, colon).trim()) === key) out.push(line.slice(colon + 1).trim());
  }
  return out;
}

/** The first value of header `name` (long or compact form, any case), trimmed; undefined when absent. */
export function peekHeader(text: string, name: string): string | undefined {
  return peekHeaders(text, name)[0];
}

/**
 * `text` without any field of header `name` (long or compact form, any case, with its continuation lines); the very
 * same string when it has none. Content-Length is untouched: the body does not change.
 */
export function withoutHeader(text: string, name: string): string {
  const end = headerEnd(text);
  const head = end < 0 ? text : text.slice(0, end);
  const key = headerKey(name);
  const [startLine, ...lines] = head.split(CRLF);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (dropping && (line.startsWith(' ') || line.startsWith('\t'))) continue;
    const colon = line.indexOf(':');
    dropping = colon > 0 && headerKey(line.slice(0, colon).trim()) === key;
    if (!dropping) kept.push(line);
  }
  if (kept.length === lines.length) return text;
  return [startLine, ...kept].join(CRLF) + (end < 0 ? '' : text.slice(end));
}

/** `text` with `name: value` as its last header field (the value must hold no line break). */
export function withHeader(text: string, name: string, value: string): string {
  if (value.includes('\r') || value.includes('\n')) throw new TypeError('a header value must not contain line breaks');
  const end = headerEnd(text);
  if (end < 0) return `${text}${CRLF}${name}: ${value}`;
  return `${text.slice(0, end)}${CRLF}${name}: ${value}${text.slice(end)}`;
}

/** The method of a request (`INVITE`), or undefined for a response. */
export function requestMethod(text: string): string | undefined {
  if (text.startsWith('SIP/2.0 ')) return undefined;
  const space = text.indexOf(' ');
  return space > 0 ? text.slice(0, space) : undefined;
}

/** The status code of a response (`SIP/2.0 200 OK` -> 200), or undefined for a request. */
export function responseStatus(text: string): number | undefined {
  if (!text.startsWith('SIP/2.0 ')) return undefined;
  const code = text.slice(8, 11);
  return isDigits(code) && text[11] === ' ' ? Number(code) : undefined;
}

/** The method a message's CSeq names (`1 SUBSCRIBE` -> SUBSCRIBE). */
export function cseqMethod(text: string): string | undefined {
  const value = peekHeader(text, 'CSeq');
  if (value === undefined) return undefined;
  const method = value.slice(value.search(/\s/) + 1).trim();
  return method.length > 0 ? method.toUpperCase() : undefined;
}

/** The declared Content-Length when there is exactly one, plain digits; otherwise undefined. */
export function declaredContentLength(text: string): number | undefined {
  const values = peekHeaders(text, 'Content-Length');
  return values.length === 1 && isDigits(values[0]!) && values[0]!.length <= 9 ? Number(values[0]) : undefined;
}

/** A header value that is delta-seconds alone (`Expires: 3600`, rfc3261#section-20.19), at most 10 digits. */
export function deltaSeconds(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text !== undefined && isDigits(text) && text.length <= 10 ? Number(text) : undefined;
}

/** The delta-seconds a header value starts with (`Retry-After: 120 (busy);duration=60`, rfc3261#section-20.33). */
export function leadingDeltaSeconds(value: string | undefined): number | undefined {
  const text = value?.trimStart() ?? '';
  let end = 0;
  while (end < text.length && end < 10 && isDigits(text[end]!)) end++;
  return end > 0 ? Number(text.slice(0, end)) : undefined;
}

/**
 * The exact bytes of a message: the body is UTF-8 text or a Latin-1 byte string, and Content-Length
 * (rfc3261#section-20.14, a byte count) tells the two apart: the encoding whose length matches wins. Identity
 * (RFC 4474 section 9) hashes the body bytes, so getting them exactly right matters.
 */
export function sipMessageBytes(text: string): Uint8Array {
  const end = headerEnd(text);
  if (end < 0) return utf8Encoder.encode(text);
  const head = utf8Encoder.encode(text.slice(0, end + HEADER_END.length));
  const body = text.slice(end + HEADER_END.length);
  const first = peekHeader(text, 'Content-Length');
  const declared = first !== undefined && isDigits(first) ? Number(first) : undefined;
  const utf8Body = utf8Encoder.encode(body);
  const bodyBytes = declared !== undefined && utf8Body.length !== declared && isLatin1(body) && body.length === declared ? latin1Bytes(body) : utf8Body;
  const out = new Uint8Array(head.length + bodyBytes.length);
  out.set(head, 0);
  out.set(bodyBytes, head.length);
  return out;
}

/**
 * True when the header section has exactly one Content-Length, plain digits, equal to the UTF-8 length of the body:
 * what the secure layer writes. Such a message is left alone; parsing and serialising it again to find that out cost
 * most of a millisecond per encrypted message.
 */
export function hasRightContentLength(text: string): boolean {
  const end = headerEnd(text);
  if (end < 0) return false;
  return declaredContentLength(text) === utf8Encoder.encode(text.slice(end + HEADER_END.length)).length;
}

/**
 * Makes Content-Length the UTF-8 length of the body string, as JsSIP computes it for its own messages, through the
 * core parser and serializer (docs/style.md convention 3). Messages the core parser refuses get the line replaced alone.
 */
export function fixContentLength(text: string): string {
  const end = headerEnd(text);
  if (end < 0) return text;
  const [startLine, ...lines] = text.slice(0, end).split(CRLF);
  const withoutLength = [startLine, ...lines.filter((line) => !isContentLengthLine(line))].join(CRLF);
  const body = text.slice(end + HEADER_END.length);
  try {
    // Without a Content-Length the core parser takes the rest of the frame as the body; the serializer writes it.
    const message = parseSipMessage(utf8Encoder.encode(`${withoutLength}${HEADER_END}${body}`));
    const bytes = serializeSipMessage(message);
    return utf8.decode(bytes.subarray(0, bytes.length - message.body.length)) + body;
  } catch {
    return `${withoutLength}${CRLF}Content-Length: ${utf8Encoder.encode(body).length}${HEADER_END}${body}`;
  }
}

/** A binary WebSocket frame as text: header section as UTF-8, body as a Latin-1 byte string (one char per byte). */
export function decodeBinaryFrame(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let end = -1;
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      end = i + 4;
      break;
    }
  }
  if (end < 0) return utf8.decode(bytes);
  return utf8.decode(bytes.subarray(0, end)) + latin1(bytes.subarray(end));
}

function isContentLengthLine(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && headerKey(line.slice(0, colon).trim()) === 'content-length';
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
