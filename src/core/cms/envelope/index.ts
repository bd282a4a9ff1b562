/**
 * CMS enveloping for S/MIME (docs/design.md "S/MIME profile"): AuthEnvelopedData with AES-GCM (RFC 5083, RFC 5084)
 * and EnvelopedData with AES-CBC (RFC 5652 section 6), to ECDH P-256 (RFC 5753) and RSA-OAEP (RFC 3560)
 * recipients.
 */
export { encryptEnvelope, prepareEnvelope, type EncryptEnvelopeOptions } from './encrypt-envelope.ts';
export { decryptEnvelope, type DecryptedEnvelope, type EnvelopeRecipient } from './decrypt-envelope.ts';
export { contentTypeOf } from '../content-info.ts';
export type { ContentCipher, EncryptionCipher } from './content-encryption-algorithm.ts';
export { OID } from './oids.ts';
