/**
 * The multipart body framing of rfc2046#section-5.1.1:
 *
 *   multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
 *                     *( CRLF dash-boundary transport-padding CRLF body-part )
 *                     CRLF dash-boundary "--" transport-padding [CRLF epilogue]
 *
 * The CRLF before each delimiter belongs to the delimiter, not to the part before it. Preamble and epilogue are
 * ignored. Transport padding (SP/HTAB after the boundary) is tolerated, and so are bare LF line ends.
 */
import { concatBytes, utf8 } from '../bytes.ts';
import { CoreError } from '../errors.ts';

export interface ByteRange {
  start: number;
  end: number;
}

const LF = 10;
const CR = 13;

/**
 * Finds the body parts of the multipart body `text[start, end)` (`text` is one char per byte). Calls `countPart`
 * for each part found, before looking for the next, so a caller can stop a flood of parts early. Throws
 * `malformed-mime` when there is no delimiter, no close delimiter, or no part at all.
 *
 * Linear: one `indexOf` scan over the range plus constant work per candidate delimiter.
 */
export function splitMultipart(text: string, start: number, end: number, boundary: string, countPart: () => void): ByteRange[] {
  const body = text.slice(start, end);
  const dash = `--${boundary}`;
  const parts: ByteRange[] = [];
  let partStart = -1; // -1 while still in the preamble
  let from = 0;
  for (;;) {
    const at = body.indexOf(dash, from);
    if (at < 0) {
      throw new CoreError(
        'malformed-mime',
        partStart < 0 ? `multipart body has no "--${boundary.slice(0, 70)}" delimiter` : 'multipart body has no close delimiter',
      );
    }
    from = at + 1;
    if (at > 0 && body.charCodeAt(at - 1) !== LF) continue; // not at the start of a line
    let j = at + dash.length;
    const close = body.startsWith('--', j);
    if (close) j += 2;
    while (j < body.length && (body.charCodeAt(j) === 32 || body.charCodeAt(j) === 9)) j++;
    let lineEnd: number;
    if (j === body.length) lineEnd = j;
    else if (body.charCodeAt(j) === LF) lineEnd = j + 1;
    else if (body.charCodeAt(j) === CR && body.charCodeAt(j + 1) === LF) lineEnd = j + 2;
    else continue; // "--boundary" followed by other text: an ordinary line
    if (partStart >= 0) {
      // `at - 1` is the LF that ends the part's last line; it and a CR before it belong to this delimiter.
      let partEnd = at - 1;
      if (partEnd > partStart && body.charCodeAt(partEnd - 1) === CR) partEnd--;
      countPart();
      parts.push({ start: start + partStart, end: start + Math.max(partStart, partEnd) });
    }
    if (close) {
      if (parts.length === 0) throw new CoreError('malformed-mime', 'multipart body has no body parts');
      return parts;
    }
    if (lineEnd === body.length) throw new CoreError('malformed-mime', 'multipart body has no close delimiter');
    partStart = lineEnd;
    from = lineEnd;
  }
}

/**
 * Frames already-encoded parts (headers + blank line + body each) with `boundary`: no preamble, CRLF line ends,
 * and a CRLF after the close delimiter.
 */
export function joinMultipart(boundary: string, parts: readonly Uint8Array[]): Uint8Array {
  const open = utf8(`--${boundary}\r\n`);
  const between = utf8(`\r\n--${boundary}\r\n`);
  const close = utf8(`\r\n--${boundary}--\r\n`);
  const pieces: Uint8Array[] = [];
  parts.forEach((part, i) => pieces.push(i === 0 ? open : between, part));
  pieces.push(close);
  return concatBytes(...pieces);
}
