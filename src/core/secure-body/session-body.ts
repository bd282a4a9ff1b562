/**
 * Secure session bodies (RFC 3261 section 23.4, DESIGN.md "Secure calls", RFC 6072 section 7).
 *
 * Offer/answer: the signed-then-encrypted SDP carries the DTLS fingerprint under the sender's signature and hides
 * the ICE candidates from the servers. With a clear alternative (an initial offer to a peer that may lack keys)
 * the body is `multipart/alternative` with the clear SDP first and the S/MIME part last, `Content-Disposition:
 * session; handling=optional`; without one, the whole body is the S/MIME entity, `session; handling=required`.
 */
import { leafEntity } from '../mime/index.ts';
import type { SecureBodyInput } from './body-input.ts';
import { buildSecureBody, type BuiltBody, type SecureBuildOptions } from './build-secure-body.ts';
import type { ClearReason } from './clear-reason.ts';
import { readSecureBody, type BodyKind } from './read-secure-body.ts';
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

export interface SessionBodyReading {
  /** The SDP to use: decrypted when encrypted, else the clear one; null when there is none usable. */
  sdp: string | null;
  encrypted: boolean;
  /** When encrypted: the signer certificate's URI (the From AOR). */
  signerAor?: string;
  /** Why not encrypted. */
  reason?: ClearReason;
  /** Human-readable cause, e.g. a CoreError message. */
  detail?: string;
  /** An S/MIME part was present. */
  offeredEncrypted: boolean;
  /** A handling=required S/MIME part and no usable SDP: the caller answers 493. */
  requiredButUnreadable: boolean;
}

const SDP_KIND: BodyKind = {
  clearType: APPLICATION_SDP,
  readClear: (entity) => textOfType(entity, APPLICATION_SDP),
  readInner: (content) => innerText(content, APPLICATION_SDP, true),
};

/** Chooses the SDP of an offer or answer (read-secure-body.ts). Never throws for bad peer input. */
export async function readSessionBody(input: SecureBodyInput): Promise<SessionBodyReading> {
  const r = await readSecureBody(input, SDP_KIND);
  // A body type that holds no SDP at all is, for a session, simply not a usable session body.
  const reason = r.unsupported ? 'malformed' : r.reason;
  return {
    sdp: r.value,
    encrypted: r.encrypted,
    ...(r.signerAor !== undefined ? { signerAor: r.signerAor } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(r.detail !== undefined ? { detail: r.detail } : {}),
    offeredEncrypted: r.offeredEncrypted,
    requiredButUnreadable: r.requiredButUnreadable,
  };
}
