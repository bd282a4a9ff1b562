/**
 * SignatureValue (RFC 5652 sections 5.5 and 5.6) through WebCrypto: ECDSA (RFC 5753 section 2.1.1, the value an
 * Ecdsa-Sig-Value) and RSASSA-PKCS1-v1_5 (RFC 3370 section 3.2, RFC 8017 section 8.2).
 */
import { toArrayBuffer } from '../../bytes.ts';
import { CoreError, describe, wrapErrors } from '../../errors.ts';
import type { PrivateKeySet } from '../../keys.ts';
import { importSubjectPublicKey } from '../../x509/public-key-cache.ts';
import { ECDSA_WITH_SHA256, SHA256_WITH_RSA, type SignatureHash, type SignatureScheme } from './algorithm-identifier.ts';
import { ecdsaSigValueFromRaw, rawFromEcdsaSigValue } from './ecdsa-sig-value.ts';
import type { SignerCertificate } from './signer-certificate.ts';

/** Signs `data` with SHA-256; returns the signatureAlgorithm (DER) and the signature as CMS carries it. */
export async function signValue(keys: PrivateKeySet, data: Uint8Array, crypto: Crypto): Promise<{ signatureAlgorithm: Uint8Array; signature: Uint8Array }> {
  return wrapErrors('invalid-argument', 'the signing key cannot sign', async () => {
    if (keys.type === 'P-256') {
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.signing, toArrayBuffer(data)));
      return { signatureAlgorithm: ECDSA_WITH_SHA256, signature: ecdsaSigValueFromRaw(raw) };
    }
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, keys.signing, toArrayBuffer(data)));
    return { signatureAlgorithm: SHA256_WITH_RSA, signature };
  });
}

/**
 * True when `signature` over `data` verifies with the certificate's public key under `scheme` and `hash` (the key
 * is imported once per Crypto, x509/public-key-cache.ts). A scheme that does not fit the key is 'bad-signature'; a
 * key we cannot use is 'unsupported' or 'malformed-certificate'.
 */
export async function checkSignatureValue(
  cert: SignerCertificate,
  scheme: SignatureScheme,
  hash: SignatureHash,
  signature: Uint8Array,
  data: Uint8Array,
  crypto: Crypto,
): Promise<boolean> {
  const key = cert.key;
  if (key.type === 'other') throw new CoreError('unsupported', `signer public key algorithm ${key.algorithm} is not supported`);
  if (key.type !== scheme.key) {
    throw new CoreError('bad-signature', `signature does not verify: a ${scheme.key} signature algorithm with a ${key.type} key`);
  }
  const algorithm = key.type === 'EC' ? { name: 'ECDSA', namedCurve: key.namedCurve } : { name: 'RSASSA-PKCS1-v1_5', hash };
  let publicKey: CryptoKey;
  try {
    publicKey = await importSubjectPublicKey(cert.subjectPublicKeyInfo, algorithm, ['verify'], crypto);
  } catch (error) {
    throw new CoreError('malformed-certificate', `the signer certificate's public key cannot be used: ${describe(error)}`, { cause: error });
  }
  const value = key.type === 'EC' ? rawFromEcdsaSigValue(signature, key.size) : signature;
  try {
    const params = key.type === 'EC' ? { name: 'ECDSA', hash } : { name: 'RSASSA-PKCS1-v1_5' };
    return await crypto.subtle.verify(params, publicKey, toArrayBuffer(value), toArrayBuffer(data));
  } catch (error) {
    // WebCrypto implementations differ on malformed signatures (wrong RSA length): some throw, some say false.
    throw new CoreError('bad-signature', `signature does not verify: ${describe(error)}`, { cause: error });
  }
}
