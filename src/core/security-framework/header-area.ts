/**
 * The header area of a sip-secure attachment, byte by byte (seed 000 sections 4.2.1 and 6). The pre-shared
 * crypto-system checks and encrypts ranges of octets ("for Content-Length octets", "the character following the
 * linefeed at the end of the Encryption header"), so the reader keeps where every field starts and ends.
 *
 *   attachment = *( field-name ":" value LF ) [ LF *OCTET ]      (each LF may be preceded by CR)
 *
 * A field name is a SIP token (rfc3261#section-25.1); values are UTF-8 and trimmed. Folded lines are refused: the
 * seed never folds an attachment's fields and each field must be locatable on its own line. The reading stops at
 * the first empty line; what follows it is the body.
 */
import { fromUtf8, latin1, utf8 } from '../bytes.ts';
import { isTokenChar } from '../sip/chars.ts';
import { FrameworkError, shown } from './framework-error.ts';

export interface RawField {
  name: string;
  value: string;
  /** Offset of the line's first octet. */
  start: number;
  /** Offsets of the (trimmed) value. */
  valueStart: number;
  valueEnd: number;
  /** Offset just after the line's LF. */
  end: number;
}

export interface HeaderArea {
  fields: RawField[];
  /** Offset just after the last field's LF: where the empty line, or the end, is. */
  fieldsEnd: number;
  /** Offset of the body after the empty line, when there is an empty line. */
  bodyStart?: number;
}

/** More fields than any attachment of the seed, SealPhone's or a hostile peer's needs. */
export const MAX_FIELDS = 64;

export function readHeaderArea(bytes: Uint8Array): HeaderArea {
  const text = latin1(bytes);
  const fields: RawField[] = [];
  let at = 0;
  while (at < text.length) {
    const lf = text.indexOf('\n', at);
    if (lf < 0) throw bad('the last field does not end with a line feed');
    const lineEnd = lf > at && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
    if (lineEnd === at) return { fields, fieldsEnd: at, bodyStart: lf + 1 };
    const c = text.charCodeAt(at);
    if (c === 32 || c === 9) throw bad('folded field lines are not allowed in a sip-secure attachment');
    const colon = text.indexOf(':', at);
    if (colon < 0 || colon > lineEnd) throw bad(`line ${shown(text.slice(at, lineEnd))} is not a header field`);
    const name = text.slice(at, colon).replace(/[ \t]+$/, '');
    if (name.length === 0 || ![...name].every((ch) => isTokenChar(ch.charCodeAt(0)))) throw bad(`${shown(name)} is not a field name`);
    let valueStart = colon + 1;
    let valueEnd = lineEnd;
    while (valueStart < valueEnd && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
    while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
    let value: string;
    try {
      value = fromUtf8(bytes.subarray(valueStart, valueEnd), true);
    } catch (error) {
      throw new FrameworkError('malformed', `the ${name} field is not UTF-8`, { cause: error });
    }
    if (/[\0\r]/.test(value)) throw bad(`the ${name} field holds a control character`);
    fields.push({ name, value, start: at, valueStart, valueEnd, end: lf + 1 });
    if (fields.length > MAX_FIELDS) throw bad(`more than ${MAX_FIELDS} fields`);
    at = lf + 1;
  }
  return { fields, fieldsEnd: at };
}

/** `name: value` CRLF, refusing what would not read back as the same one field. */
export function fieldLine(name: string, value: string): string {
  if (name.length === 0 || ![...name].every((ch) => isTokenChar(ch.charCodeAt(0)))) throw new FrameworkError('malformed', `${shown(name)} is not a field name`);
  if (/[\0\r\n]/.test(value) || value !== value.trim()) throw new FrameworkError('malformed', `the ${name} value ${shown(value)} cannot be written on one line`);
  return `${name}: ${value}\r\n`;
}

/** The UTF-8 octets of field lines. */
export function fieldBytes(lines: readonly string[]): Uint8Array {
  return utf8(lines.join(''));
}

function bad(why: string): FrameworkError {
  return new FrameworkError('malformed', `sip-secure attachment: ${why}`);
}
