/**
 * `%` HEX HEX escapes in URIs (rfc3261#section-19.1.2, rfc3261#section-25.1 `escaped`).
 */
import { fromLatin1, fromUtf8, utf8 } from '../bytes.ts';
import { inTable, isHexDigit, UNRESERVED } from './chars.ts';

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/** Whether text[i] starts a well-formed escape. */
function isEscape(text: string, i: number): boolean {
  return text.charCodeAt(i) === 37 && isHexDigit(text.charCodeAt(i + 1)) && isHexDigit(text.charCodeAt(i + 2));
}

/** Decodes every escape; the octets are read as UTF-8 (invalid sequences become U+FFFD). */
export function unescapeUri(text: string): string {
  if (text.indexOf('%') < 0) return text;
  let latin = '';
  for (let i = 0; i < text.length; i++) {
    if (isEscape(text, i)) {
      latin += String.fromCharCode(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2)));
      i += 2;
    } else {
      latin += text[i]!;
    }
  }
  // Characters outside Latin-1 cannot appear in a parsed URI; keep them as they are if a caller passes some.
  for (let i = 0; i < latin.length; i++) if (latin.charCodeAt(i) > 0xff) return latin;
  return fromUtf8(fromLatin1(latin));
}

/**
 * Decodes the escapes of unreserved characters only and upper-cases the hex of the others: the form in which two
 * equivalent components are equal strings (rfc3261#section-19.1.4: "characters other than those in the reserved set
 * are equivalent to their escaped encoding").
 */
export function decodeUnreserved(text: string): string {
  if (text.indexOf('%') < 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (isEscape(text, i)) {
      const code = hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2));
      out += inTable(UNRESERVED, code) ? String.fromCharCode(code) : text.slice(i, i + 3).toUpperCase();
      i += 2;
    } else {
      out += text[i]!;
    }
  }
  return out;
}

/**
 * `text` with every character outside `allowed` escaped (as UTF-8 octets). Existing well-formed escapes are kept, so
 * a component parsed from a URI comes back unchanged and a raw one from a caller becomes safe to embed.
 */
export function escapeUriComponent(text: string, allowed: Uint8Array): string {
  let clean = true;
  for (let i = 0; i < text.length && clean; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 ? !isEscape(text, i) : !inTable(allowed, c)) clean = false;
  }
  if (clean) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 && isEscape(text, i)) {
      out += text.slice(i, i + 3);
      i += 2;
    } else if (c !== 37 && inTable(allowed, c)) {
      out += text[i]!;
    } else {
      const end = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? i + 2 : i + 1;
      for (const b of utf8(text.slice(i, end))) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
      i = end - 1;
    }
  }
  return out;
}
