/**
 * Writing MIME entities to bytes (RFC 2045, rfc2046#section-5.1), with CRLF line ends throughout. Leaf bodies are
 * encoded per their Content-Transfer-Encoding; multipart entities are framed from their `parts` with the boundary
 * from their Content-Type or a generated one that provably does not occur in any encoded part.
 *
 * Anything unusable in the entity tree is the caller's mistake and a CoreError of kind `invalid-argument`. The
 * builder refuses trees that the parser's default limits would refuse (nesting depth, part count); it does not
 * limit size.
 */
import { concatBytes, latin1 } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { BoundaryGenerator, checkBoundary, delimiterOccurs, type BoundaryRandom } from './boundary.ts';
import { DEFAULT_CONTENT_TYPE, type MimeEntity } from './entity.ts';
import { formatHeaderValue, parseContentDisposition, parseContentType } from './header-params.ts';
import { headerBytes, type MimeHeaders } from './headers.ts';
import { DEFAULT_MIME_LIMITS } from './limits.ts';
import { joinMultipart } from './multipart.ts';
import { checkLineData, encodeTransferEncoding, isIdentityEncoding, parseTransferEncoding } from './transfer-encoding.ts';

export interface BuildMimeOptions {
  /** Randomness for generated boundaries; without it they are `sealphone-boundary-<n>`, deterministic per call. */
  crypto?: BoundaryRandom;
}

/** What a carrier such as SIP needs: the entity's header fields (Content-Type among them) and its body. */
export interface MimeBody {
  /** The Content-Type to send, including a generated boundary. */
  contentType: string;
  /** All entity header fields to put on the carrier (Content-Type, Content-Disposition, ...). */
  headers: MimeHeaders;
  body: Uint8Array;
}

interface BuildContext {
  boundaries: BoundaryGenerator;
  parts: number;
}

const CRLF = new Uint8Array([13, 10]);
const MAX_BOUNDARY_ATTEMPTS = 100;

/** The whole entity: header section, empty line, encoded body. */
export function buildMimeEntity(entity: MimeEntity, options: BuildMimeOptions = {}): Uint8Array {
  const { headers, body } = encodeEntity(entity, { boundaries: new BoundaryGenerator(options.crypto), parts: 0 }, 0);
  return concatBytes(headerBytes(headers), CRLF, body);
}

/** The entity split for a carrier that holds the headers itself (SIP: Content-Type and friends, then the body). */
export function buildMimeBody(entity: MimeEntity, options: BuildMimeOptions = {}): MimeBody {
  const { headers, body } = encodeEntity(entity, { boundaries: new BoundaryGenerator(options.crypto), parts: 0 }, 0);
  return { contentType: headers.get('content-type') ?? DEFAULT_CONTENT_TYPE, headers, body };
}

function encodeEntity(entity: MimeEntity, ctx: BuildContext, depth: number): { headers: MimeHeaders; body: Uint8Array } {
  const headers = entity.headers.clone();
  for (const name of ['content-type', 'content-transfer-encoding', 'content-disposition']) {
    if (headers.getAll(name).length > 1) throw new CoreError('invalid-argument', `more than one ${name} header`);
  }
  const type = parseContentType(headers.get('content-type') ?? DEFAULT_CONTENT_TYPE, 'invalid-argument');
  const cteHeader = headers.get('content-transfer-encoding');
  const cte = parseTransferEncoding(cteHeader, 'invalid-argument');
  const disposition = headers.get('content-disposition');
  if (disposition !== undefined) parseContentDisposition(disposition, 'invalid-argument');

  if (!type.value.startsWith('multipart/')) {
    if (entity.parts !== undefined) throw new CoreError('invalid-argument', `a ${type.value} entity cannot have parts`);
    return { headers, body: encodeTransferEncoding(cte, entity.body, cteHeader !== undefined) };
  }
  if (!isIdentityEncoding(cte)) throw new CoreError('invalid-argument', `${type.value} may not use Content-Transfer-Encoding ${cte} (rfc2045#section-6.4)`);
  const parts = entity.parts;
  if (!parts || parts.length === 0) throw new CoreError('invalid-argument', `${type.value} entity without parts`);
  if (depth >= DEFAULT_MIME_LIMITS.maxDepth) throw new CoreError('invalid-argument', `multipart nesting deeper than ${DEFAULT_MIME_LIMITS.maxDepth}`);
  ctx.parts += parts.length;
  if (ctx.parts > DEFAULT_MIME_LIMITS.maxParts) throw new CoreError('invalid-argument', `more than ${DEFAULT_MIME_LIMITS.maxParts} body parts`);

  const encoded = parts.map((part) => {
    const e = encodeEntity(part, ctx, depth + 1);
    return concatBytes(headerBytes(e.headers), CRLF, e.body);
  });
  const texts = encoded.map((bytes) => latin1(bytes));
  let boundary = type.params.get('boundary');
  if (boundary !== undefined) {
    checkBoundary(boundary, 'invalid-argument');
    const given = boundary;
    if (texts.some((t) => delimiterOccurs(t, given, false))) throw new CoreError('invalid-argument', `boundary "${given}" occurs inside a part`);
  } else {
    for (let attempt = 0; attempt < MAX_BOUNDARY_ATTEMPTS && boundary === undefined; attempt++) {
      const candidate = ctx.boundaries.next();
      if (!texts.some((t) => delimiterOccurs(t, candidate, true))) boundary = candidate;
    }
    if (boundary === undefined) throw new CoreError('invalid-argument', 'could not find a boundary that occurs in no part');
    const params = new Map(type.params);
    params.set('boundary', boundary);
    headers.set('Content-Type', formatHeaderValue(type.value, params));
  }
  const body = joinMultipart(boundary, encoded);
  if (cteHeader !== undefined) checkLineData(cte, body);
  return { headers, body };
}
