/**
 * Secure session bodies (RFC 3261 section 23.4, docs/design.md "Secure calls", RFC 6072 section 7).
 *
 * Offer/answer: the signed-then-encrypted SDP carries the DTLS fingerprint under the sender's signature and hides
 * the ICE candidates from the servers. With a clear alternative (an initial offer to a peer that may lack keys)
 * the body is `multipart/alternative` with the clear SDP first and the S/MIME part last, `Content-Disposition:
 * session; handling=optional`; without one, the whole body is the S/MIME entity, `session; handling=required`.
 */
import { leafEntity } from '../mime/index.ts';
import type { SecureBodyInput } from './body-input.ts';
import { buildSecureBody, type BuiltBody, type SecureBuildOptions } from './build-secure-body.ts';
import { readSecureBody, type BodyKind, type SecureBodyReading } from './read-secure-body.ts';
import { APPLICATION_SDP, innerText, textOfType } from './text-content.ts';

export interface SecureSessionBodyOptions extends SecureBuildOptions {
  /** Also send the clear SDP, as the first alternative. */
  clearAlternative: boolean;
}

/** The SDP protected as `Content-Type: application/sdp` CRLF CRLF SDP (rfc3261#section-23.4.1.1). */
export async function buildSecureSessionBody(sdp: string, options: SecureSessionBodyOptions): Promise<BuiltBody> {
  const inner = leafEntity({ contentType: APPLICATION_SDP, body: sdp });
  const clear = options.clearAlternative ? leafEntity({ contentType: APPLICATION_SDP, body: sdp }) : null;
  return buildSecureBody(inner, clear, 'session', options);
}

/** readSecureBody's reading for a session: the SDP to use; a body type that holds no SDP is simply unusable. */
export type SessionBodyReading = Omit<SecureBodyReading, 'value' | 'unsupported'> & {
  /** Decrypted when encrypted, else the clear one; null when there is none usable. */
  sdp: string | null;
};

const SDP_KIND: BodyKind = {
  clearType: APPLICATION_SDP,
  readClear: (entity) => textOfType(entity, APPLICATION_SDP),
  readInner: (content) => innerText(content, APPLICATION_SDP, true),
};

/** Chooses the SDP of an offer or answer (read-secure-body.ts). Never throws for bad peer input. */
export async function readSessionBody(input: SecureBodyInput): Promise<SessionBodyReading> {
  const { value, unsupported, reason, ...reading } = await readSecureBody(input, SDP_KIND);
  // A body type that holds no SDP at all is, for a session, simply not a usable session body.
  const why = unsupported ? 'malformed' : reason;
  return { sdp: value, ...reading, ...(why !== undefined ? { reason: why } : {}) };
}
