/** The RFC 6072 credential service: certificate and credential event packages, PUBLISH of credentials. */
export { CredentialService, needsAuthentication, type CredentialServiceOptions } from './credential-service.ts';
export type { CredentialInput, CredentialRemoval, CredentialRepository, StoredCredential } from './credential-repository.ts';
export { authServiceSigner, type IdentitySigner } from './identity-signer.ts';
export {
  CERTIFICATE_SUBSCRIPTION_EXPIRES,
  CREDENTIAL_SUBSCRIPTION_EXPIRES,
  PUBLICATION_EXPIRES,
  type ExpiresPolicy,
} from './expires.ts';
export { DEFAULT_BURST_POLICY, type BurstPolicy } from './burst-limit.ts';
export { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './subscription-quota.ts';
export { ALLOW_EVENTS, type EventPackage } from './request-checks.ts';
export { PUBLISH_ACCEPT } from './publish-body.ts';
export { SILENT_LOGGER, type ServiceLogger } from './service-logger.ts';
