/**
 * Bytes viewed as a string of one UTF-16 code unit per byte (U+0000..U+00FF), so that the engine's native
 * `indexOf` can search them and string offsets equal byte offsets. Same result as `latin1()` in `../bytes.ts`,
 * but about ten times faster on large inputs: the bytes are widened to UTF-16LE and decoded natively.
 */
const utf16le = new TextDecoder('utf-16le');

export function byteString(bytes: Uint8Array): string {
  const wide = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) wide[2 * i] = bytes[i]!;
  return utf16le.decode(wide);
}
