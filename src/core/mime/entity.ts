/**
 * The MIME entity (rfc2045#section-2.4): header fields plus content, either a leaf body or, for `multipart/*`,
 * a list of body parts (rfc2046#section-5.1). Helpers here read the well-known headers and construct entities.
 */
import { utf8 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import {
  formatHeaderValue,
  isToken,
  parseContentDisposition,
  parseContentType,
  type HeaderParamsInit,
  type HeaderValue,
} from './header-params.ts';
import { MimeHeaders, type HeadersInit } from './headers.ts';
import { parseTransferEncoding, type TransferEncoding } from './transfer-encoding.ts';

export interface MimeEntity {
  headers: MimeHeaders;
  /**
   * A leaf's content with the Content-Transfer-Encoding removed. For a parsed multipart, the multipart body as
   * received (preamble, delimiters and epilogue included); the builder ignores it and frames `parts` instead.
   */
  body: Uint8Array;
  /** Body parts, exactly when the Content-Type is `multipart/*`. */
  parts?: MimeEntity[];
  /**
   * Set by the parser: the exact bytes this entity was read from (its header section, when it had one in the
   * input, and its encoded body). A view into the input, not a copy. multipart/signed (RFC 1847) verifies
   * `parts[0].raw`. Ignored by the builder.
   */
  raw?: Uint8Array;
}

/** rfc2045#section-5.2: no Content-Type means `text/plain; charset=us-ascii`. */
export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=us-ascii';

/** The parsed Content-Type, or the RFC 2045 default. A malformed header is `malformed-mime`. */
export function contentType(entity: Pick<MimeEntity, 'headers'>): HeaderValue {
  return parseContentType(entity.headers.get('content-type') ?? DEFAULT_CONTENT_TYPE);
}

/** The parsed Content-Disposition (RFC 2183, RFC 3261 section 20.11), or undefined when absent. */
export function contentDisposition(entity: Pick<MimeEntity, 'headers'>): HeaderValue | undefined {
  const header = entity.headers.get('content-disposition');
  return header === undefined ? undefined : parseContentDisposition(header);
}

/** The Content-Transfer-Encoding mechanism; absent means `7bit` (rfc2045#section-6.1). */
export function transferEncoding(entity: Pick<MimeEntity, 'headers'>): TransferEncoding {
  return parseTransferEncoding(entity.headers.get('content-transfer-encoding'));
}

export function isMultipart(entity: Pick<MimeEntity, 'headers'>): boolean {
  return contentType(entity).value.startsWith('multipart/');
}

/**
 * The `handling` disposition parameter (rfc3261#section-20.11, RFC 3204): `optional` only when it says so;
 * missing or any other value means `required`, as RFC 3261 says to assume.
 */
export function dispositionHandling(entity: Pick<MimeEntity, 'headers'>): 'optional' | 'required' {
  const handling = contentDisposition(entity)?.params.get('handling');
  return handling?.toLowerCase() === 'optional' ? 'optional' : 'required';
}

/** A header value given as text (`application/sdp`) or already split into value and parameters. */
export type HeaderValueInit = string | { value: string; params?: HeaderParamsInit };

export interface LeafEntityInit {
  contentType: HeaderValueInit;
  /** The content itself (not transfer-encoded); a string is taken as UTF-8. */
  body: Uint8Array | string;
  /** Written as Content-Transfer-Encoding; omitted, the body goes out as it is with no such header. */
  transferEncoding?: TransferEncoding;
  disposition?: HeaderValueInit;
  extraHeaders?: HeadersInit;
}

/**
 * A leaf entity with headers in this order: Content-Type, Content-Transfer-Encoding, Content-Disposition, extras.
 * Bad values are `invalid-argument`.
 */
export function leafEntity(init: LeafEntityInit): MimeEntity {
  const headers = new MimeHeaders();
  const type = headerValueText(init.contentType);
  const parsedType = parseContentType(type, 'invalid-argument');
  if (parsedType.value.startsWith('multipart/')) throw new CoreError('invalid-argument', 'use multipartEntity for multipart/* content');
  headers.append('Content-Type', type);
  if (init.transferEncoding !== undefined) {
    parseTransferEncoding(init.transferEncoding, 'invalid-argument');
    headers.append('Content-Transfer-Encoding', init.transferEncoding);
  }
  if (init.disposition !== undefined) {
    const disposition = headerValueText(init.disposition);
    parseContentDisposition(disposition, 'invalid-argument');
    headers.append('Content-Disposition', disposition);
  }
  for (const [name, value] of init.extraHeaders ?? []) headers.append(name, value);
  const body = typeof init.body === 'string' ? utf8(init.body) : init.body;
  return { headers, body };
}

/**
 * A `multipart/<subtype>` entity. `params` may carry `boundary` (else the builder generates one), or e.g.
 * `protocol`/`micalg` for multipart/signed or `type` for multipart/related.
 */
export function multipartEntity(subtype: string, parts: MimeEntity[], params?: HeaderParamsInit): MimeEntity {
  if (!isToken(subtype)) throw new CoreError('invalid-argument', `"${subtype}" is not a multipart subtype`);
  if (parts.length === 0) throw new CoreError('invalid-argument', 'a multipart entity needs at least one part');
  const headers = new MimeHeaders([['Content-Type', formatHeaderValue(`multipart/${subtype.toLowerCase()}`, params)]]);
  return { headers, body: new Uint8Array(0), parts: [...parts] };
}

function headerValueText(init: HeaderValueInit): string {
  if (typeof init === 'string') return init;
  return formatHeaderValue(init.value, init.params);
}
