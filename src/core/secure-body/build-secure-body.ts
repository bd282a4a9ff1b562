/**
 * Writing a signed-then-encrypted body (RFC 8591 section 5, RFC 3261 section 23.4.1.1) for SIP:
 *
 *   inner  = the MIME entity to protect (Content-Type + content), signed by us (SignedData, RFC 5652 section 5)
 *            and encrypted to every recipient and to ourselves (AuthEnvelopedData AES-128-GCM, RFC 5083);
 *   part   = application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m, base64 (cms/smime-entity.ts);
 *   body   = the part alone (`handling=required`), or `multipart/alternative` with a clear alternative first and the
 *            part last (`handling=optional`, rfc2046#section-5.1.4: the last is the preferred one).
 *
 * With `protectedHeaders` the signed inner entity is `multipart/mixed` of the content and a `message/sip-secure` part
 * (signed-content.ts, seed 000 sections 4 and 4.2.1); without it the bytes are exactly those of the older form.
 *
 * A lone part's headers other than Content-Type and Content-Disposition do not travel in SIP: the body is base64
 * text (JsSIP carries text), and readers tell base64 from DER by its first octet (smime-der.ts).
 */
import { equalBytes, fromUtf8 } from '../bytes.ts';
import { prepareSignThenEncrypt, signThenEncrypt, type Signer } from '../cms/sign-then-encrypt.ts';
import { smimeEntity } from '../cms/smime-entity.ts';
import { CoreError } from '../errors.ts';
import { buildMimeBody, buildMimeEntity, multipartEntity, type MimeEntity } from '../mime/index.ts';
import type { ProtectedHeadersInput } from './protected-headers.ts';
import { signedContentEntity } from './signed-content.ts';

export interface SecureBuildOptions {
  /** Our certificate and key: we sign, and we are always a recipient too (docs/design.md "S/MIME profile"). */
  signer: Signer;
  /** The peer's certificate(s), DER; our own is added when missing. */
  recipients: Uint8Array[];
  crypto: Crypto;
  /** The multipart boundary; default a random one. */
  boundary?: string;
  /**
   * The outer message's From, To, Call-ID, CSeq and Date (`outerHeaderValues`), to sign as a `message/sip-secure`
   * part beside the content (seed 000 section 4.2.1). The outer message must carry the same values, Date included.
   */
  protectedHeaders?: ProtectedHeadersInput;
}

/** A body ready for a SIP message: header values and the body as text (ASCII base64, SDP or UTF-8 text). */
export interface BuiltBody {
  contentType: string;
  /** For the SIP Content-Disposition header; absent for multipart bodies (each part has its own). */
  contentDisposition?: string;
  body: string;
}

export async function buildSecureBody(
  inner: MimeEntity,
  clearAlternative: MimeEntity | null,
  disposition: 'session' | 'render',
  options: SecureBuildOptions,
): Promise<BuiltBody> {
  if (!options?.signer?.certificate || !Array.isArray(options.recipients)) {
    throw new CoreError('invalid-argument', 'a signer and a list of recipient certificates are required');
  }
  const recipients = withSender(options.recipients, options.signer.certificate);
  const signed = options.protectedHeaders === undefined
    ? buildMimeEntity(inner)
    : buildMimeEntity(signedContentEntity(inner, options.protectedHeaders), { crypto: options.crypto });
  const contentInfo = await signThenEncrypt(signed, options.signer, recipients, options.crypto);
  const handling = clearAlternative ? 'optional' : 'required';
  const part = smimeEntity(contentInfo, 'auth-enveloped-data', { disposition, handling });
  if (!clearAlternative) {
    const built = buildMimeBody(part);
    const contentDisposition = built.headers.get('content-disposition');
    return { contentType: built.contentType, ...(contentDisposition ? { contentDisposition } : {}), body: fromUtf8(built.body) };
  }
  const params = options.boundary === undefined ? undefined : { boundary: options.boundary };
  const built = buildMimeBody(multipartEntity('alternative', [clearAlternative, part], params), { crypto: options.crypto });
  return { contentType: built.contentType, body: fromUtf8(built.body) };
}

/**
 * Prepares the key agreement of the next buildSecureBody with these options (same signer and recipients), so that
 * it only signs and encrypts: sign-then-encrypt.ts prepareSignThenEncrypt. Call it when the device is idle.
 */
export function prepareSecureBody(options: SecureBuildOptions): void {
  try {
    prepareSignThenEncrypt(withSender(options.recipients, options.signer.certificate), options.crypto);
  } catch {
    // Bad options: buildSecureBody will say so.
  }
}

/** The recipients plus the sender, each once (RFC 8591 section 5: the sender can read its own history). */
function withSender(recipients: Uint8Array[], sender: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const cert of [...recipients, sender]) {
    if (!(cert instanceof Uint8Array)) throw new CoreError('invalid-argument', 'recipient certificates must be DER Uint8Arrays');
    if (!out.some((known) => equalBytes(known, cert))) out.push(cert);
  }
  return out;
}
