/**
 * NOTIFY bodies of the two packages, built once per change of an AOR's credential and shared by every NOTIFY that
 * carries that state: with 10,000 watchers the only per-NOTIFY cost left is the Identity signature.
 *
 * - certificate (RFC 6072 section 6.4): `application/pkix-cert`, the DER certificate (RFC 2585), or an empty body when
 *   there is none (unknown AOR, nothing published, revoked).
 * - credential (RFC 6072 section 7): `multipart/mixed` of the `application/pkix-cert` and the `application/pkcs8`
 *   EncryptedPrivateKeyInfo (the certificate alone when only a certificate was published), or an empty body.
 *
 * Both carry `Content-Disposition: signal` (RFC 6072 section 6.4, RFC 3204). Binary parts use base64
 * Content-Transfer-Encoding because JsSIP carries SIP over WebSocket as text frames (docs/design.md "Bytes on
 * WebSocket").
 */
import { buildMimeBody, leafEntity, multipartEntity, type BoundaryRandom, type MimeEntity } from '../../src/core/mime/index.ts';

export const PKIX_CERT = 'application/pkix-cert';
export const PKCS8 = 'application/pkcs8';
export const MULTIPART_MIXED = 'multipart/mixed';

export interface NotifyBody {
  /** The entity header lines to put on the NOTIFY (Content-Type first); none for an empty body. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

export const EMPTY_NOTIFY_BODY: NotifyBody = Object.freeze({ headers: Object.freeze([]), body: new Uint8Array(0) });

function notifyBody(entity: MimeEntity, random?: BoundaryRandom): NotifyBody {
  const built = buildMimeBody(entity, random === undefined ? {} : { crypto: random });
  return { headers: Object.freeze([...built.headers]), body: built.body };
}

/** The certificate package's body for a certificate. */
export function certificateNotifyBody(certificate: Uint8Array): NotifyBody {
  return notifyBody(leafEntity({ contentType: PKIX_CERT, body: certificate, transferEncoding: 'base64', disposition: 'signal' }));
}

/** The credential package's body: the certificate and, when one was published, the encrypted key. */
export function credentialNotifyBody(certificate: Uint8Array, encryptedKey: Uint8Array | undefined, random: BoundaryRandom): NotifyBody {
  const parts = [leafEntity({ contentType: PKIX_CERT, body: certificate, transferEncoding: 'base64' })];
  if (encryptedKey !== undefined) parts.push(leafEntity({ contentType: PKCS8, body: encryptedKey, transferEncoding: 'base64' }));
  const entity = multipartEntity('mixed', parts);
  entity.headers.append('Content-Disposition', 'signal');
  return notifyBody(entity, random);
}
