/**
 * Structured MIME header values with parameters: Content-Type (rfc2045#section-5.1), Content-Disposition
 * (rfc2183#section-2) and Content-Transfer-Encoding (rfc2045#section-6.1).
 *
 *   value     := token [ "/" token ]           ; "type/subtype" or a disposition-type / mechanism
 *   params    := *( ";" attribute "=" ( token / quoted-string ) )
 *
 * Whitespace and RFC 822 comments (`(...)`, nested, with quoted-pairs) are tolerated between the lexical tokens
 * (rfc822#section-3.4.3). The value and the attribute names are case-insensitive and come back lower-cased;
 * parameter values keep their case (a `boundary` is case-sensitive, rfc2046#section-5.1.1). RFC 2231 extended
 * parameters (`filename*=`) are kept as ordinary attributes, undecoded.
 */
import { CoreError, type CoreErrorKind } from '../errors.ts';

export interface HeaderValue {
  /** Lower-cased `type/subtype`, disposition type or mechanism. */
  value: string;
  /** Lower-cased attribute names to values, in header order. */
  params: Map<string, string>;
}

export type HeaderParamsInit = ReadonlyMap<string, string> | Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

type ErrorKind = Extract<CoreErrorKind, 'malformed-mime' | 'invalid-argument'>;

/** tspecials, rfc2045#section-5.1. */
const TSPECIALS = '()<>@,;:\\"/[]?=';

const TOKEN_CHAR = new Uint8Array(128);
for (let c = 33; c < 127; c++) TOKEN_CHAR[c] = TSPECIALS.includes(String.fromCharCode(c)) ? 0 : 1;

export function isTokenChar(code: number): boolean {
  return code < 128 && TOKEN_CHAR[code] === 1;
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
  return true;
}

/** Parses `type/subtype; a=b; c="d e"` or `token; a=b` (either shape). */
export function parseHeaderValue(text: string): HeaderValue {
  return new ValueLexer(text, 'malformed-mime').parse();
}

/** A Content-Type: the value must be `type/subtype` (rfc2045#section-5.1). */
export function parseContentType(text: string, kind: ErrorKind = 'malformed-mime'): HeaderValue {
  const parsed = new ValueLexer(text, kind).parse();
  if (!parsed.value.includes('/')) throw new CoreError(kind, `Content-Type "${clip(text)}" is not type/subtype`);
  return parsed;
}

/** A Content-Disposition: a single disposition-type token with parameters (rfc2183#section-2). */
export function parseContentDisposition(text: string, kind: ErrorKind = 'malformed-mime'): HeaderValue {
  const parsed = new ValueLexer(text, kind).parse();
  if (parsed.value.includes('/')) throw new CoreError(kind, `Content-Disposition "${clip(text)}" is not a disposition type`);
  return parsed;
}

/**
 * Formats `value; name=param; other="quoted value"`. A parameter value is quoted only when it is empty or holds
 * something a token cannot (tspecials, space, controls, non-ASCII); `"` and `\` inside quotes are escaped.
 * CR, LF and NUL are refused (they would split the header), as are names that are not tokens.
 */
export function formatHeaderValue(value: string, params?: HeaderParamsInit): string {
  const slash = value.indexOf('/');
  const ok = slash < 0 ? isToken(value) : isToken(value.slice(0, slash)) && isToken(value.slice(slash + 1));
  if (!ok) throw new CoreError('invalid-argument', `"${clip(value)}" is not a MIME token or type/subtype`);
  let out = value;
  for (const [name, param] of paramEntries(params)) {
    if (!isToken(name)) throw new CoreError('invalid-argument', `parameter name "${clip(name)}" is not a token`);
    out += `; ${name}=${formatParamValue(param)}`;
  }
  return out;
}

/** `HeaderValue` back to text; the inverse of `parseHeaderValue` up to case, whitespace and comments. */
export function formatParsedValue(parsed: HeaderValue): string {
  return formatHeaderValue(parsed.value, parsed.params);
}

function formatParamValue(param: string): string {
  if (isToken(param)) return param;
  let out = '"';
  for (let i = 0; i < param.length; i++) {
    const c = param.charCodeAt(i);
    if (c === 13 || c === 10 || c === 0) throw new CoreError('invalid-argument', 'a header parameter value may not contain CR, LF or NUL');
    if (c === 34 || c === 92) out += '\\';
    out += param[i];
  }
  return out + '"';
}

function paramEntries(params: HeaderParamsInit | undefined): Iterable<readonly [string, string]> {
  if (params === undefined) return [];
  if (Symbol.iterator in params) return params as Iterable<readonly [string, string]>;
  return Object.entries(params as Readonly<Record<string, string>>);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A single-pass scanner; every loop advances `pos`, so parsing is linear in the input. */
class ValueLexer {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly kind: ErrorKind,
  ) {}

  parse(): HeaderValue {
    this.skipCfws();
    const type = this.token('a type or disposition token');
    let value = type.toLowerCase();
    this.skipCfws();
    if (this.peek() === 0x2f /* / */) {
      this.pos++;
      this.skipCfws();
      value += '/' + this.token('a subtype').toLowerCase();
      this.skipCfws();
    }
    const params = new Map<string, string>();
    while (this.pos < this.text.length) {
      if (this.peek() !== 0x3b /* ; */) this.fail(`expected ";" at offset ${this.pos}`);
      this.pos++;
      this.skipCfws();
      // A stray ";" (empty parameter, trailing ";") is common in the wild and carries no meaning.
      if (this.pos >= this.text.length || this.peek() === 0x3b) continue;
      const name = this.token('a parameter name').toLowerCase();
      this.skipCfws();
      if (this.peek() !== 0x3d /* = */) this.fail(`parameter "${name}" has no "="`);
      this.pos++;
      this.skipCfws();
      const param = this.peek() === 0x22 /* " */ ? this.quoted() : this.token(`a value for parameter "${name}"`);
      if (params.has(name)) this.fail(`parameter "${name}" appears twice`);
      params.set(name, param);
      this.skipCfws();
    }
    return { value, params };
  }

  private peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  private fail(reason: string): never {
    throw new CoreError(this.kind, `header value "${clip(this.text)}": ${reason}`);
  }

  private token(what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && isTokenChar(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(`expected ${what} at offset ${start}`);
    return this.text.slice(start, this.pos);
  }

  /** quoted-string with quoted-pairs, rfc822#section-3.4.4 / rfc2045#section-5.1. */
  private quoted(): string {
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c /* \ */) {
        if (this.pos + 1 >= this.text.length) break;
        out += this.text.slice(chunk, this.pos) + this.text[this.pos + 1]!;
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if (c === 13 || c === 10 || c === 0) this.fail('CR, LF or NUL inside a quoted string');
      this.pos++;
    }
    return this.fail('unterminated quoted string');
  }

  /** Whitespace and (possibly nested) comments, rfc822#section-3.4.3. */
  private skipCfws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        this.pos++;
      } else if (c === 0x28 /* ( */) {
        this.skipComment();
      } else {
        return;
      }
    }
  }

  private skipComment(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x5c) {
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return;
    }
    this.fail('unterminated comment');
  }
}
