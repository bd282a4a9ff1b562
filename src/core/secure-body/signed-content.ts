/**
 * The content a secure body signs (RFC 3261 section 23.4.1.1: a MIME entity, then signed and encrypted):
 *
 * - the older form, without protected headers: the content entity alone (`Content-Type: application/sdp` CRLF CRLF
 *   SDP, or the text/plain entity);
 * - with protected headers (seed 000 sections 4 and 4.2.1): `multipart/mixed` (rfc2046#section-5.1.3) of the content
 *   entity first and the `message/sip-secure` part second (sip-secure-part.ts), so that one signature covers the
 *   content and the headers it travels with.
 *
 * Readers accept both; a content without a sip-secure part is the older form, reported as such (its headers are not
 * protected), and read exactly as before.
 */
import { CoreError, isCoreError } from '../errors.ts';
import { contentType, multipartEntity, parseMimeEntity, type MimeEntity } from '../mime/index.ts';
import { SIP_SECURE_TYPE, type ProtectedHeaders, type ProtectedHeadersInput } from './protected-headers.ts';
import { readSipSecurePart, sipSecurePart } from './sip-secure-part.ts';

/** The entity to sign: `content` alone, or with the sip-secure part for `protectedHeaders`. */
export function signedContentEntity(content: MimeEntity, protectedHeaders: ProtectedHeadersInput | undefined): MimeEntity {
  if (protectedHeaders === undefined) return content;
  return multipartEntity('mixed', [content, sipSecurePart(protectedHeaders)]);
}

export interface SignedContent {
  /** The content entity's bytes (headers and body), or the whole signed content in the older form. */
  content: Uint8Array;
  /** Present exactly when the signed content carried a sip-secure part. */
  protectedHeaders?: ProtectedHeaders;
}

/**
 * Splits verified signed content into the content and its protected headers. A content that is not a
 * multipart/mixed holding a `message/sip-secure` part is returned whole (the older form), even when it is not MIME at
 * all (a bare SDP): the body kind's reader judges it as it always did. A sip-secure part that is there but wrong
 * (more than one, other parts beside it, bad fields) is a CoreError ('malformed-mime' or 'malformed-sip').
 */
export function splitSignedContent(content: Uint8Array): SignedContent {
  let entity: MimeEntity;
  try {
    entity = parseMimeEntity(content);
    if (contentType(entity).value !== 'multipart/mixed') return { content };
  } catch (error) {
    if (isCoreError(error)) return { content };
    throw error;
  }
  const parts = entity.parts ?? [];
  const secure = parts.filter((part) => contentType(part).value === SIP_SECURE_TYPE);
  if (secure.length === 0) return { content };
  if (secure.length > 1) throw new CoreError('malformed-mime', `the signed content holds ${secure.length} message/sip-secure parts, not one`);
  if (parts.length !== 2) {
    throw new CoreError('malformed-mime', `the signed multipart/mixed must hold the content and one message/sip-secure part, not ${parts.length} parts`);
  }
  const inner = parts.find((part) => part !== secure[0])!;
  // The parser gives every part its `raw` bytes: its own header section and body.
  return { content: inner.raw!, protectedHeaders: readSipSecurePart(secure[0]!) };
}
