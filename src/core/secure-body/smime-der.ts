/**
 * The DER ContentInfo inside an `application/pkcs7-mime` part, whatever its transfer encoding (docs/design.md "Bytes on
 * WebSocket": receivers accept base64 and binary, RFC 8591 section 5).
 *
 * Inside a multipart the part's own Content-Transfer-Encoding tells, and the MIME parser has already removed it.
 * A whole SIP body has no such header (RFC 3261 section 7.4 bodies are binary; JsSIP carries text, so ours are
 * base64 text), and some peers omit it on parts: then the octets decide. A DER ContentInfo is a SEQUENCE and
 * begins with 0x30; its base64 form begins with "M" (0x30 = 001100...), never with 0x30, so the two cannot be
 * confused.
 */
import { fromBase64, latin1 } from '../bytes.ts';
import { readSmimeEntity, type SmimePart } from '../cms/smime-entity.ts';
import { CoreError } from '../errors.ts';
import type { MimeEntity } from '../mime/index.ts';

const SEQUENCE = 0x30;

/** readSmimeEntity, with the content made DER: binary as it is, base64 decoded. Bad input is 'malformed-mime'. */
export function readSmimePart(entity: MimeEntity): SmimePart {
  const part = readSmimeEntity(entity);
  return { ...part, contentInfo: contentInfoBytes(part.contentInfo) };
}

function contentInfoBytes(body: Uint8Array): Uint8Array {
  if (body.length === 0) throw new CoreError('malformed-mime', 'the application/pkcs7-mime part is empty');
  if (body[0] === SEQUENCE) return body;
  const der = fromBase64(latin1(body), 'malformed-mime');
  if (der[0] !== SEQUENCE) throw new CoreError('malformed-mime', 'the application/pkcs7-mime part is neither DER nor base64 of DER');
  return der;
}
