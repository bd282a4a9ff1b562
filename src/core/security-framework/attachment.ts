/**
 * The sip-secure attachment (seed 000 sections 4.2.1 to 4.2.3), read and written in this one place:
 *
 *   Content-Type: message/sip-secure
 *   Content-Length: nnn
 *   X-SIP-SECURE-FROM: UAC@mtcc.com
 *   X-SIP-SECURE-TO: UAS@mtcc.com
 *   X-SIP-SECURE-SUPPORTS: SMIME.sec.sip.iana=(r:mtcc.com)      <- supports variant (4.2.2), or
 *   X-SIP-SECURE-REQUIRES: CHAP.sec.sip.iana                    <- requires variant (4.2.3)
 *   X-SIP-SECURE-METHOD: preshared.sec.sip.iana
 *   Authentication: NULL                                        <- the other fields, in order
 *   Encryption: NULL
 *
 * "Format: Required-headers [Required-headers]* [Other-headers]*" with the required headers Content-Type,
 * Content-Length, X-SIP-SECURE-TO, X-SIP-SECURE-FROM and X-SIP-SECURE-METHOD (section 4.2.1). Each of those, and
 * SUPPORTS and REQUIRES, may appear once ("a single X-SIP-SECURE-SUPPORTS header", 4.2.2; "only one method" in
 * METHOD, 4.1.5). The attachment is the MIME body part itself, header section first ("the character following the
 * MIME boundary's linefeed", section 6).
 *
 * Content-Length counts the attachment's own octets from its first one, header fields included (section 6: the
 * integrity-checked area "begins at the begining of the attachment ... for Content-Length octets"), so a writer
 * computes the number that, written in, makes the count true. It "MUST be present" when an Authorization (the seed's
 * examples spell it Authentication) or Encryption field is (section 6); otherwise it SHOULD be, and a reader accepts
 * its absence. When present it must equal the length read, exactly: trailing octets outside the checked area would be
 * unprotected. (The S/MIME path's part inside a signature, secure-body/sip-secure-part.ts, writes the MIME meaning,
 * the body's length, 0; it is never read by this module.)
 *
 * Errors on input are FrameworkError 'malformed'; a bad argument to the writer is one too, never a raw exception.
 */
import { parseSecureMethod, parseSecureRequires, SECURE_METHOD_HEADER, SECURE_REQUIRES_HEADER, SECURE_SUPPORTS_HEADER, formatSecureRequires, type SecureMethod } from '../secure-body/secure-requires.ts';
import { SIP_SECURE_TYPE } from '../secure-body/protected-headers.ts';
import { concatBytes, utf8 } from '../bytes.ts';
import { isCoreError } from '../errors.ts';
import { FrameworkError, shown } from './framework-error.ts';
import { fieldLine, readHeaderArea, type HeaderArea, type RawField } from './header-area.ts';
import { formatSecureAddress, parseSecureFrom, parseSecureTo, SECURE_FROM_HEADER, SECURE_TO_HEADER, type SecureAddress } from './secure-address.ts';

export { SIP_SECURE_TYPE };
export const CONTENT_LENGTH_HEADER = 'Content-Length';
/** Section 6's field; the seed's examples in section 5 write `Authentication`, read here as the same field. */
export const AUTHORIZATION_HEADER = 'Authorization';
export const AUTHENTICATION_SPELLING = 'Authentication';
export const ENCRYPTION_HEADER = 'Encryption';

/** The most an attachment may take; ours are well under 2 KiB, the S/MIME path's part at most 16 KiB. */
export const MAX_ATTACHMENT_BYTES = 64 * 1024;

export type HeaderField = readonly [name: string, value: string];

export interface SipSecureAttachment {
  secureFrom: SecureAddress;
  secureTo: SecureAddress;
  /** The supports variant (4.2.2): the crypto-systems the supplier offers. */
  supports?: SecureMethod[];
  /** The requires variant (4.2.3): what the X-SIP-SECURE-TO entity must supply. */
  requires?: SecureMethod[];
  /** X-SIP-SECURE-METHOD: the one method that secures this attachment (4.1.5). */
  method: SecureMethod;
  /** The other fields after the required ones, in order, as written (Authorization, Encryption, Accept, ...). */
  fields: HeaderField[];
  /** Octets after an empty line, if the attachment has one. */
  body?: Uint8Array;
}

