/** Shared helpers for the MIME tests: message text from lines, and a plain-data view of parsed entities. */
import { fromLatin1, latin1 } from '../../../src/core/bytes.ts';
import type { MimeEntity } from '../../../src/core/mime/index.ts';
import { contentType } from '../../../src/core/mime/index.ts';

/** Lines joined with CRLF, as bytes (one byte per char). */
export function crlf(...lines: string[]): Uint8Array {
  return fromLatin1(lines.join('\r\n'));
}

/** Lines joined with a bare LF. */
export function lf(...lines: string[]): Uint8Array {
  return fromLatin1(lines.join('\n'));
}

export interface Shape {
  type: string;
  headers?: [string, string][];
  /** Leaf body, one char per byte. */
  body?: string;
  parts?: Shape[];
}

/** A plain description of an entity tree, for `toEqual`/`toMatchObject`. Multipart bodies are left out. */
export function shapeOf(entity: MimeEntity): Shape {
  const type = contentType(entity).value;
  if (entity.parts) return { type, headers: [...entity.headers], parts: entity.parts.map(shapeOf) };
  return { type, headers: [...entity.headers], body: latin1(entity.body) };
}
