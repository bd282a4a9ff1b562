/**
 * Quoted-Printable content transfer encoding, rfc2045#section-6.7. Both directions are exact on arbitrary bytes:
 * the encoder writes a CRLF pair as a hard line break and a lone CR or LF as `=0D` / `=0A`.
 */
import { CoreError } from '../errors.ts';

const CR = 13;
const LF = 10;
const SP = 32;
const TAB = 9;
const EQ = 61;
const MAX_LINE = 76;
const HEX = '0123456789ABCDEF';

/**
 * Decodes quoted-printable. Hard line breaks (CRLF, or a bare LF from a careless transport) become CRLF; soft
 * breaks (`=` then optional whitespace then a line break) vanish; whitespace at the end of a line is dropped
 * (rule 3). Lower-case hex digits are accepted. An `=` that starts neither an escape nor a soft break, and a bare
 * CR, are `malformed-mime`.
 */
export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length * 2);
  let o = 0;
  let i = 0;
  const end = input.length;
  while (i < end) {
    const c = input[i]!;
    if (c === EQ) {
      const hi = hexValue(input[i + 1]);
      const lo = hexValue(input[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 3;
        continue;
      }
      let j = i + 1;
      while (j < end && (input[j] === SP || input[j] === TAB)) j++;
      const brk = lineBreakLength(input, j);
      if (j === end || brk > 0) {
        i = j + brk;
        continue;
      }
      throw new CoreError('malformed-mime', `quoted-printable: "=" at ${i} is neither an escape nor a soft line break`);
    }
    if (c === SP || c === TAB) {
      let j = i;
      while (j < end && (input[j] === SP || input[j] === TAB)) j++;
      // Whitespace before a line break or the end was added by a transport (rule 3); keep it only mid-line.
      if (j < end && lineBreakLength(input, j) === 0) {
        out.set(input.subarray(i, j), o);
        o += j - i;
      }
      i = j;
      continue;
    }
    if (c === LF || c === CR) {
      const brk = lineBreakLength(input, i);
      if (brk === 0) throw new CoreError('malformed-mime', `quoted-printable: bare CR at ${i}`);
      out[o++] = CR;
      out[o++] = LF;
      i += brk;
      continue;
    }
    out[o++] = c;
    i++;
  }
  return out.slice(0, o);
}

/** Encodes quoted-printable with lines of at most 76 characters (soft breaks `=` CRLF). */
export function encodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const chunks: string[] = [];
  let line = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === CR && input[i + 1] === LF) {
      chunks.push(line, '\r\n');
      line = '';
      i++;
      continue;
    }
    let token: string;
    const atLineEnd = i + 1 === input.length || (input[i + 1] === CR && input[i + 2] === LF);
    if ((c === SP || c === TAB) && !atLineEnd) token = String.fromCharCode(c);
    else if (c >= 33 && c <= 126 && c !== EQ) token = String.fromCharCode(c);
    else token = '=' + HEX[c >> 4]! + HEX[c & 15]!;
    if (line.length + token.length > MAX_LINE - 1) {
      chunks.push(line, '=\r\n');
      line = '';
    }
    line += token;
  }
  chunks.push(line);
  const text = chunks.join('');
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** 2 for CRLF, 1 for a bare LF, 0 otherwise. */
function lineBreakLength(input: Uint8Array, at: number): number {
  if (input[at] === LF) return 1;
  if (input[at] === CR && input[at + 1] === LF) return 2;
  return 0;
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
