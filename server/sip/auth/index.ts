/** Digest authentication (RFC 3261 section 22, RFC 7616, RFC 8760): challenges, nonces, the check. Decisions: docs/server-digest-auth.md. */
export { authenticatedUser, sipAor } from './authenticated-user.ts';
export {
  DigestAuthenticator,
  type AuthenticateOptions,
  type ChallengeOptions,
  type DigestAuthenticatorOptions,
  type DigestFailureReason,
  type DigestResult,
} from './digest-authenticator.ts';
export { findDigestCredentials, type DigestCredentials, type FoundCredentials } from './digest-credentials.ts';
export { DEFAULT_NONCE_LIFETIME_MS, NonceIssuer, type NonceCheck } from './digest-nonce.ts';
export { DIGEST_ALGORITHMS, digestAlgorithmOf, parseDigestAlgorithms, digestHash, digestResponse, type DigestAlgorithm, type DigestResponseInput } from './digest-response.ts';
export { FailureLimiter, type BackOff } from './failure-limiter.ts';
export { DEFAULT_ADDRESS_BACK_OFF, DEFAULT_USER_BACK_OFF, GuessingLimits, type Attempt, type GuessingLimitOptions } from './guessing-limits.ts';
export { addressKey } from '../transport/address-key.ts';
export type { DigestUser, UserDirectory } from './user-directory.ts';
