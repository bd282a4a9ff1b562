/**
 * The head of a SIP message: start line and header fields up to the empty line (rfc3261#section-7, 7.3.1).
 * Shared by `parseSipMessage` (datagrams, WebSocket messages) and `SipStreamFramer` (TCP/TLS).
 *
 * - Lines end in CRLF; a bare LF is tolerated, a bare CR is not.
 * - A line starting with SP/HTAB continues the previous field: the line break and the leading whitespace become one
 *   SP (rfc3261#section-7.3.1). Values are trimmed.
 * - `name *(SP/HTAB) ":"` (HCOLON); the name must be a token. Compact names are expanded.
 * - The head is decoded as UTF-8 (TEXT-UTF8, rfc3261#section-25.1) when it is valid UTF-8; otherwise one char per
 *   byte, and then each value that is valid UTF-8 on its own is decoded as UTF-8.
 *
 * `parseHead` never throws: it records the first problem and keeps reading, so that a request with one bad line still
 * yields the Via, From, To, Call-ID and CSeq that a 400 response needs.
 */
import { fromLatin1, fromUtf8, latin1 } from '../bytes.ts';
import { isCoreError } from '../errors.ts';
import { isTokenChar, isWsp, trimWsp } from './chars.ts';
import { headerName } from './header-names.ts';
import { adoptHeaderFields, type SipHeaderField, type SipHeaders } from './headers.ts';
import { parseStartLine, type StartLineResult } from './start-line.ts';

export type HeadEnd = { found: true; bodyStart: number } | { found: false; lineStart: number };

/**
 * Looks for the empty line that ends a head, reading lines from `lineStart` (which must start a line) to the end of
 * `bytes`. `searchFrom` (at or after `lineStart`) says where the line feed search may start because the bytes
 * before it are known to hold none: a stream resumes at the last incomplete line without reading any byte twice,
 * however long that line is.
 */
export function findHeadEnd(bytes: Uint8Array, lineStart: number, searchFrom = lineStart): HeadEnd {
  let pos = lineStart;
  let from = Math.max(searchFrom, lineStart);
  for (;;) {
    const lf = bytes.indexOf(10, from);
    if (lf < 0) return { found: false, lineStart: pos };
    if (lf === pos || (lf === pos + 1 && bytes[pos] === 13)) return { found: true, bodyStart: lf + 1 };
    pos = from = lf + 1;
  }
}

/** Offset of the first byte that is not CR or LF (rfc3261#section-7.5: CRLFs before a start line are ignored). */
export function skipLeadingCrlf(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && (bytes[i] === 13 || bytes[i] === 10)) i++;
  return i;
}

export interface HeadProblem {
  status: number;
  reason: string;
  detail: string;
}

/** What the head says, checked only as far as reading it needs. */
export interface ParsedHead {
  startLine: StartLineResult;
  headers: SipHeaders;
  /** The first problem found in the header lines (syntax, too many lines). */
  problem: HeadProblem | undefined;
  /** Content-Length lines seen, and the first one's value. */
  contentLengthCount: number;
  contentLength: string | undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses `bytes` (a whole head, possibly without its empty line). One pass over the lines; no closures. */
export function parseHead(bytes: Uint8Array, maxHeaders: number): ParsedHead {
  let text: string;
  let utf8 = true;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = latin1(bytes);
    utf8 = false;
  }
  const fields: SipHeaderField[] = [];
  let problem: HeadProblem | undefined;
  let contentLengthCount = 0;
  let contentLengthField: SipHeaderField | undefined;
  let current: SipHeaderField | undefined;
  let startLine: StartLineResult | undefined;

  let pos = 0;
  while (pos < text.length) {
    let lf = text.indexOf('\n', pos);
    if (lf < 0) lf = text.length;
    const line = text.slice(pos, lf > pos && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf);
    pos = lf + 1;
    if (startLine === undefined) {
      startLine = parseStartLine(utf8 ? line : decodeFieldText(line));
      continue;
    }
    if (line.length === 0) break;
    if (line.indexOf('\r') >= 0) {
      problem ??= { status: 400, reason: 'Bad Header', detail: 'bare CR in a header line' };
      current = undefined;
      continue;
    }
    if (isWsp(line.charCodeAt(0))) {
      // Continuation: the line break and leading whitespace become one SP (rfc3261#section-7.3.1).
      const more = trimWsp(line);
      if (current !== undefined) {
        if (more.length > 0) current.value = current.value.length === 0 ? more : `${current.value} ${more}`;
      } else if (fields.length === 0) {
        problem ??= { status: 400, reason: 'Bad Header', detail: 'the header section starts with a continuation line' };
      }
      continue;
    }
    current = undefined;
    const colon = line.indexOf(':');
    if (colon < 0) {
      problem ??= { status: 400, reason: 'Bad Header', detail: `header line without ":" ("${line.slice(0, 40)}")` };
      continue;
    }
    let nameEnd = colon;
    while (nameEnd > 0 && isWsp(line.charCodeAt(nameEnd - 1))) nameEnd--;
    const raw = line.slice(0, nameEnd);
    if (!isHeaderName(raw)) {
      problem ??= { status: 400, reason: 'Bad Header', detail: `"${raw.slice(0, 40)}" is not a header name` };
      continue;
    }
    if (fields.length >= maxHeaders) {
      problem ??= { status: 513, reason: 'Message Too Large', detail: `more than ${maxHeaders} header lines` };
      break;
    }
    const info = headerName(raw);
    let value = line.slice(colon + 1);
    if (value.length > 0 && (isWsp(value.charCodeAt(0)) || isWsp(value.charCodeAt(value.length - 1)))) value = trimWsp(value);
    current = { name: info.name, key: info.key, list: info.list, value };
    fields.push(current);
    if (info.key === 'content-length' && contentLengthCount++ === 0) contentLengthField = current;
  }
  if (!utf8) for (const f of fields) f.value = decodeFieldText(f.value);
  const contentLength = contentLengthField?.value;
  return { startLine: startLine ?? parseStartLine(''), headers: adoptHeaderFields(fields), problem, contentLengthCount, contentLength };
}

function isHeaderName(raw: string): boolean {
  if (raw.length === 0) return false;
  for (let i = 0; i < raw.length; i++) if (!isTokenChar(raw.charCodeAt(i))) return false;
  return true;
}

/** A value read one char per byte: UTF-8 when its bytes are valid UTF-8, else left as is. */
function decodeFieldText(latin: string): string {
  let ascii = true;
  for (let i = 0; i < latin.length && ascii; i++) if (latin.charCodeAt(i) > 0x7f) ascii = false;
  if (ascii) return latin;
  try {
    return fromUtf8(fromLatin1(latin), true);
  } catch (error) {
    if (isCoreError(error)) return latin;
    throw error;
  }
}
