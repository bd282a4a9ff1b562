/**
 * The Identity header field value (rfc4474#section-9): the signature over the digest-string, base64 (RFC 4648)
 * in double quotes.
 *
 *   Identity = "Identity" HCOLON signed-identity-digest
 *   signed-identity-digest = LDQUOT 32LHEX RDQUOT   ; as printed; read as base64, see below
 *
 * RFC 4474's own text and example, and every implementation, carry base64 between the quotes (the 32LHEX of the
 * ABNF is a known error), so that is what we write and read.
 */
import { fromBase64, toBase64 } from '../bytes.ts';
import { CoreError } from '../errors.ts';

/** A 16384-bit RSA signature in base64 is 2732 characters; anything much longer is not an Identity. */
const MAX_LENGTH = 4096;

/** The header field value: the base64 signature in double quotes. */
export function formatIdentityHeader(signature: Uint8Array): string {
  return `"${toBase64(signature)}"`;
}

/**
 * The signature bytes of an Identity header field value. Quotes are expected; whitespace (line folding) inside
 * is ignored; an unquoted value is read too. Anything that is not base64 is a CoreError 'bad-signature'
 * (438 Invalid Identity Header).
 */
export function parseIdentityHeader(value: string): Uint8Array {
  if (value.length > MAX_LENGTH) throw new CoreError('bad-signature', 'the Identity header is too long');
  let text = value.trim();
  if (text.startsWith('"')) {
    if (text.length < 2 || !text.endsWith('"')) throw new CoreError('bad-signature', 'the Identity header has no closing quote');
    text = text.slice(1, -1);
  }
  let signature: Uint8Array;
  try {
    signature = fromBase64(text);
  } catch (error) {
    throw new CoreError('bad-signature', `the Identity header is not base64: ${(error as Error).message}`, { cause: error });
  }
  if (signature.length === 0) throw new CoreError('bad-signature', 'the Identity header is empty');
  return signature;
}
