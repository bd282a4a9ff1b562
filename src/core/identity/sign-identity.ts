/**
 * The authentication service's signature (rfc4474#section-6.1 step 4, as amended by RFC 6072 section 8): RSASSA-PKCS1-v1_5
 * with SHA-256 (`alg=rsa-sha256`) over the digest-string, base64 for the Identity header.
 */
import { toArrayBuffer, toBase64 } from '../bytes.ts';
import { CoreError, wrapErrors } from '../errors.ts';

/**
 * Signs a digest-string (identityDigestString) with an RSASSA-PKCS1-v1_5 SHA-256 private key; returns the base64
 * signature. The Identity header field value is that base64 in double quotes (formatIdentityHeader does both).
 * Another kind of key is a CoreError 'invalid-argument'.
 */
export async function signIdentity(digestInput: Uint8Array, privateKey: CryptoKey, crypto: Crypto): Promise<string> {
  const algorithm = privateKey.algorithm as RsaHashedKeyAlgorithm;
  if (privateKey.type !== 'private' || algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== 'SHA-256' || !privateKey.usages.includes('sign')) {
    throw new CoreError('invalid-argument', 'an Identity (rsa-sha256) needs an RSASSA-PKCS1-v1_5 SHA-256 private key that may sign');
  }
  const signature = await wrapErrors('invalid-argument', 'the Identity signature failed', () =>
    crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, toArrayBuffer(digestInput)),
  );
  return toBase64(new Uint8Array(signature));
}
