/**
 * RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 section 8.2.1), the `rsa-sha256` of an RFC 4474 Identity header, split
 * into its two halves so that the hash can be taken where the message is and the RSA private-key operation run on a
 * signing thread (signing-pool.ts):
 *
 *   1. H = SHA-256(M); T = the DER DigestInfo of H (RFC 8017 section 9.2 step 2, note 1: a fixed 19-byte prefix and H);
 *   2. EM = 0x00 01 FF..FF 00 T; S = RSASP1(K, EM) (sections 9.2 steps 3-5, 5.2.1).
 *
 * Step 2 is what OpenSSL's RSA_PKCS1_PADDING private-key "encryption" is, so `privateEncrypt(T)` gives byte for byte
 * the signature `crypto.sign('sha256', M, key)` and WebCrypto's RSASSA-PKCS1-v1_5 give (PKCS#1 v1.5 signatures are
 * deterministic; RSA blinding is OpenSSL's as in any other signature). It skips the per-call digest set-up that
 * `crypto.sign` does, about 15% of an RSA-2048 signature. `checkSha256Signer` proves the equivalence on the real key
 * before any signature is made this way.
 */
import { constants, createHash, privateEncrypt, sign, type KeyObject } from 'node:crypto';

/** DER of DigestInfo { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32 bytes) } without the digest. */
export const SHA256_DIGEST_INFO_PREFIX: Readonly<Uint8Array> = Buffer.from('3031300d060960864801650304020105000420', 'hex');
export const SHA256_BYTES = 32;

/** SHA-256 of the message made of `parts`, the part of the signature that stays with the message. */
export function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The signature of the message whose SHA-256 is `hash` (`hash` must be 32 bytes). */
export function signSha256Digest(key: KeyObject, hash: Uint8Array): Buffer {
  const digestInfo = Buffer.allocUnsafe(SHA256_DIGEST_INFO_PREFIX.length + SHA256_BYTES);
  digestInfo.set(SHA256_DIGEST_INFO_PREFIX, 0);
  digestInfo.set(hash, SHA256_DIGEST_INFO_PREFIX.length);
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
}

/** The signature length of an RSA key: its modulus in bytes (RFC 8017 section 8.2.1 output `k`). */
export function rsaSignatureBytes(key: KeyObject): number {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') throw new TypeError('rsa-sha256 needs an RSA private key');
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw new TypeError('the RSA key does not tell its modulus length');
  return Math.ceil(bits / 8);
}

/**
 * Checks on the real key that the split signature equals OpenSSL's one-shot RSASSA-PKCS1-v1_5 SHA-256 signature; throws
 * otherwise (so a Node or OpenSSL whose padding differed could never send an Identity a verifier would refuse).
 */
export function checkSha256Signer(key: KeyObject): void {
  const probe = Buffer.from('sealphone rsa-sha256 self-check (RFC 8017 section 8.2.1)');
  if (!signSha256Digest(key, sha256(probe)).equals(sign('sha256', probe, key))) {
    throw new Error('RSA_PKCS1_PADDING over a SHA-256 DigestInfo does not reproduce the rsa-sha256 signature on this runtime');
  }
}
