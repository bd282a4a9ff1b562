/**
 * A user's private key as WebCrypto keys, one CryptoKey per use, since WebCrypto binds an algorithm to each key:
 * a P-256 key signs as ECDSA and agrees keys as ECDH (RFC 5753); an RSA key signs as RSASSA-PKCS1-v1_5 and
 * receives keys as RSA-OAEP (RFC 8017), whose hash is bound at import, so both OAEP hashes we accept get a key.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.ts';
import { decodeDer } from './der/index.ts';
import { CoreError, wrapErrors, wrapErrorsSync } from './errors.ts';
import { PUBLIC_KEY_OID } from './oids.ts';

export type KeyType = 'P-256' | 'RSA';

/** The key algorithms we support: id-ecPublicKey on P-256 (RFC 5480) and rsaEncryption (RFC 8017). */
export const OID = PUBLIC_KEY_OID;

export interface PrivateKeySet {
  type: KeyType;
  /** ECDSA P-256 (SHA-256) or RSASSA-PKCS1-v1_5 (SHA-256). */
  signing: CryptoKey;
  /** ECDH P-256 private key with `deriveBits`, for key agreement recipients (P-256 only). */
  keyAgreement?: CryptoKey;
  /** RSA-OAEP private keys with `decrypt`, by OAEP hash (RSA only). */
  keyTransport?: { 'SHA-1': CryptoKey; 'SHA-256': CryptoKey };
}

/** The key type named by a PKCS#8 PrivateKeyInfo or SubjectPublicKeyInfo AlgorithmIdentifier. */
export function keyTypeOf(algorithm: pkijs.AlgorithmIdentifier): KeyType {
  if (algorithm.algorithmId === OID.rsaEncryption) return 'RSA';
  if (algorithm.algorithmId === OID.ecPublicKey) {
    const curve = algorithm.algorithmParams instanceof asn1js.ObjectIdentifier ? algorithm.algorithmParams.valueBlock.toString() : '';
    if (curve === OID.prime256v1) return 'P-256';
    throw new CoreError('unsupported', `elliptic curve ${curve || '(unnamed)'} is not supported; use P-256`);
  }
  throw new CoreError('unsupported', `key algorithm ${algorithm.algorithmId} is not supported`);
}

/** Reads the key type from a clear PKCS#8 PrivateKeyInfo (RFC 5208). */
export function privateKeyInfoType(privateKeyInfo: Uint8Array): KeyType {
  const block = decodeDer(privateKeyInfo, 'PrivateKeyInfo');
  const info = wrapErrorsSync('malformed-key', 'not a PKCS#8 PrivateKeyInfo', () => new pkijs.PrivateKeyInfo({ schema: block }));
  return keyTypeOf(info.privateKeyAlgorithm);
}

/**
 * Imports a clear PKCS#8 PrivateKeyInfo as a PrivateKeySet. Keys are non-extractable unless asked otherwise,
 * so that once imported the private key can no longer leave WebCrypto (docs/design.md "Keys and certificates").
 */
export async function importPrivateKeySet(privateKeyInfo: Uint8Array, crypto: Crypto, extractable = false): Promise<PrivateKeySet> {
  const type = privateKeyInfoType(privateKeyInfo);
  const der = toArrayBuffer(privateKeyInfo);
  return wrapErrors('malformed-key', 'the private key could not be imported', async () => {
    if (type === 'P-256') {
      const [signing, keyAgreement] = await Promise.all([
        crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, extractable, ['sign']),
        crypto.subtle.importKey('pkcs8', der, { name: 'ECDH', namedCurve: 'P-256' }, extractable, ['deriveBits']),
      ]);
      return { type, signing, keyAgreement };
    }
    const [signing, sha1, sha256] = await Promise.all([
      crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, extractable, ['sign']),
      crypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash: 'SHA-1' }, extractable, ['decrypt']),
      crypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, extractable, ['decrypt']),
    ]);
    return { type, signing, keyTransport: { 'SHA-1': sha1, 'SHA-256': sha256 } };
  });
}
