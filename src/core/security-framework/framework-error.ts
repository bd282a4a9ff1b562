/**
 * The one error of the security framework's wire formats and of the pre-shared crypto-system (seed 000 sections 4
 * and 6). Every failure on peer input is one of these, with a `kind` a person can be told about (docs/style.md
 * convention 4); nothing else escapes `openPreshared` or the parsers, whatever the bytes.
 */
export type FrameworkErrorKind =
  | 'malformed' // the attachment or a header value does not follow the seed's grammar (or Content-Length is wrong)
  | 'unknown-algorithm' // an Authorization or Encryption algorithm, or an X-SIP-SECURE-METHOD, we do not implement
  | 'unprotected' // NULL transforms where the caller required a keyed checksum
  | 'bad-checksum' // the keyed checksum over the integrity-checked area does not verify (tampered, or another key)
  | 'undecipherable' // the encrypted area does not decrypt under the key (AES-GCM tag check failed)
  | 'stale' // no timestamp, or a timestamp outside the clock-skew window
  | 'replay'; // (X-SIP-SECURE-TO, X-SIP-SECURE-FROM, nonce) was accepted before

export class FrameworkError extends Error {
  override readonly name = 'FrameworkError';
  constructor(
    readonly kind: FrameworkErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isFrameworkError(value: unknown, kind?: FrameworkErrorKind): value is FrameworkError {
  return value instanceof FrameworkError && (kind === undefined || value.kind === kind);
}

/** A value shown in a message: quoted, and cut at 80 characters so that a hostile header cannot flood a log. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}
