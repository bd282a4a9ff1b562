/**
 * Character classes of the SIP grammar (rfc3261#section-25.1) as lookup tables, and the scanner the header value
 * parsers share. Every scan moves forward only, one character at a time or by native `indexOf`: no regular
 * expressions, so no backtracking on hostile input.
 */
import { CoreError } from '../errors.ts';
import { malformed } from './sip-parse-error.ts';

function table(chars: string): Uint8Array {
  const out = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) out[chars.charCodeAt(i)] = 1;
  return out;
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALPHANUM = ALPHA + DIGIT;
/** mark, rfc3261#section-25.1. */
const MARK = "-_.!~*'()";

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"). */
const TOKEN = table(ALPHANUM + "-.!%*_+`'~");
/** A header parameter value that is not quoted: token, host (with ":" and brackets for IPv6). */
const PARAM_VALUE = table(ALPHANUM + "-.!%*_+`'~:[]");
/** unreserved = alphanum / mark. */
export const UNRESERVED = table(ALPHANUM + MARK);
// The URI component tables include "%": escapes are checked separately (a "%" must start "%" HEX HEX).
/** user = 1*(unreserved / escaped / user-unreserved). */
export const USER_CHARS = table(ALPHANUM + MARK + '%&=+$,;?/');
/** password = *(unreserved / escaped / "&" / "=" / "+" / "$" / ","). */
export const PASSWORD_CHARS = table(ALPHANUM + MARK + '%&=+$,');
/** paramchar = param-unreserved / unreserved / escaped (uri-parameter names and values). */
export const URI_PARAM_CHARS = table(ALPHANUM + MARK + '%[]/:&+$');
/** hname / hvalue = *(hnv-unreserved / unreserved / escaped). */
export const URI_HEADER_CHARS = table(ALPHANUM + MARK + '%[]/?:+$');
/** Host names and IPv4 addresses (with "_", which real DNS names carry). */
export const HOST_CHARS = table(ALPHANUM + '-._');
/** URI scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
export const SCHEME_CHARS = table(ALPHANUM + '+-.');
/** Characters of an absoluteURI we accept without interpreting it: printable ASCII but SP, <, >, ". */
export const OPAQUE_URI_CHARS = (() => {
  const out = new Uint8Array(128);
  for (let c = 0x21; c < 0x7f; c++) out[c] = 1;
  out[0x3c] = out[0x3e] = out[0x22] = 0;
  return out;
})();

export function inTable(chars: Uint8Array, code: number): boolean {
  return code < 128 && chars[code] === 1;
}

export function isTokenChar(code: number): boolean {
  return code < 128 && TOKEN[code] === 1;
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
  return true;
}

export function isParamValue(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!inTable(PARAM_VALUE, text.charCodeAt(i))) return false;
  return true;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

export function isWsp(code: number): boolean {
  return code === 32 || code === 9;
}

/** Strips SP and HTAB at both ends, without a regex (a `[ \t]+$` regex is quadratic on long blank runs). */
export function trimWsp(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && isWsp(text.charCodeAt(a))) a++;
  while (b > a && isWsp(text.charCodeAt(b - 1))) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

/** 1*DIGIT as a number, or -1 when `text` is not only digits or exceeds `max`. Leading zeros are allowed. */
export function parseDigits(text: string, max: number): number {
  if (text.length === 0) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
    if (value > max) return -1;
  }
  return value;
}

/**
 * `text` as a quoted-string (DQUOTE *(qdtext / quoted-pair) DQUOTE): `"`, `\`, controls and DEL become quoted-pairs.
 * CR and LF cannot be quoted at all (quoted-pair excludes them): CoreError invalid-argument.
 */
export function quoteString(text: string): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) throw malformedArgument('a quoted string cannot hold CR or LF');
    // qdtext admits LWS, %x21, %x23-5B, %x5D-7E and UTF-8; anything else travels as a quoted-pair.
    if (c === 34 || c === 92 || (c < 32 && c !== 9) || c === 127) {
      out += text.slice(run, i) + '\\' + text[i]!;
      run = i + 1;
    }
  }
  return out + text.slice(run) + '"';
}

/** Removes the quotes of a quoted-string kept as written (as parameter values are); other text is returned as is. */
export function unquote(text: string): string {
  if (text.length < 2 || text.charCodeAt(0) !== 34 || text.charCodeAt(text.length - 1) !== 34) return text;
  const s = new Scanner(text, 'Bad Quoted String');
  try {
    const value = s.quoted();
    return s.done ? value : text;
  } catch {
    return text;
  }
}

function malformedArgument(message: string): CoreError {
  return new CoreError('invalid-argument', message);
}

/**
 * A cursor over one header value. Failures throw SipParseError 400 with the scanner's `reason`.
 * LWS inside values is SP/HTAB only: the message parser has already unfolded continuation lines.
 */
export class Scanner {
  pos = 0;

  constructor(
    readonly text: string,
    readonly reason: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The character code at the cursor, or -1 at the end. */
  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Skips SP/HTAB; returns how many were skipped. */
  skipWs(): number {
    const start = this.pos;
    while (this.pos < this.text.length && isWsp(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos - start;
  }

  /** Consumes `code` and returns true, or returns false and stays put. */
  eat(code: number): boolean {
    if (this.peek() !== code) return false;
    this.pos++;
    return true;
  }

  expect(code: number, what: string): void {
    if (!this.eat(code)) this.fail(`expected ${what}`);
  }

  /** 1*token-char. */
  token(what = 'a token'): string {
    const start = this.pos;
    while (this.pos < this.text.length && isTokenChar(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }

  /** 1*char of `chars`. */
  run(chars: Uint8Array, what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && inTable(chars, this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }

  /** A quoted-string at the cursor, returned without quotes and with quoted-pairs undone. */
  quoted(): string {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== 34) this.fail('expected a quoted string');
    let out = '';
    let run = this.pos + 1;
    for (let i = run; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return out + text.slice(run, i);
      }
      if (c === 92) {
        if (i + 1 >= text.length) break;
        out += text.slice(run, i);
        run = i + 1;
        i++;
      }
    }
    return this.fail('unterminated quoted string');
  }

  /** A quoted-string at the cursor, returned exactly as written (quotes included). */
  quotedRaw(): string {
    const start = this.pos;
    this.quoted();
    return this.text.slice(start, this.pos);
  }

  /** A header parameter value: a quoted-string kept as written, or a token/host. */
  paramValue(): string {
    if (this.peek() === 34) return this.quotedRaw();
    return this.run(PARAM_VALUE, 'a parameter value');
  }

  /** Fails unless only whitespace is left. */
  end(): void {
    this.skipWs();
    if (!this.done) this.fail(`unexpected "${this.text.slice(this.pos, this.pos + 20)}"`);
  }

  fail(detail: string): never {
    return malformed(this.reason, `${detail} at ${this.pos} in "${this.text.length > 80 ? this.text.slice(0, 80) + '...' : this.text}"`);
  }
}
