/**
 * RFC 4474 Identity, as RFC 6072 section 8 uses it: the digest-string, the authentication service's signature and
 * certificate, and the verifier with the responses it maps to. Shared by the credential server and the softphone.
 */
export { addrSpecOf } from './addr-spec.ts';
export { AUTH_SERVICE_VALIDITY_DAYS, createAuthServiceCertificate, type AuthServiceCertificateOptions } from './auth-service-certificate.ts';
export { certificateCoversDomain, certificateNames, type CertificateNames } from './certificate-names.ts';
export { identityDigestString, readDigestStringHead, type DigestStringHead, type IdentityDigestFields } from './digest-string.ts';
export { formatIdentityHeader, parseIdentityHeader } from './identity-header.ts';
export { IDENTITY_ALGORITHMS, formatIdentityInfo, parseIdentityInfo, type IdentityAlgorithm, type IdentityInfo } from './identity-info.ts';
export { IDENTITY_REQUIRED, identityResponseFor, type IdentityResponse } from './identity-response.ts';
export { signIdentity } from './sign-identity.ts';
export { formatSipDate, parseSipDate } from './sip-date.ts';
export { IDENTITY_MAX_SKEW_SECONDS, MIN_RSA_BITS, verifyIdentity, type VerifiedIdentity, type VerifyIdentityParams } from './verify-identity.ts';
