/**
 * Start lines (rfc3261#section-7.1, rfc3261#section-7.2):
 *
 *   Request-Line = Method SP Request-URI SP SIP-Version
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase
 *   SIP-Version  = "SIP" "/" 1*DIGIT "." 1*DIGIT          ; case-insensitive
 *
 * Exactly one SP between elements (RFC 4475 lwsstart and trws are invalid). The Request-URI gets a cheap syntax
 * check only (scheme, no whitespace, no `<>"`, RFC 4475 ltgtruri and lwsruri); `parseUri` reads it on demand.
 */
import { inTable, isDigit, isToken, OPAQUE_URI_CHARS, SCHEME_CHARS } from './chars.ts';

export type StartLine =
  | { kind: 'request'; method: string; uri: string; version: string }
  | { kind: 'response'; status: number; reason: string; version: string };

/** The start line, or a reason it is not one. Never throws: the caller decides how to answer. */
export type StartLineResult = StartLine | InvalidStartLine;

/** Not a start line; `requestLike` when it does not start with a SIP version (then `method` is its first word). */
export interface InvalidStartLine {
  kind: 'invalid';
  reason: string;
  detail: string;
  requestLike: boolean;
  method: string;
}

export function parseStartLine(line: string): StartLineResult {
  const status = isSipVersionPrefix(line);
  if (line.indexOf('\r') >= 0) {
    return status ? badStatusLine('bare CR in the status line') : badRequestLine('bare CR in the request line', line.slice(0, Math.max(0, line.indexOf(' '))));
  }
  return status ? parseStatusLine(line) : parseRequestLine(line);
}

function parseRequestLine(line: string): StartLineResult {
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  const method = sp1 < 0 ? line : line.slice(0, sp1);
  if (sp1 <= 0 || sp2 === sp1) return badRequestLine('a request line is Method SP Request-URI SP SIP-Version', method);
  if (!isToken(method)) return badRequestLine('the method is not a token', method);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (uri.charCodeAt(0) === 32 || uri.charCodeAt(uri.length - 1) === 32) return badRequestLine('more than one SP between elements', method);
  if (!isSipVersion(version)) return badRequestLine(`"${version.slice(0, 20)}" is not a SIP version`, method);
  if (!isRequestUri(uri)) return { kind: 'invalid', reason: 'Bad Request-URI', detail: 'the Request-URI is not an absolute URI without spaces', requestLike: true, method };
  return { kind: 'request', method, uri, version };
}

function parseStatusLine(line: string): StartLineResult {
  const sp = line.indexOf(' ');
  if (sp < 0) return badStatusLine('no status code');
  const version = line.slice(0, sp);
  if (!isSipVersion(version)) return badStatusLine(`"${version.slice(0, 20)}" is not a SIP version`);
  // Status-Code = 3DIGIT, then SP and a reason that may be empty (RFC 4475 noreason); "SIP/2.0 100" is tolerated.
  const end = sp + 4;
  for (let i = sp + 1; i < end; i++) if (!isDigit(line.charCodeAt(i))) return badStatusLine('the status code is not three digits');
  if (line.length > end && line.charCodeAt(end) !== 32) return badStatusLine('the status code is not three digits');
  const status = Number(line.slice(sp + 1, end));
  if (status < 100 || status > 699) return badStatusLine(`status ${status} is outside 100..699`);
  return { kind: 'response', status, reason: line.slice(end + 1), version };
}

function badRequestLine(detail: string, method: string): InvalidStartLine {
  return { kind: 'invalid', reason: 'Bad Request-Line', detail, requestLike: true, method };
}

function badStatusLine(detail: string): InvalidStartLine {
  return { kind: 'invalid', reason: 'Bad Status-Line', detail, requestLike: false, method: '' };
}

/** Whether the line starts with "SIP/" and a digit: a Status-Line (a method cannot contain "/"). */
function isSipVersionPrefix(line: string): boolean {
  return line.length > 4 && (line.charCodeAt(0) | 32) === 115 && (line.charCodeAt(1) | 32) === 105 && (line.charCodeAt(2) | 32) === 112 && line.charCodeAt(3) === 47;
}

/** "SIP" "/" 1*DIGIT "." 1*DIGIT, any case. */
export function isSipVersion(text: string): boolean {
  if (text.length < 7 || !isSipVersionPrefix(text)) return false;
  const dot = text.indexOf('.', 4);
  if (dot < 5 || dot === text.length - 1) return false;
  for (let i = 4; i < text.length; i++) if (i !== dot && !isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** SIP/2.0, any case (rfc3261#section-7.1: "SIP/2.0" is compared case-insensitively as ABNF literals are). */
export function isSip20(version: string): boolean {
  return version.length === 7 && version.charCodeAt(4) === 50 && version.charCodeAt(5) === 46 && version.charCodeAt(6) === 48;
}

/** scheme ":" 1*(printable ASCII except SP, `<`, `>`, `"`). */
export function isRequestUri(uri: string): boolean {
  const colon = uri.indexOf(':');
  if (colon < 1 || colon === uri.length - 1) return false;
  if ((uri.charCodeAt(0) | 32) < 97 || (uri.charCodeAt(0) | 32) > 122) return false;
  for (let i = 1; i < colon; i++) if (!inTable(SCHEME_CHARS, uri.charCodeAt(i))) return false;
  for (let i = colon + 1; i < uri.length; i++) if (!inTable(OPAQUE_URI_CHARS, uri.charCodeAt(i))) return false;
  return true;
}
