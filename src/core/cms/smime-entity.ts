/**
 * S/MIME body parts as SIP carries them (RFC 3261 section 23.4, RFC 3853, RFC 8551 section 3.2):
 *
 *   Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m
 *   Content-Transfer-Encoding: base64
 *   Content-Disposition: attachment; handling=required; filename=smime.p7m
 *
 * base64, because JsSIP carries text frames (docs/design.md "Bytes on WebSocket"); receivers accept binary too, which
 * the MIME parser decodes by its Content-Transfer-Encoding.
 */
import { CoreError } from '../errors.ts';
import { contentDisposition, contentType, leafEntity, type MimeEntity } from '../mime/index.ts';
import { CONTENT_TYPE_OID } from '../oids.ts';
import { contentTypeOf } from './content-info.ts';

/** RFC 8551 section 3.2.2 smime-type values, plus RFC 5083's auth-enveloped-data. */
export type SmimeType = 'enveloped-data' | 'auth-enveloped-data' | 'signed-data' | 'certs-only';

const SMIME_TYPE_BY_OID: Record<string, SmimeType> = {
  [CONTENT_TYPE_OID.envelopedData]: 'enveloped-data',
  [CONTENT_TYPE_OID.authEnvelopedData]: 'auth-enveloped-data',
  [CONTENT_TYPE_OID.signedData]: 'signed-data',
};

export interface SmimeEntityOptions {
  /** RFC 3261 section 20.11; default `required`. */
  handling?: 'optional' | 'required';
  /** Default `attachment`; the secure bodies use `session` for SDP, `render` for text (docs/secure-bodies.md). */
  disposition?: 'attachment' | 'render' | 'session';
}

/** An `application/pkcs7-mime` entity around a DER ContentInfo, base64 encoded. */
export function smimeEntity(contentInfo: Uint8Array, smimeType: SmimeType, options: SmimeEntityOptions = {}): MimeEntity {
  return leafEntity({
    contentType: { value: 'application/pkcs7-mime', params: { 'smime-type': smimeType, name: 'smime.p7m' } },
    transferEncoding: 'base64',
    disposition: {
      value: options.disposition ?? 'attachment',
      params: { handling: options.handling ?? 'required', filename: 'smime.p7m' },
    },
    body: contentInfo,
  });
}

/**
 * The smime-type a ContentInfo calls for: signed-data, enveloped-data, auth-enveloped-data. A SignedData with no
 * signers is certs-only only when the caller says so (the DER alone cannot distinguish an empty-signer message).
 */
export function smimeTypeOf(contentInfo: Uint8Array): SmimeType {
  const oid = contentTypeOf(contentInfo);
  const type = SMIME_TYPE_BY_OID[oid];
  if (!type) throw new CoreError('unsupported', `CMS content type ${oid} is not an S/MIME type we use`);
  return type;
}

export interface SmimePart {
  smimeType: SmimeType | null;
  contentInfo: Uint8Array;
  handling: 'optional' | 'required';
}

/** True for `application/pkcs7-mime` (and the legacy `application/x-pkcs7-mime`, RFC 8551 section 3.2.1). */
export function isSmimeEntity(entity: Pick<MimeEntity, 'headers'>): boolean {
  const type = contentType(entity).value;
  return type === 'application/pkcs7-mime' || type === 'application/x-pkcs7-mime';
}

/** Reads an S/MIME part: its DER ContentInfo (transfer encoding already removed by the parser) and handling. */
export function readSmimeEntity(entity: MimeEntity): SmimePart {
  if (!isSmimeEntity(entity)) throw new CoreError('malformed-mime', `expected application/pkcs7-mime, got ${contentType(entity).value}`);
  const declared = contentType(entity).params.get('smime-type')?.toLowerCase();
  const known: SmimeType[] = ['enveloped-data', 'auth-enveloped-data', 'signed-data', 'certs-only'];
  const smimeType = known.find((t) => t === declared) ?? null;
  const handling = contentDisposition(entity)?.params.get('handling')?.toLowerCase() === 'optional' ? 'optional' : 'required';
  return { smimeType, contentInfo: entity.body, handling };
}