export interface ParsedAttachment extends SipSecureAttachment {
  /** Content-Length as written, when present (it equals `octets`). */
  contentLength?: number;
  /** Every field with its offsets (for the pre-shared crypto-system's checked and encrypted areas). */
  area: HeaderArea;
  octets: number;
}

export type AttachmentVariant = 'requires' | 'supports' | 'secured';

/** Which variant (4.2.2, 4.2.3): a challenge if it requires, else an offer if it supports, else plain secured. */
export function attachmentVariant(attachment: Pick<SipSecureAttachment, 'requires' | 'supports'>): AttachmentVariant {
  if (attachment.requires !== undefined) return 'requires';
  if (attachment.supports !== undefined) return 'supports';
  return 'secured';
}

const SINGLE = [CONTENT_LENGTH_HEADER, SECURE_TO_HEADER, SECURE_FROM_HEADER, SECURE_METHOD_HEADER, SECURE_SUPPORTS_HEADER, SECURE_REQUIRES_HEADER].map((n) => n.toLowerCase());

/** Reads an attachment's octets; FrameworkError 'malformed' for anything the grammar above does not allow. */
export function parseSipSecureAttachment(bytes: Uint8Array): ParsedAttachment {
  if (!(bytes instanceof Uint8Array)) throw new FrameworkError('malformed', 'an attachment must be bytes');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw bad(`${bytes.length} octets, more than ${MAX_ATTACHMENT_BYTES}`);
  const area = readHeaderArea(bytes);
  const byName = new Map<string, RawField>();
  const fields: HeaderField[] = [];
  for (const [index, field] of area.fields.entries()) {
    const lower = field.name.toLowerCase();
    if (index === 0 && lower !== 'content-type') throw bad('the first field must be Content-Type (seed 000 section 4.2.1)');
    if (lower === 'content-type') {
      if (index !== 0) throw bad('more than one Content-Type');
      if (field.value.split(';')[0]!.trim().toLowerCase() !== SIP_SECURE_TYPE) throw bad(`Content-Type ${shown(field.value)} is not ${SIP_SECURE_TYPE}`);
      continue;
    }
    if (SINGLE.includes(lower)) {
      if (byName.has(lower)) throw bad(`more than one ${field.name}`);
      byName.set(lower, field);
      continue;
    }
    if (lower === 'via') throw bad('a Via must not be placed in a secure attachment (seed 000 section 4)');
    fields.push([field.name, field.value]);
  }
  if (area.fields.length === 0) throw bad('no fields');
  const one = (name: string): string => {
    const field = byName.get(name.toLowerCase());
    if (!field) throw bad(`no ${name} (seed 000 section 4.2.1)`);
    return field.value;
  };
  const read = <T>(name: string, value: string, parse: (text: string) => T): T => {
    try {
      return parse(value);
    } catch (error) {
      if (isCoreError(error)) throw bad(`${name}: ${error.message}`);
      throw error;
    }
  };
  const methods = (name: string, value: string): SecureMethod[] => read(name, value, parseSecureRequires);
  const lengthField = byName.get(CONTENT_LENGTH_HEADER.toLowerCase());
  let contentLength: number | undefined;
  if (lengthField) {
    if (!/^\d{1,7}$/.test(lengthField.value)) throw bad(`Content-Length ${shown(lengthField.value)} is not a number of octets`);
    contentLength = Number(lengthField.value);
    if (contentLength !== bytes.length) throw bad(`Content-Length ${contentLength} is not the attachment's ${bytes.length} octets (counted from its first octet, seed 000 section 6)`);
  } else if (fields.some(([name]) => isTransformField(name))) {
    throw bad('Content-Length MUST be present with an Authorization or Encryption field (seed 000 section 6)');
  }
  const method = read(SECURE_METHOD_HEADER, one(SECURE_METHOD_HEADER), parseSecureMethod);
  const supports = byName.get(SECURE_SUPPORTS_HEADER.toLowerCase());
  const requires = byName.get(SECURE_REQUIRES_HEADER.toLowerCase());
  const parsed: ParsedAttachment = {
    secureFrom: parseSecureFrom(one(SECURE_FROM_HEADER)),
    secureTo: parseSecureTo(one(SECURE_TO_HEADER)),
    method,
    fields,
    area,
    octets: bytes.length,
  };
  if (supports) parsed.supports = methods(SECURE_SUPPORTS_HEADER, supports.value);
  if (requires) parsed.requires = methods(SECURE_REQUIRES_HEADER, requires.value);
  if (contentLength !== undefined) parsed.contentLength = contentLength;
  if (area.bodyStart !== undefined) parsed.body = bytes.subarray(area.bodyStart);
  return parsed;
}

