/**
 * Multipart boundaries, rfc2046#section-5.1.1:
 *
 *   boundary := 0*69<bchars> bcharsnospace
 *   bchars   := bcharsnospace / " "
 *   bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?"
 */
import { CoreError } from '../errors.ts';

const BCHARS_NOSPACE = "'()+_,-./:=?";

export function isValidBoundary(boundary: string): boolean {
  if (boundary.length < 1 || boundary.length > 70 || boundary.endsWith(' ')) return false;
  for (let i = 0; i < boundary.length; i++) {
    const c = boundary.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum && c !== 32 && !BCHARS_NOSPACE.includes(boundary[i]!)) return false;
  }
  return true;
}

/** Randomness for boundaries; any WebCrypto `Crypto` will do. */
export type BoundaryRandom = Pick<Crypto, 'getRandomValues'>;

/**
 * Yields boundary candidates for one build. With `crypto`, each is `sealphone-` and 32 random hex digits
 * (RFC 2046 asks for boundaries unlikely to occur in the data); without it, `sealphone-boundary-1`, `-2`, ...,
 * deterministic per build. Either way the builder checks each candidate against the encoded parts and moves on
 * to the next one on a collision, so neither randomness nor the counter is what makes the output correct.
 */
export class BoundaryGenerator {
  private counter = 0;

  constructor(private readonly crypto?: BoundaryRandom) {}

  next(): string {
    if (this.crypto) {
      const random = new Uint8Array(16);
      this.crypto.getRandomValues(random);
      let hex = '';
      for (const b of random) hex += b.toString(16).padStart(2, '0');
      return `sealphone-${hex}`;
    }
    this.counter++;
    return `sealphone-boundary-${this.counter}`;
  }
}

/**
 * Whether `--boundary` occurs at the start of any line of `text` (one char per byte), which is what the boundary
 * delimiter must never do inside an encapsulated part (rfc2046#section-5.1.1).
 */
export function delimiterOccurs(text: string, boundary: string, anywhere: boolean): boolean {
  const dash = `--${boundary}`;
  for (let i = text.indexOf(dash); i >= 0; i = text.indexOf(dash, i + 1)) {
    if (anywhere || i === 0 || text.charCodeAt(i - 1) === 10) return true;
  }
  return false;
}

export function checkBoundary(boundary: string, kind: 'malformed-mime' | 'invalid-argument'): void {
  if (!isValidBoundary(boundary)) throw new CoreError(kind, `invalid multipart boundary "${boundary.slice(0, 80)}" (rfc2046#section-5.1.1)`);
}
