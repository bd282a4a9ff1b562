/**
 * The body of a 493 Undecipherable: our certificate as `application/pkcs7-mime; smime-type=certs-only`
 * (rfc3261#section-23.2, RFC 8591 section 9, RFC 8551 section 3.6), so that the sender can encrypt to us next time.
 *
 *   Content-Type: application/pkcs7-mime; smime-type=certs-only; name=smime.p7c
 *   Content-Disposition: attachment; handling=optional; filename=smime.p7c
 *
 * `.p7c` is RFC 8551 section 3.2.1's file extension for certs-only. `handling=optional`: a UAC that cannot use
 * the certificate still understands the 493 itself. The body is base64 text like every body we send.
 */
import { fromLatin1, fromUtf8 } from '../bytes.ts';
import { isSmimeEntity } from '../cms/smime-entity.ts';
import { buildCertsOnly, parseCertsOnly } from '../cms/signed/certs-only.ts';
import { CoreError, wrapErrorsSync } from '../errors.ts';
import { buildMimeBody, leafEntity, parseMimeBody } from '../mime/index.ts';
import type { BuiltBody } from './build-secure-body.ts';
import { readSmimePart } from './smime-der.ts';

export interface CertsOnlyBody extends BuiltBody {
  contentDisposition: string;
}

export function certsOnlyBody(certificate: Uint8Array): CertsOnlyBody {
  const entity = leafEntity({
    contentType: { value: 'application/pkcs7-mime', params: { 'smime-type': 'certs-only', name: 'smime.p7c' } },
    transferEncoding: 'base64',
    disposition: { value: 'attachment', params: { handling: 'optional', filename: 'smime.p7c' } },
    body: buildCertsOnly([certificate]),
  });
  const built = buildMimeBody(entity);
  return { contentType: built.contentType, contentDisposition: built.headers.get('content-disposition')!, body: fromUtf8(built.body) };
}

export interface CertsOnlyInput {
  contentType: string;
  /** A string is Latin-1, one char per byte. */
  body: Uint8Array | string;
}

/**
 * The certificates (DER) of a certs-only body, base64 or binary. They are NOT trusted by arriving here: the caller
 * must check them (RFC 6072 section 10.3) before encrypting to them. Bad input: CoreError 'malformed-mime' or
 * 'malformed-cms'.
 */
export function readCertsOnlyBody(input: CertsOnlyInput): Uint8Array[] {
  return wrapErrorsSync('malformed-mime', 'certs-only body', () => {
    const bytes = typeof input.body === 'string' ? fromLatin1(input.body) : input.body;
    const entity = parseMimeBody(input.contentType, bytes);
    if (!isSmimeEntity(entity)) throw new CoreError('malformed-mime', 'a certs-only body must be application/pkcs7-mime');
    const part = readSmimePart(entity);
    if (part.smimeType !== null && part.smimeType !== 'certs-only') {
      throw new CoreError('malformed-mime', `expected smime-type=certs-only, got ${part.smimeType}`);
    }
    return parseCertsOnly(part.contentInfo);
  });
}
