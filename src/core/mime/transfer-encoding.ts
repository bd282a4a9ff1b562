/**
 * Content-Transfer-Encoding, rfc2045#section-6: which mechanisms we know, and decoding/encoding leaf bodies.
 *
 * Receiving: `7bit`, `8bit` and `binary` are the identity. Bytes >= 0x80, NULs or long lines in a body labelled
 * `7bit` are tolerated (SIP is 8-bit clean and peers mislabel; nothing here depends on the label being true).
 * `base64` is strict: only the alphabet, `=` padding and whitespace (SP, HTAB, CR, LF) are allowed; anything else is
 * `malformed-mime` although rfc2045#section-6.8 lets decoders skip it, because silently dropping bytes of a
 * signed or encrypted object only moves the failure somewhere harder to explain.
 *
 * Sending: `7bit` and `8bit` bodies are checked against rfc2045#section-2.7/2.8 (no NUL, CR and LF only as CRLF,
 * lines of at most 998 octets, and for 7bit no octet >= 0x80); `binary` and an absent header are written as they are.
 */
import { fromBase64, latin1, toBase64 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { parseHeaderValue } from './header-params.ts';
import { decodeQuotedPrintable, encodeQuotedPrintable } from './quoted-printable.ts';

export type TransferEncoding = '7bit' | '8bit' | 'binary' | 'base64' | 'quoted-printable';

const KNOWN: readonly TransferEncoding[] = ['7bit', '8bit', 'binary', 'base64', 'quoted-printable'];

/** The identity encodings, the only ones a multipart or message entity may carry (rfc2045#section-6.4). */
export function isIdentityEncoding(cte: TransferEncoding): boolean {
  return cte === '7bit' || cte === '8bit' || cte === 'binary';
}

/**
 * Parses a Content-Transfer-Encoding value (case-insensitive, comments tolerated). Absent means `7bit`
 * (rfc2045#section-6.1). Unknown mechanisms, including `x-` ones, are an error of `kind`.
 */
export function parseTransferEncoding(
  header: string | undefined,
  kind: 'malformed-mime' | 'invalid-argument' = 'malformed-mime',
): TransferEncoding {
  if (header === undefined) return '7bit';
  let parsed;
  try {
    parsed = parseHeaderValue(header);
  } catch (error) {
    throw new CoreError(kind, `Content-Transfer-Encoding "${header.slice(0, 40)}" is not a token`, { cause: error });
  }
  const known = KNOWN.find((k) => k === parsed.value);
  if (!known || parsed.params.size > 0) throw new CoreError(kind, `unknown Content-Transfer-Encoding "${header.slice(0, 40)}"`);
  return known;
}

export function decodeTransferEncoding(cte: TransferEncoding, data: Uint8Array): Uint8Array {
  switch (cte) {
    case 'base64':
      return decodeBase64Body(data);
    case 'quoted-printable':
      return decodeQuotedPrintable(data);
    default:
      return data.slice();
  }
}

/** Encodes a leaf body; base64 is written in lines of 76 characters separated by CRLF (rfc2045#section-6.8). */
export function encodeTransferEncoding(cte: TransferEncoding, body: Uint8Array, explicit: boolean): Uint8Array {
  switch (cte) {
    case 'base64':
      return asciiBytes(toBase64(body, 76));
    case 'quoted-printable':
      return encodeQuotedPrintable(body);
    default:
      if (explicit) checkLineData(cte, body);
      return body.slice();
  }
}

/**
 * Enforces rfc2045#section-2.7 (7bit) / 2.8 (8bit) on bytes about to be sent with that label; `binary` passes.
 * A violation is the caller's mistake: `invalid-argument`.
 */
export function checkLineData(cte: TransferEncoding, body: Uint8Array): void {
  if (cte !== '7bit' && cte !== '8bit') return;
  let lineStart = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === 0) throw new CoreError('invalid-argument', `${cte} data may not contain NUL`);
    if (c >= 0x80 && cte === '7bit') throw new CoreError('invalid-argument', '7bit data may not contain octets >= 0x80; use base64 or 8bit');
    if (c === 13) {
      if (body[i + 1] !== 10) throw new CoreError('invalid-argument', `${cte} data may not contain a bare CR; use binary or base64`);
    } else if (c === 10) {
      if (body[i - 1] !== 13) throw new CoreError('invalid-argument', `${cte} data may not contain a bare LF; use binary or base64`);
      lineStart = i + 1;
    } else if (i - lineStart >= 998) {
      throw new CoreError('invalid-argument', `${cte} lines may not exceed 998 octets`);
    }
  }
}

/** The base64 alphabet, padding and the line whitespace of rfc2045#section-6.8; anything else is refused. */
const NOT_BASE64_BODY = /[^A-Za-z0-9+/= \t\r\n]/;

function decodeBase64Body(data: Uint8Array): Uint8Array {
  const text = latin1(data);
  const bad = NOT_BASE64_BODY.exec(text);
  if (bad) throw new CoreError('malformed-mime', `base64 body has an invalid octet 0x${text.charCodeAt(bad.index).toString(16).padStart(2, '0')} at ${bad.index}`);
  return fromBase64(text, 'malformed-mime');
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
