/** Private keys at rest: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (RFC 5958, RFC 8018; RFC 6072 section 10.5). */
export { decryptPrivateKeyInfo } from './decrypt-private-key-info.ts';
export { DEFAULT_PBKDF2_ITERATIONS, encryptPrivateKeyInfo, type EncryptOptions } from './encrypt-private-key-info.ts';
export { MAX_PBKDF2_ITERATIONS } from './pbkdf2-params.ts';
export { openPrivateKey, readPrivateKey } from './read-private-key.ts';
