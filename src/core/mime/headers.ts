/**
 * Header sections of MIME entities (rfc2045#section-3 over rfc5322#section-2.2): an ordered list of fields
 * whose names compare case-insensitively, and the parser/serializer for their wire form.
 */
import { fromLatin1, fromUtf8, utf8 } from '../bytes.ts';
import { CoreError, isCoreError } from '../errors.ts';

export type HeadersInit = MimeHeaders | Iterable<readonly [string, string]>;

/**
 * Ordered, case-insensitive header fields. Names keep the case they were given; lookups ignore it.
 * Values are unfolded text without the leading/trailing whitespace; setters refuse CR, LF and NUL so that a value
 * can never smuggle in another header.
 */
export class MimeHeaders implements Iterable<[string, string]> {
  private readonly fields: { name: string; value: string }[] = [];

  constructor(init?: HeadersInit) {
    if (init) for (const [name, value] of init) this.append(name, value);
  }

  get size(): number {
    return this.fields.length;
  }

  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.fields.find((f) => f.name.toLowerCase() === key)?.value;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.fields.filter((f) => f.name.toLowerCase() === key).map((f) => f.value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces the first field called `name` in place and drops the others; appends when there is none. */
  set(name: string, value: string): this {
    checkField(name, value, 'invalid-argument');
    const key = name.toLowerCase();
    const first = this.fields.findIndex((f) => f.name.toLowerCase() === key);
    if (first < 0) {
      this.fields.push({ name, value });
      return this;
    }
    this.fields[first] = { name, value };
    for (let i = this.fields.length - 1; i > first; i--) if (this.fields[i]!.name.toLowerCase() === key) this.fields.splice(i, 1);
    return this;
  }

  append(name: string, value: string): this {
    checkField(name, value, 'invalid-argument');
    this.fields.push({ name, value });
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    for (let i = this.fields.length - 1; i >= 0; i--) if (this.fields[i]!.name.toLowerCase() === key) this.fields.splice(i, 1);
    return this;
  }

  clone(): MimeHeaders {
    return new MimeHeaders(this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const f of this.fields) yield [f.name, f.value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * field-name = 1*ftext (printable US-ASCII except ":"), rfc5322#section-3.6.8. Values may not hold CR, LF or NUL.
 */
export function checkField(name: string, value: string, kind: 'invalid-argument' | 'malformed-mime'): void {
  if (name.length === 0) throw new CoreError(kind, 'empty header name');
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) throw new CoreError(kind, `header name "${name.slice(0, 40)}" has a character not allowed in a field name`);
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 13 || c === 10 || c === 0) throw new CoreError(kind, `header ${name.slice(0, 40)} has CR, LF or NUL in its value`);
  }
}

export interface ParsedHeaderSection {
  headers: MimeHeaders;
  /** Offset (in the same coordinates as the input range) where the body begins. */
  bodyStart: number;
}

/**
 * Parses the header section of `text[start, end)`, where `text` holds one char per byte (latin1 of the input).
 * Lines end in CRLF or a bare LF (tolerated). A line starting with SP/HTAB continues the previous field and is
 * unfolded by removing the line break only (rfc5322#section-2.2.3). The section ends at the first empty line; if
 * there is none, the whole range is headers and the body is empty. A range that begins with an empty line has no
 * headers (rfc2046#section-5.1.1, body parts). Values are decoded as UTF-8 when they are valid UTF-8 (RFC 6532,
 * SIP's TEXT-UTF8), otherwise one char per byte. Lines that are neither fields nor continuations, bare CRs and NULs
 * are `malformed-mime`.
 */
export function parseHeaderSection(text: string, start: number, end: number, maxHeaders: number): ParsedHeaderSection {
  const headers = new MimeHeaders();
  let name: string | null = null;
  let pieces: string[] = [];
  const flush = (): void => {
    if (name === null) return;
    if (headers.size >= maxHeaders) throw new CoreError('malformed-mime', `more than ${maxHeaders} header fields`);
    const value = decodeFieldText(trimWsp(pieces.join('')));
    checkField(name, value, 'malformed-mime');
    headers.append(name, value);
  };
  let pos = start;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end;
    let contentEnd = lineEnd;
    if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    const next = Math.min(lineEnd + 1, end);
    if (contentEnd === pos) {
      flush();
      return { headers, bodyStart: next };
    }
    const line = text.slice(pos, contentEnd);
    if (line.includes('\r')) throw new CoreError('malformed-mime', 'bare CR in a header line');
    if (line.includes('\0')) throw new CoreError('malformed-mime', 'NUL in a header line');
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (name === null) throw new CoreError('malformed-mime', 'header section starts with a continuation line');
      pieces.push(line);
    } else {
      flush();
      const colon = line.indexOf(':');
      if (colon < 0) throw new CoreError('malformed-mime', `header line without ":" ("${line.slice(0, 40)}")`);
      // obs-optional (rfc5322#section-4.5): whitespace before the colon is tolerated.
      name = trimWsp(line.slice(0, colon));
      checkField(name, '', 'malformed-mime');
      pieces = [line.slice(colon + 1)];
    }
    pos = next;
  }
  flush();
  return { headers, bodyStart: end };
}

/** `Name: value` CRLF for each field, UTF-8; no folding (SIP and our peers take long lines). */
export function serializeHeaders(headers: MimeHeaders): string {
  let out = '';
  for (const [name, value] of headers) out += `${name}: ${value}\r\n`;
  return out;
}

export function headerBytes(headers: MimeHeaders): Uint8Array {
  return utf8(serializeHeaders(headers));
}

/** Strips SP and HTAB at both ends, without a regex (a `[ \t]+$` regex is quadratic on long blank runs). */
export function trimWsp(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && isWsp(text.charCodeAt(a))) a++;
  while (b > a && isWsp(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

function isWsp(code: number): boolean {
  return code === 32 || code === 9;
}

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
