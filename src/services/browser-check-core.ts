/** The slice of the crypto core the browser check loads lazily (one chunk). */
export { createSelfSignedCertificate, formatFingerprint, parseCertificate } from '../core/x509/index.ts';
export { encryptPrivateKeyInfo, openPrivateKey } from '../core/pkcs8/index.ts';
export { decryptThenVerify, signThenEncrypt } from '../core/cms/sign-then-encrypt.ts';
