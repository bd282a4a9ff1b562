/** RFC 2045/2046 MIME for SealPhone: bytes in, bytes out. Decisions: docs/mime.md. */
export { MimeHeaders, type HeadersInit } from './headers.ts';
export {
  formatHeaderValue,
  formatParsedValue,
  parseContentDisposition,
  parseContentType,
  parseHeaderValue,
  type HeaderParamsInit,
  type HeaderValue,
} from './header-params.ts';
export { parseTransferEncoding, type TransferEncoding } from './transfer-encoding.ts';
export { isValidBoundary, type BoundaryRandom } from './boundary.ts';
export {
  DEFAULT_CONTENT_TYPE,
  contentDisposition,
  contentType,
  dispositionHandling,
  isMultipart,
  leafEntity,
  multipartEntity,
  transferEncoding,
  type HeaderValueInit,
  type LeafEntityInit,
  type MimeEntity,
} from './entity.ts';
export { parseMimeBody, parseMimeEntity, type ParseMimeOptions } from './parse.ts';
export { buildMimeBody, buildMimeEntity, type BuildMimeOptions, type MimeBody } from './build.ts';
export { DEFAULT_MIME_LIMITS, type MimeLimits } from './limits.ts';
