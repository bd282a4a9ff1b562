/** The credential server's RFC 4474 authentication service: its key and certificate, and signing requests. */
export {
  AUTH_SERVICE_CERTIFICATE_FILE,
  AUTH_SERVICE_KEY_FILE,
  AuthServiceError,
  loadOrCreateAuthService,
  type AuthService,
  type AuthServiceOptions,
} from './auth-service.ts';
export { signRequestIdentity, type IdentityHeaders, type IdentityKey, type IdentityRequest } from './sign-request-identity.ts';
export { SigningPool, SigningPoolClosedError, type SigningPoolOptions, type SigningPoolStats, type Sha256Signer } from './signing-pool.ts';
