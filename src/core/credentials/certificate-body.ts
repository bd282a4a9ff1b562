/**
 * The body of a certificate package NOTIFY (RFC 6072 section 6.4): `application/pkix-cert`, one DER certificate
 * (RFC 2585 section 4.1). SIP over WebSocket carries it base64 (`Content-Transfer-Encoding: base64`, RFC 8591
 * section 5, docs/design.md "Bytes on WebSocket"); other senders send it binary. Both are read.
 */
import { CoreError } from '../errors.ts';
import { parseContentType, parseMimeBody } from '../mime/index.ts';
import { looksLikePem } from '../pem.ts';
import { PKIX_CERT } from './media-types.ts';
import type { ReceivedMessage } from './received-message.ts';

/** The entity header fields a SIP message carries for its body, besides Content-Type. */
export const BODY_HEADERS = ['Content-Transfer-Encoding', 'Content-Disposition'] as const;

/** The Content-Transfer-Encoding and Content-Disposition fields of `message`, for parseMimeBody. */
export function bodyHeaders(message: ReceivedMessage): [string, string][] {
  const fields: [string, string][] = [];
  for (const name of BODY_HEADERS) {
    const value = message.headers.get(name);
    if (value !== undefined) fields.push([name, value]);
  }
  return fields;
}

/**
 * The DER certificate of a non-empty certificate NOTIFY. A missing or other Content-Type, a broken transfer
 * encoding or a PEM body is a CoreError ('malformed-mime' or 'malformed-der'); whether the bytes are a certificate
 * is parseCertificate's question.
 */
export function certificateFromNotifyBody(message: ReceivedMessage): Uint8Array {
  const typeHeader = message.headers.get('Content-Type');
  if (typeHeader === undefined) throw new CoreError('malformed-mime', 'the NOTIFY has a body but no Content-Type');
  const type = parseContentType(typeHeader).value;
  if (type !== PKIX_CERT) throw new CoreError('malformed-mime', `the NOTIFY carries ${type}; the certificate package carries ${PKIX_CERT}`);
  const der = parseMimeBody(typeHeader, message.body, bodyHeaders(message)).body;
  if (der.length === 0) throw new CoreError('malformed-der', 'the certificate body is empty once its transfer encoding is undone');
  if (looksLikePem(der)) throw new CoreError('malformed-der', `the body is PEM text; ${PKIX_CERT} is DER (RFC 2585 section 4.1)`);
  return der;
}
