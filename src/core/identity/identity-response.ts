/**
 * The SIP responses of a verifier that refuses a request (rfc4474#section-14 and section 6.2), by CoreError kind:
 *
 * | kind | response |
 * | --- | --- |
 * | (no Identity header: the caller's test) | 428 Use Identity Header (IDENTITY_REQUIRED) |
 * | 'unsupported' (Identity-Info unreadable, unknown alg) | 436 Bad Identity-Info |
 * | 'untrusted-certificate', 'malformed-certificate', 'malformed-der', 'malformed-pem' | 437 Unsupported Certificate |
 * | 'bad-signature' | 438 Invalid Identity Header |
 * | 'expired' (Date too old, too new or unreadable) | 403 Stale Date |
 * | 'invalid-argument' (From, To, CSeq... unusable for a digest-string) | 400 Bad Request |
 * | anything else | 500 Server Internal Error |
 */
import { isCoreError, type CoreErrorKind } from '../errors.ts';

export interface IdentityResponse {
  status: number;
  reason: string;
}

/** rfc4474#section-14.1: the request needs an Identity header and has none. */
export const IDENTITY_REQUIRED: IdentityResponse = { status: 428, reason: 'Use Identity Header' };

const BY_KIND: Partial<Record<CoreErrorKind, IdentityResponse>> = {
  unsupported: { status: 436, reason: 'Bad Identity-Info' },
  'untrusted-certificate': { status: 437, reason: 'Unsupported Certificate' },
  'malformed-certificate': { status: 437, reason: 'Unsupported Certificate' },
  'malformed-der': { status: 437, reason: 'Unsupported Certificate' },
  'malformed-pem': { status: 437, reason: 'Unsupported Certificate' },
  'bad-signature': { status: 438, reason: 'Invalid Identity Header' },
  expired: { status: 403, reason: 'Stale Date' },
  'invalid-argument': { status: 400, reason: 'Bad Request' },
};

/** The response to send for a failure of parseIdentityInfo, identityDigestString or verifyIdentity. */
export function identityResponseFor(error: unknown): IdentityResponse {
  const response = isCoreError(error) ? BY_KIND[error.kind] : undefined;
  return { ...(response ?? { status: 500, reason: 'Server Internal Error' }) };
}
