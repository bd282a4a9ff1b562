/** The media types of RFC 6072's two event packages (sections 6.4 and 7.5). */

/** A DER X.509 certificate (RFC 2585 section 4.1). */
export const PKIX_CERT = 'application/pkix-cert';
/** A PKCS#8 key (RFC 5958 section 7.1); SealPhone sends only EncryptedPrivateKeyInfo. */
export const PKCS8 = 'application/pkcs8';
/** The credential package's body: the certificate and the key as two parts (RFC 6072 section 7.5). */
export const MULTIPART_MIXED = 'multipart/mixed';
