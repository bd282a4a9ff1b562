/**
 * A certificate's public key as WebCrypto keys, one per use (the mirror of PrivateKeySet in keys.ts):
 * P-256 verifies ECDSA and is an ECDH peer key (RFC 5753); RSA verifies RSASSA-PKCS1-v1_5 and encrypts
 * RSA-OAEP (RFC 8017) with either OAEP hash we send.
 */
import { toArrayBuffer } from '../bytes.ts';
import { encodeDer } from '../der/index.ts';
import { wrapErrors } from '../errors.ts';
import type { KeyType } from '../keys.ts';
import type * as pkijs from 'pkijs';

export interface PublicKeySet {
  /** ECDSA P-256 (SHA-256) or RSASSA-PKCS1-v1_5 (SHA-256). */
  verify: CryptoKey;
  /** ECDH P-256 public key, for key agreement (P-256 only). */
  keyAgreement?: CryptoKey;
  /** RSA-OAEP public keys with `encrypt`, by OAEP hash (RSA only). */
  keyTransport?: { 'SHA-1': CryptoKey; 'SHA-256': CryptoKey };
}

/**
 * Imports the subject public key. It does not consult keyUsage: callers that enforce RFC 5280 section 4.2.1.3
 * read `ParsedCertificate.keyUsage`. An unusable key is a CoreError 'malformed-certificate'.
 */
export async function importPublicKeys(cert: { keyType: KeyType; pkijs: pkijs.Certificate }, crypto: Crypto): Promise<PublicKeySet> {
  return wrapErrors('malformed-certificate', 'the certificate public key could not be imported', async () => {
    const spki = toArrayBuffer(encodeDer(cert.pkijs.subjectPublicKeyInfo.toSchema()));
    const subtle = crypto.subtle;
    if (cert.keyType === 'P-256') {
      const [verify, keyAgreement] = await Promise.all([
        subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']),
        subtle.importKey('spki', spki, { name: 'ECDH', namedCurve: 'P-256' }, true, []),
      ]);
      return { verify, keyAgreement };
    }
    const [verify, sha1, sha256] = await Promise.all([
      subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']),
      subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-1' }, true, ['encrypt']),
      subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']),
    ]);
    return { verify, keyTransport: { 'SHA-1': sha1, 'SHA-256': sha256 } };
  });
}
