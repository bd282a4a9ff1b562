/**
 * Parsing MIME entities from bytes (RFC 2045, rfc2046#section-5.1). Every failure on bad input is a CoreError of
 * kind `malformed-mime`; the limits in `MimeLimits` bound depth, part count and size.
 *
 * The input is viewed once as a one-char-per-byte string so that line and delimiter searches use the engine's
 * `indexOf`; offsets into that string are offsets into the bytes. Each nesting level scans only its own range,
 * so the work is O(depth x size).
 */
import { latin1 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { checkBoundary } from './boundary.ts';
import type { MimeEntity } from './entity.ts';
import { DEFAULT_CONTENT_TYPE } from './entity.ts';
import { parseContentDisposition, parseContentType } from './header-params.ts';
import { checkField, MimeHeaders, parseHeaderSection, type HeadersInit } from './headers.ts';
import { resolveLimits, type MimeLimits } from './limits.ts';
import { splitMultipart } from './multipart.ts';
import { decodeTransferEncoding, isIdentityEncoding, parseTransferEncoding } from './transfer-encoding.ts';

export interface ParseMimeOptions {
  limits?: Partial<MimeLimits>;
}

interface ParseContext {
  bytes: Uint8Array;
  text: string;
  limits: MimeLimits;
  parts: number;
}

/** Headers, an empty line, then the body (rfc2045#section-3); multipart bodies are parsed recursively. */
export function parseMimeEntity(bytes: Uint8Array, options: ParseMimeOptions = {}): MimeEntity {
  const ctx = context(bytes, options);
  return parseEntity(ctx, 0, bytes.length, 0);
}

/**
 * An entity whose header fields travel outside it, as in SIP: `contentType` is the carrier's Content-Type
 * (undefined when it has none), `extraHeaders` any other entity headers it carries (Content-Disposition,
 * Content-Transfer-Encoding, ...), and `body` the message body. A different Content-Type in both places is `malformed-mime`.
 */
export function parseMimeBody(
  contentType: string | undefined,
  body: Uint8Array,
  extraHeaders?: HeadersInit,
  options: ParseMimeOptions = {},
): MimeEntity {
  const ctx = context(body, options);
  const headers = new MimeHeaders();
  const fields: [string, string][] = contentType === undefined ? [] : [['Content-Type', contentType]];
  for (const [name, value] of extraHeaders ?? []) {
    // The headers of `buildMimeBody` may come back whole; the same Content-Type twice is not a conflict.
    if (contentType !== undefined && name.toLowerCase() === 'content-type' && value === contentType) continue;
    fields.push([name, value]);
  }
  for (const [name, value] of fields) {
    checkField(name, value, 'malformed-mime');
    headers.append(name, value);
  }
  return finishEntity(ctx, headers, 0, 0, body.length, 0);
}

function context(bytes: Uint8Array, options: ParseMimeOptions): ParseContext {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxBytes) throw new CoreError('malformed-mime', `MIME input of ${bytes.length} bytes exceeds the ${limits.maxBytes}-byte limit`);
  return { bytes, text: latin1(bytes), limits, parts: 0 };
}

function parseEntity(ctx: ParseContext, start: number, end: number, depth: number): MimeEntity {
  const { headers, bodyStart } = parseHeaderSection(ctx.text, start, end, ctx.limits.maxHeaders);
  return finishEntity(ctx, headers, start, bodyStart, end, depth);
}

function finishEntity(ctx: ParseContext, headers: MimeHeaders, start: number, bodyStart: number, end: number, depth: number): MimeEntity {
  for (const name of ['content-type', 'content-transfer-encoding', 'content-disposition']) {
    if (headers.getAll(name).length > 1) throw new CoreError('malformed-mime', `more than one ${name} header`);
  }
  const type = parseContentType(headers.get('content-type') ?? DEFAULT_CONTENT_TYPE);
  const cte = parseTransferEncoding(headers.get('content-transfer-encoding'));
  const disposition = headers.get('content-disposition');
  if (disposition !== undefined) parseContentDisposition(disposition);
  const raw = ctx.bytes.subarray(start, end);

  if (!type.value.startsWith('multipart/')) {
    return { headers, body: decodeTransferEncoding(cte, ctx.bytes.subarray(bodyStart, end)), raw };
  }
  if (!isIdentityEncoding(cte)) throw new CoreError('malformed-mime', `${type.value} may not use Content-Transfer-Encoding ${cte} (rfc2045#section-6.4)`);
  if (depth >= ctx.limits.maxDepth) throw new CoreError('malformed-mime', `multipart nesting deeper than ${ctx.limits.maxDepth}`);
  const boundary = type.params.get('boundary');
  if (boundary === undefined) throw new CoreError('malformed-mime', `${type.value} without a boundary parameter`);
  checkBoundary(boundary, 'malformed-mime');
  const ranges = splitMultipart(ctx.text, bodyStart, end, boundary, () => {
    if (++ctx.parts > ctx.limits.maxParts) throw new CoreError('malformed-mime', `more than ${ctx.limits.maxParts} body parts`);
  });
  const parts = ranges.map((r) => parseEntity(ctx, r.start, r.end, depth + 1));
  return { headers, body: ctx.bytes.slice(bodyStart, end), parts, raw };
}
