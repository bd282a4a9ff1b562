/**
 * The body of the `credential` event package (RFC 6072 section 7.5) and of a credential PUBLISH: `multipart/mixed` of
 * an `application/pkix-cert` part (the DER certificate, RFC 2585) and an `application/pkcs8` part (the key as a DER
 * PKCS#8 EncryptedPrivateKeyInfo, RFC 5958 section 3; docs/design.md "Keys and certificates": a clear key never leaves
 * the browser).
 *
 * We build both parts with `Content-Transfer-Encoding: base64`, because JsSIP carries SIP over WebSocket as text (RFC
 * 8591 section 5, docs/design.md "Bytes on WebSocket"). We read base64 or binary parts, and also a multipart with the
 * certificate alone or a bare `application/pkix-cert` body (what the credential server sends when only a certificate
 * was published). The credential server reads PUBLISH bodies with its own code (server/credentials/publish-body.ts);
 * this module is the shared core version both sides could use.
 */
import { CoreError, isCoreError } from '../errors.ts';
import {
  buildMimeBody,
  contentType,
  leafEntity,
  multipartEntity,
  parseContentType,
  parseMimeBody,
  type BuildMimeOptions,
  type HeadersInit,
  type MimeBody,
  type MimeEntity,
} from '../mime/index.ts';
import { decodeEncryptedPrivateKeyInfo } from '../pkcs8/encrypted-private-key-info.ts';
import { looksLikeClearPrivateKeyInfo } from '../pkcs8/private-key-info.ts';
import { decodeCertificate } from '../x509/decode-certificate.ts';
import { MULTIPART_MIXED, PKCS8, PKIX_CERT } from './media-types.ts';

export interface CredentialParts {
  /** The DER certificate. */
  certificate: Uint8Array;
  /** The DER EncryptedPrivateKeyInfo; absent when only a certificate was published. */
  encryptedKey?: Uint8Array;
}

/** Refuses a clear PrivateKeyInfo and anything that is not an EncryptedPrivateKeyInfo, with errors of `kind`. */
function checkEncryptedKey(der: Uint8Array, kind: 'invalid-argument' | 'malformed-key'): void {
  if (looksLikeClearPrivateKeyInfo(der)) {
    throw new CoreError(kind, 'the key is a clear PrivateKeyInfo; a credential carries only an encrypted key (PKCS#8 EncryptedPrivateKeyInfo)');
  }
  try {
    decodeEncryptedPrivateKeyInfo(der);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    throw new CoreError(kind, `the key is not a PKCS#8 EncryptedPrivateKeyInfo: ${error.message}`, { cause: error });
  }
}

/**
 * The credential body to PUBLISH: headers to put on the request (Content-Type with the boundary) and the body bytes.
 * The certificate must decode as an X.509 certificate and the key as an EncryptedPrivateKeyInfo (a clear key is
 * refused); otherwise a CoreError 'invalid-argument'. `options.crypto` randomises the boundary.
 */
export function buildCredentialBody(parts: CredentialParts, options: BuildMimeOptions = {}): MimeBody {
  try {
    decodeCertificate(parts.certificate);
  } catch (error) {
    if (!isCoreError(error)) throw error;
    throw new CoreError('invalid-argument', `the certificate is not an X.509 certificate: ${error.message}`, { cause: error });
  }
  const entities = [leafEntity({ contentType: PKIX_CERT, body: parts.certificate, transferEncoding: 'base64' })];
  if (parts.encryptedKey !== undefined) {
    checkEncryptedKey(parts.encryptedKey, 'invalid-argument');
    entities.push(leafEntity({ contentType: PKCS8, body: parts.encryptedKey, transferEncoding: 'base64' }));
  }
  return buildMimeBody(multipartEntity('mixed', entities), options);
}

function partType(part: MimeEntity): string {
  return contentType(part).value;
}

/**
 * Reads a credential body: `contentType` is the message's Content-Type, `extraHeaders` its other entity headers
 * (Content-Transfer-Encoding, Content-Disposition). An empty body means "no credential" and is for the caller to test
 * first; here it is an error. Errors (CoreError): 'malformed-mime' for the MIME structure (no Content-Type, another
 * type, not exactly one certificate part, more than one key part, a part of another type), 'malformed-der' or
 * 'malformed-certificate' for a certificate that does not decode, 'malformed-key' for a key part that is not an
 * EncryptedPrivateKeyInfo (a clear key included).
 */
export function parseCredentialBody(contentTypeHeader: string | undefined, body: Uint8Array, extraHeaders?: HeadersInit): CredentialParts {
  if (contentTypeHeader === undefined) throw new CoreError('malformed-mime', 'the credential body has no Content-Type');
  if (body.length === 0) throw new CoreError('malformed-mime', 'the credential body is empty (no credential)');
  const type = parseContentType(contentTypeHeader).value;
  if (type !== MULTIPART_MIXED && type !== PKIX_CERT) {
    throw new CoreError('malformed-mime', `a credential body is ${MULTIPART_MIXED} (or ${PKIX_CERT} alone), not ${type}`);
  }
  const entity = parseMimeBody(contentTypeHeader, body, extraHeaders);
  const parts = type === PKIX_CERT ? [entity] : (entity.parts ?? []);
  const certificates: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  for (const part of parts) {
    const t = partType(part);
    if (t === PKIX_CERT) certificates.push(part.body);
    else if (t === PKCS8) keys.push(part.body);
    else throw new CoreError('malformed-mime', `a credential body part of type ${t}; the parts are ${PKIX_CERT} and ${PKCS8}`);
  }
  if (certificates.length !== 1) throw new CoreError('malformed-mime', `a credential body holds one ${PKIX_CERT} part, not ${certificates.length}`);
  if (keys.length > 1) throw new CoreError('malformed-mime', `a credential body holds at most one ${PKCS8} part, not ${keys.length}`);
  const certificate = certificates[0]!;
  decodeCertificate(certificate);
  const encryptedKey = keys[0];
  if (encryptedKey === undefined) return { certificate };
  checkEncryptedKey(encryptedKey, 'malformed-key');
  return { certificate, encryptedKey };
}
