/** Byte helpers shared by the core. Everything works on Uint8Array; nothing here touches the DOM. */
import { CoreError } from './errors.ts';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Decodes UTF-8; invalid sequences become U+FFFD unless `strict`, which throws a CoreError. */
export function fromUtf8(bytes: Uint8Array, strict = false): string {
  if (!strict) return utf8Decoder.decode(bytes);
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch (error) {
    throw new CoreError('invalid-argument', 'bytes are not valid UTF-8', { cause: error });
  }
}

const utf16le = new TextDecoder('utf-16le');

/**
 * One char per byte (ISO-8859-1, U+0000..U+00FF): the exact bytes survive a trip through a JS string, and string
 * offsets are byte offsets, so the engine's native `indexOf` can search bytes. The bytes are widened to UTF-16LE
 * code units and decoded natively, about ten times faster than `String.fromCharCode` on large inputs. (No code
 * unit can be a byte order mark: each is below U+0100.)
 */
export function latin1(bytes: Uint8Array): string {
  // ASCII (base64 bodies, SIP and MIME headers: the usual case) decodes to the same string as UTF-8, natively. Any
  // octet >= 0x80 either joins a multi-byte sequence (the string is shorter) or becomes U+FFFD: then widen.
  const ascii = utf8Decoder.decode(bytes);
  if (ascii.length === bytes.length && ascii.indexOf('\uFFFD') < 0) return ascii;
  const wide = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) wide[2 * i] = bytes[i]!;
  return utf16le.decode(wide);
}

export function fromLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new CoreError('invalid-argument', `character U+${code.toString(16)} is not Latin-1`);
    out[i] = code;
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A fresh ArrayBuffer holding exactly these bytes (PKI.js and WebCrypto want that: docs/pkijs-notes.md "Traps"). */
export function toArrayBuffer(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes.slice(0);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new CoreError('invalid-argument', 'not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The platform's own base64 (TC39 Uint8Array base64: Chromium 140+, Firefox 133+, Safari 18.2+), when it has it; the
 * loops below otherwise (Node 20). Native code runs at full speed from the first message; a loop over kilobytes of
 * base64 runs interpreted until the engine has seen it often.
 */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: () => string }).toBase64;
/** RFC 4648 section 4 alphabet, padding only at the end: with a length that is a multiple of 4, exactly what we decode. */
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** RFC 4648 base64; `lineLength` (e.g. 76 for RFC 2045) inserts CRLF line breaks. */
export function toBase64(bytes: Uint8Array, lineLength = 0): string {
  if (nativeToBase64) {
    const flat = nativeToBase64.call(bytes);
    if (lineLength <= 0 || flat.length <= lineLength) return flat;
    const lines: string[] = [];
    for (let i = 0; i < flat.length; i += lineLength) lines.push(flat.slice(i, i + lineLength));
    return lines.join('\r\n');
  }
  let out = '';
  let line = 0;
  const push = (chunk: string): void => {
    if (lineLength > 0 && line + chunk.length > lineLength) {
      const room = lineLength - line;
      out += chunk.slice(0, room) + '\r\n' + chunk.slice(room);
      line = chunk.length - room;
    } else {
      out += chunk;
      line += chunk.length;
    }
  };
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    push(
      B64[(n >> 18) & 63]! +
        B64[(n >> 12) & 63]! +
        (b1 === undefined ? '=' : B64[(n >> 6) & 63]!) +
        (b2 === undefined ? '=' : B64[n & 63]!),
    );
  }
  return out;
}

/**
 * Decodes base64, ignoring whitespace (RFC 2045 section 6.8 line breaks). Any other character outside the
 * alphabet, bad padding or a truncated quantum gives a CoreError of `kind`.
 */
export function fromBase64(text: string, kind: 'invalid-argument' | 'malformed-mime' | 'malformed-pem' = 'invalid-argument'): Uint8Array {
  const clean = text.replace(/[\s]/g, '');
  if (clean.length % 4 !== 0) throw new CoreError(kind, 'base64 length is not a multiple of 4');
  if (nativeFromBase64 && STRICT_BASE64.test(clean)) return nativeFromBase64(clean);
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const last = i + 4 === clean.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const ch = clean.charCodeAt(i + j);
      if (ch === 61 /* = */ && last && j >= 4 - pad) {
        n <<= 6;
        continue;
      }
      const v = ch < 256 ? B64_INDEX[ch]! : -1;
      if (v < 0) throw new CoreError(kind, `invalid base64 character at ${i + j}`);
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function randomBytes(length: number, crypto: Crypto): Uint8Array {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out);
  return out;
}
