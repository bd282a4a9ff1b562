/**
 * Opening one's own credential (RFC 6072 section 5 and 7): the certificate and the encrypted key from the credential
 * service, and the passphrase the user types. The key is decrypted (PBES2, src/core/pkcs8), imported non-extractable,
 * and shown to belong to the certificate by signing a random challenge with it and verifying that with the
 * certificate's public key, which works the same for P-256 and RSA keys.
 */
import { randomBytes, toArrayBuffer } from '../bytes.ts';
import { CoreError, describe, isCoreError } from '../errors.ts';
import { importPrivateKeySet, type PrivateKeySet } from '../keys.ts';
import { decryptPrivateKeyInfo } from '../pkcs8/index.ts';
import { importPublicKeys, parseCertificate, type ParsedCertificate } from '../x509/index.ts';
import type { CredentialParts } from './credential-body.ts';

export interface OpenedCredential {
  certificate: ParsedCertificate;
  /** The private key, non-extractable, one CryptoKey per use (src/core/keys.ts). */
  keys: PrivateKeySet;
}

const SIGNATURE: Record<PrivateKeySet['type'], EcdsaParams | AlgorithmIdentifier> = {
  'P-256': { name: 'ECDSA', hash: 'SHA-256' },
  RSA: { name: 'RSASSA-PKCS1-v1_5' },
};

function mismatch(why: string, cause?: unknown): CoreError {
  return new CoreError('key-mismatch', `the private key does not belong to the certificate: ${why}`, cause === undefined ? undefined : { cause });
}

/** Throws CoreError 'key-mismatch' unless `keys` signs what the certificate's public key verifies. */
export async function assertKeyMatchesCertificate(keys: PrivateKeySet, certificate: ParsedCertificate, crypto: Crypto): Promise<void> {
  if (keys.type !== certificate.keyType) throw mismatch(`a ${keys.type} key with a certificate for a ${certificate.keyType} key`);
  const challenge = randomBytes(32, crypto);
  const algorithm = SIGNATURE[keys.type];
  let valid: boolean;
  try {
    const publicKeys = await importPublicKeys(certificate, crypto);
    const signature = await crypto.subtle.sign(algorithm, keys.signing, toArrayBuffer(challenge));
    valid = await crypto.subtle.verify(algorithm, publicKeys.verify, signature, toArrayBuffer(challenge));
  } catch (error) {
    throw mismatch(`the test signature failed: ${describe(error)}`, error);
  }
  if (!valid) throw mismatch('a signature made with the key does not verify with the certificate');
}

/**
 * Parses the certificate, decrypts the key with `passphrase` and checks that they belong together. Errors
 * (CoreError): 'wrong-passphrase' when the passphrase does not open the key; 'key-mismatch' when the key is another
 * key than the certificate's; 'invalid-argument' without a key; and the parse errors of parseCertificate and
 * decryptPrivateKeyInfo ('malformed-*', 'unsupported').
 */
export async function openCredential(credential: CredentialParts, passphrase: string, crypto: Crypto): Promise<OpenedCredential> {
  if (credential.encryptedKey === undefined) throw new CoreError('invalid-argument', 'this credential holds no private key to open');
  const certificate = await parseCertificate(credential.certificate, crypto);
  const clear = await decryptPrivateKeyInfo(credential.encryptedKey, passphrase, crypto);
  let keys: PrivateKeySet;
  try {
    keys = await importPrivateKeySet(clear, crypto, false);
  } catch (error) {
    // The passphrase opened the blob, so a key that will not import is broken or of a kind we do not support.
    if (isCoreError(error)) throw error;
    throw new CoreError('malformed-key', `the private key could not be imported: ${describe(error)}`, { cause: error });
  } finally {
    clear.fill(0);
  }
  await assertKeyMatchesCertificate(keys, certificate, crypto);
  return { certificate, keys };
}
