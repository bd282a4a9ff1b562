/**
 * Reading and checking the body of a credential PUBLISH (RFC 6072 section 7, RFC 3903 section 6 step 6):
 * `multipart/mixed` of one `application/pkix-cert` and at most one `application/pkcs8`, or an `application/pkix-cert`
 * alone; each part base64 or binary (any identity encoding). The certificate must parse, be inside its validity window,
 * carry a self-signature that verifies with its own key (proof of possession, RFC 6072 section 10.6),
 * not be a CA (cA=false), and (our policy, docs/design.md "Keys and certificates") carry a SubjectAltName URI equal to
 * the publisher's AOR. The key must be an EncryptedPrivateKeyInfo: the server never takes a clear private key
 * (docs/design.md "Keys and certificates", RFC 6072 section 10.5).
 *
 * Refusals: 415 with Accept for a type we do not take, 400 with a precise reason phrase for the rest ("Bad
 * certificate: expired"). 400 rather than 488, which RFC 3261 reserves for session descriptions, and 400 rather than
 * 415 for a bad self-signature: 415 (RFC 3903 section 6 step 6, RFC 3261 section 21.4.13) says the media type is not
 * understood, while here the type is ours and its content is wrong (RFC 3261 section 21.4.1).
 */
import { describe, isCoreError } from '../../src/core/errors.ts';
import { contentType, parseContentType, parseMimeBody, type MimeEntity } from '../../src/core/mime/index.ts';
import { decodeEncryptedPrivateKeyInfo } from '../../src/core/pkcs8/encrypted-private-key-info.ts';
import { looksLikeClearPrivateKeyInfo } from '../../src/core/pkcs8/private-key-info.ts';
import type { SipRequest } from '../../src/core/sip/index.ts';
import { parseCertificate, type ParsedCertificate } from '../../src/core/x509/index.ts';
import { MULTIPART_MIXED, PKCS8, PKIX_CERT } from './notify-body.ts';
import { aorOfUri } from './request-checks.ts';

/** The Accept of our 415 answers. */
export const PUBLISH_ACCEPT = `${MULTIPART_MIXED}, ${PKIX_CERT}`;

export interface PublishedCredential {
  certificate: ParsedCertificate;
  /** The PKCS#8 EncryptedPrivateKeyInfo DER, when the publication carries the key. */
  encryptedKey?: Uint8Array;
}

/** A PUBLISH the compositor refuses: the status, the reason phrase, and the detail for the Warning header and logs. */
export class PublishRefusal extends Error {
  override readonly name = 'PublishRefusal';
  constructor(
    readonly status: 400 | 415,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${status} ${reason}: ${detail}`);
  }
}

/** Reads the PUBLISH body for `aor` at time `now` (ms); a PublishRefusal when it is not a credential we keep. */
export async function readPublishedCredential(request: SipRequest, aor: string, crypto: Crypto, now: number): Promise<PublishedCredential> {
  const parts = bodyParts(request);
  const certificates = parts.filter((p) => p.type === PKIX_CERT);
  const keys = parts.filter((p) => p.type === PKCS8);
  if (certificates.length !== 1) throw new PublishRefusal(400, 'Bad Request: expected one application/pkix-cert part', `${certificates.length} certificate parts`);
  if (keys.length > 1) throw new PublishRefusal(400, 'Bad Request: expected at most one application/pkcs8 part', `${keys.length} key parts`);
  const certificate = await checkCertificate(certificates[0]!.body, aor, crypto, now);
  const key = keys[0]?.body;
  if (key === undefined) return { certificate };
  checkEncryptedKey(key);
  return { certificate, encryptedKey: key.slice() };
}

interface Part {
  type: string;
  body: Uint8Array;
}

function bodyParts(request: SipRequest): Part[] {
  const typeHeader = request.headers.get('Content-Type');
  if (typeHeader === undefined) throw new PublishRefusal(415, 'Unsupported Media Type', 'a body without Content-Type');
  let type: string;
  try {
    type = parseContentType(typeHeader).value;
  } catch (error) {
    throw refusalFor(error, 'Bad Request: malformed Content-Type');
  }
  if (type !== PKIX_CERT && type !== MULTIPART_MIXED) throw new PublishRefusal(415, 'Unsupported Media Type', `${type} is not ${PUBLISH_ACCEPT}`);
  const extra: [string, string][] = [];
  for (const name of ['Content-Transfer-Encoding', 'Content-Disposition']) {
    const value = request.headers.get(name);
    if (value !== undefined) extra.push([name, value]);
  }
  let entity: MimeEntity;
  try {
    entity = parseMimeBody(typeHeader, request.body, extra);
  } catch (error) {
    throw refusalFor(error, 'Bad Request: malformed body');
  }
  if (type === PKIX_CERT) return [{ type, body: entity.body }];
  return (entity.parts ?? []).map((part) => {
    let partType: string;
    try {
      partType = contentType(part).value;
    } catch (error) {
      throw refusalFor(error, 'Bad Request: malformed body part');
    }
    if (partType !== PKIX_CERT && partType !== PKCS8) {
      throw new PublishRefusal(415, 'Unsupported Media Type', `a ${partType} part; the parts are ${PKIX_CERT} and ${PKCS8}`);
    }
    return { type: partType, body: part.body };
  });
}

async function checkCertificate(der: Uint8Array, aor: string, crypto: Crypto, now: number): Promise<ParsedCertificate> {
  let certificate: ParsedCertificate;
  try {
    certificate = await parseCertificate(der, crypto);
  } catch (error) {
    throw refusalFor(error, 'Bad certificate: unreadable');
  }
  // Proof of possession (RFC 6072 section 10.6: the certificate is self-signed by the key it carries): a signature
  // that does not verify binds the AOR to a key nobody showed, so the body is refused like any other bad certificate.
  if (!certificate.selfSigned) {
    throw new PublishRefusal(400, 'Bad certificate: self-signature does not verify', 'the certificate is not signed by its own public key');
  }
  if (now < certificate.notBefore.getTime()) {
    throw new PublishRefusal(400, 'Bad certificate: not yet valid', `valid from ${certificate.notBefore.toISOString()}`);
  }
  if (now > certificate.notAfter.getTime()) {
    throw new PublishRefusal(400, 'Bad certificate: expired', `expired at ${certificate.notAfter.toISOString()}`);
  }
  if (certificate.isCA) throw new PublishRefusal(400, 'Bad certificate: cA=true', 'a user certificate must not be a CA (basicConstraints cA=false)');
  if (!certificate.sanUris.some((uri) => aorOfUri(uri) === aor)) {
    const found = certificate.sanUris.length === 0 ? 'none' : certificate.sanUris.join(', ');
    throw new PublishRefusal(400, `Bad certificate: no SubjectAltName URI ${aor}`, `the SubjectAltName URIs are ${found}`);
  }
  return certificate;
}

function checkEncryptedKey(key: Uint8Array): void {
  if (looksLikeClearPrivateKeyInfo(key)) {
    throw new PublishRefusal(400, 'Bad key: a clear private key', 'publish a PKCS#8 EncryptedPrivateKeyInfo; the server never takes a clear PrivateKeyInfo');
  }
  try {
    decodeEncryptedPrivateKeyInfo(key);
  } catch (error) {
    throw refusalFor(error, 'Bad key: not a PKCS#8 EncryptedPrivateKeyInfo');
  }
}

function refusalFor(error: unknown, reason: string): unknown {
  if (!isCoreError(error)) return error;
  return new PublishRefusal(400, reason, describe(error));
}
