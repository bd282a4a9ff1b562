/**
 * The one error class of the pure core. Every failure carries a `kind` that a person can be told about
 * (docs/style.md convention 4); `message` adds the detail for logs.
 */
export type CoreErrorKind =
  | 'invalid-argument' // the caller passed something unusable (a bug, not bad input)
  | 'malformed-mime' // RFC 2045/2046 structure is broken
  | 'malformed-der' // ASN.1 DER/BER could not be decoded
  | 'malformed-pem' // PEM armour is broken
  | 'malformed-sip' // a SIP message or header value does not follow RFC 3261 (src/core/sip)
  | 'malformed-certificate' // DER decoded, but it is not a usable X.509 certificate
  | 'malformed-cms' // DER decoded, but it is not a CMS structure we understand
  | 'malformed-key' // PKCS#8 / key material is unusable
  | 'unsupported' // well-formed, but uses an algorithm or feature we do not implement
  | 'undecipherable' // no recipient info for our key, or decryption failed (wrong key, tampered)
  | 'wrong-passphrase' // PBES2 decryption failed
  | 'key-mismatch' // a private key that does not belong to the certificate it came with
  | 'bad-signature' // signature does not verify
  | 'untrusted-certificate' // signer certificate is not the one expected
  | 'expired'; // outside its validity window

export class CoreError extends Error {
  override readonly name = 'CoreError';
  constructor(
    readonly kind: CoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCoreError(value: unknown, kind?: CoreErrorKind): value is CoreError {
  return value instanceof CoreError && (kind === undefined || value.kind === kind);
}

/** Runs `fn`, turning anything that is not already a CoreError into one of `kind`. */
export async function wrapErrors<T>(kind: CoreErrorKind, what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asCoreError(error, kind, what);
  }
}

/** wrapErrors for synchronous work, such as a PKI.js schema check. */
export function wrapErrorsSync<T>(kind: CoreErrorKind, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asCoreError(error, kind, what);
  }
}

function asCoreError(error: unknown, kind: CoreErrorKind, what: string): CoreError {
  if (error instanceof CoreError) return error;
  return new CoreError(kind, `${what}: ${describe(error)}`, { cause: error });
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