/**
 * The attachment's octets: Content-Type, Content-Length, X-SIP-SECURE-FROM, -TO, -SUPPORTS, -REQUIRES, -METHOD, the
 * other fields, then the body after an empty line when there is one. Content-Length is always written (4.2.1).
 */
export function formatSipSecureAttachment(attachment: SipSecureAttachment): Uint8Array {
  const tail = tailLines(attachment);
  const body = attachment.body;
  const rest = concatBytes(utf8(tail.join('')), body === undefined ? new Uint8Array(0) : concatBytes(utf8('\r\n'), body));
  return withContentLength(fieldLine('Content-Type', SIP_SECURE_TYPE), rest);
}

/** The field lines after Content-Length, as formatSipSecureAttachment writes them. */
export function tailLines(attachment: SipSecureAttachment): string[] {
  if (typeof attachment !== 'object' || attachment === null) throw new FrameworkError('malformed', 'an attachment is required');
  const lines = [fieldLine(SECURE_FROM_HEADER, formatSecureAddress(attachment.secureFrom)), fieldLine(SECURE_TO_HEADER, formatSecureAddress(attachment.secureTo))];
  if (attachment.secureFrom.wildcard) throw new FrameworkError('malformed', 'X-SIP-SECURE-FROM cannot be a wildcard');
  const methods = (list: SecureMethod | readonly SecureMethod[]): string => {
    try {
      return formatSecureRequires(list);
    } catch (error) {
      if (isCoreError(error)) throw new FrameworkError('malformed', error.message, { cause: error });
      throw error;
    }
  };
  if (attachment.supports !== undefined) lines.push(fieldLine(SECURE_SUPPORTS_HEADER, methods(attachment.supports)));
  if (attachment.requires !== undefined) lines.push(fieldLine(SECURE_REQUIRES_HEADER, methods(attachment.requires)));
  lines.push(fieldLine(SECURE_METHOD_HEADER, methods(attachment.method)));
  for (const [name, value] of attachment.fields) {
    if (SINGLE.includes(name.toLowerCase()) || name.toLowerCase() === 'content-type') throw new FrameworkError('malformed', `${name} is written from its own property, not from fields`);
    lines.push(fieldLine(name, value));
  }
  return lines;
}

/**
 * `head` + `Content-Length: n` CRLF + `rest`, with n the length of the whole (section 6: counted from the first
 * octet). n is a fixed point: the digits it takes are part of what it counts.
 */
export function withContentLength(head: string, rest: Uint8Array): Uint8Array {
  const headBytes = utf8(head);
  const fixed = headBytes.length + utf8(`${CONTENT_LENGTH_HEADER}: \r\n`).length + rest.length;
  let n = fixed + 1;
  while (fixed + String(n).length !== n) n = fixed + String(n).length;
  if (n > MAX_ATTACHMENT_BYTES) throw new FrameworkError('malformed', `the attachment would be ${n} octets, more than ${MAX_ATTACHMENT_BYTES}`);
  return concatBytes(headBytes, utf8(fieldLine(CONTENT_LENGTH_HEADER, String(n))), rest);
}

export function isTransformField(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === AUTHORIZATION_HEADER.toLowerCase() || lower === AUTHENTICATION_SPELLING.toLowerCase() || lower === ENCRYPTION_HEADER.toLowerCase();
}

function bad(why: string): FrameworkError {
  return new FrameworkError('malformed', `sip-secure attachment: ${why}`);
}
