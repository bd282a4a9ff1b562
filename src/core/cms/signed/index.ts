/**
 * CMS SignedData (RFC 5652 section 5) for S/MIME in SIP (RFC 3261 section 23, RFC 8551, RFC 8591): sign and
 * verify messages, and build and read certs-only messages.
 */
export { signData, type SignOptions, type Signer } from './sign-data.ts';
export { verifySignedData, type VerifiedSignedData, type VerifyOptions } from './verify-signed-data.ts';
export { buildCertsOnly, parseCertsOnly, signedDataCertificates } from './certs-only.ts';
