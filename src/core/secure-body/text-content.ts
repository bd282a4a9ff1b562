/**
 * Reading the text of a leaf entity: SDP (RFC 8866 section 5: UTF-8 by default) and text/plain (RFC 2046 section
 * 4.1.2 charset; RFC 3428 section 9 lets a MESSAGE carry any). We read UTF-8 (and its US-ASCII subset) and
 * ISO-8859-1; other charsets are 'unsupported'. Invalid UTF-8 becomes U+FFFD: the text is shown, not interpreted.
 */
import { fromUtf8, latin1 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { contentType, isMultipart, parseMimeEntity, type MimeEntity } from '../mime/index.ts';

export const APPLICATION_SDP = 'application/sdp';
export const TEXT_PLAIN = 'text/plain';

/** The text of a `text/*` or `application/sdp` leaf, decoded by its charset. */
export function leafText(entity: MimeEntity): string {
  const charset = (contentType(entity).params.get('charset') ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return fromUtf8(entity.body);
  if (charset === 'iso-8859-1' || charset === 'latin1') return latin1(entity.body);
  throw new CoreError('unsupported', `charset ${charset} is not supported`);
}

/** The text of `entity` when it is a `mediaType` leaf; 'malformed-mime' otherwise. */
export function textOfType(entity: MimeEntity, mediaType: string): string {
  const type = contentType(entity).value;
  if (type !== mediaType || isMultipart(entity)) throw new CoreError('malformed-mime', `expected ${mediaType}, found ${type}`);
  return leafText(entity);
}

/**
 * The signed content of RFC 3261 section 23.4.1.1, a MIME entity (`Content-Type: application/sdp` CRLF CRLF SDP),
 * read as `mediaType`. With `bareSdp`, content that is an SDP without MIME headers (it starts with `v=`, RFC 8866
 * section 5) is taken as it is: some UAs sign the SDP alone.
 */
export function innerText(content: Uint8Array, mediaType: string, bareSdp = false): string {
  if (bareSdp && content[0] === 0x76 /* v */ && content[1] === 0x3d /* = */) return fromUtf8(content);
  return textOfType(parseMimeEntity(content), mediaType);
}
