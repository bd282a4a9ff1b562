/**
 * The short authentication string (SAS) two people read to each other to confirm that nobody sits between their
 * DTLS-SRTP endpoints (docs/design.md "Secure calls"; issue 6). It is derived from both DTLS certificate fingerprints
 * (the `a=fingerprint` values of the offer and the answer), so a man in the middle, who must present his own
 * certificates to each side, makes the two sides see different words. Scheme "SealPhone SAS 1":
 *
 * 1. Each side's fingerprints are normalised (dtls-fingerprint.ts: `sha-256 AB:CD:...`), de-duplicated, sorted and
 *    joined by LF; the two sides are sorted too, so caller and callee compute the same input:
 *    `input = "SealPhone SAS 1" LF low LF LF high` (UTF-8).
 * 2. `key = PBKDF2-HMAC-SHA256(password = input, salt = "SealPhone SAS 1", 65536 iterations, 32 bytes)`. The stretch
 *    (about 15-50 ms once per call) makes each certificate a man in the middle tries while the phone rings cost as
 *    much, which matters because the SDP offer/answer has no commitment step as ZRTP's hash commitment is.
 * 3. The first 4 bytes of the key as PGP words (pgp-words.ts): 32 bits, e.g. "atlas politeness ruffled almighty".
 *
 * The fingerprints must be those of fresh per-call DTLS certificates (the browser default): with reused, known
 * certificates a man in the middle could search for a matching pair in advance.
 */
import { toArrayBuffer, utf8 } from '../bytes.ts';
import { CoreError, wrapErrors } from '../errors.ts';
import { normalizeDtlsFingerprint } from './dtls-fingerprint.ts';
import { toPgpWords } from './pgp-words.ts';

/** Names the scheme; a change to any step below gets a new label. */
export const SAS_LABEL = 'SealPhone SAS 1';
export const SAS_ITERATIONS = 65_536;
/** Words shown by default: 4 words, 32 bits. */
export const SAS_DEFAULT_WORDS = 4;
/** The most words the 32-byte key gives that anyone would read aloud. */
export const SAS_MAX_WORDS = 8;

export interface ShortAuthenticationString {
  /** The words, in reading order. */
  words: string[];
  /** The words joined by single spaces. */
  text: string;
}

function side(fingerprints: string | readonly string[], which: string): string {
  const list = typeof fingerprints === 'string' ? [fingerprints] : fingerprints;
  if (list.length === 0) throw new CoreError('invalid-argument', `the ${which} side has no DTLS fingerprint`);
  return [...new Set(list.map(normalizeDtlsFingerprint))].sort().join('\n');
}

/** Step 1: the bytes both sides stretch, whichever of them is `local`. */
export function sasInput(local: string | readonly string[], remote: string | readonly string[]): Uint8Array {
  const [low, high] = [side(local, 'local'), side(remote, 'remote')].sort();
  return utf8(`${SAS_LABEL}\n${low}\n\n${high}`);
}

/**
 * The SAS of a call from the local and the remote `a=fingerprint` values (one string or several per side). Which side
 * is the caller does not matter. Unreadable fingerprints are a CoreError ('invalid-argument', or 'unsupported' for md5
 * and other hash functions we do not take).
 */
export async function shortAuthenticationString(
  local: string | readonly string[],
  remote: string | readonly string[],
  crypto: Crypto,
  options: { words?: number } = {},
): Promise<ShortAuthenticationString> {
  const count = options.words ?? SAS_DEFAULT_WORDS;
  if (!Number.isInteger(count) || count < 1 || count > SAS_MAX_WORDS) throw new CoreError('invalid-argument', `words must be a whole number from 1 to ${SAS_MAX_WORDS}`);
  const input = sasInput(local, remote);
  const key = await wrapErrors('unsupported', 'PBKDF2-HMAC-SHA256 is not available', async () => {
    const password = await crypto.subtle.importKey('raw', toArrayBuffer(input), 'PBKDF2', false, ['deriveBits']);
    const params: Pbkdf2Params = { name: 'PBKDF2', hash: 'SHA-256', salt: toArrayBuffer(utf8(SAS_LABEL)), iterations: SAS_ITERATIONS };
    return new Uint8Array(await crypto.subtle.deriveBits(params, password, 256));
  });
  const words = toPgpWords(key.subarray(0, count));
  return { words, text: words.join(' ') };
}
