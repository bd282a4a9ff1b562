/**
 * Decrypting an EncryptedPrivateKeyInfo (RFC 5958 section 3) protected with PBES2 (RFC 8018 section 6.2.2):
 * PBKDF2 with hmacWithSHA1 (the default), -SHA224, -SHA256, -SHA384 or -SHA512, and AES-128/192/256-CBC.
 */
import { toArrayBuffer, utf8 } from '../bytes.ts';
import { CoreError, describe, wrapErrors } from '../errors.ts';
import { decodeEncryptedPrivateKeyInfo } from './encrypted-private-key-info.ts';
import { decodePbes2 } from './pbes2-params.ts';
import { pbkdf2 } from './pbkdf2.ts';
import { assertPrivateKeyInfo } from './private-key-info.ts';

/**
 * Returns the clear PrivateKeyInfo DER. Errors (CoreError): 'malformed-der' or 'malformed-key' for broken input,
 * 'unsupported' for other schemes (PBES1, scrypt, 3DES...) or more than 10,000,000 iterations, and
 * 'wrong-passphrase' when the padding or the decrypted structure is wrong (RFC 8018 section 6.2.2 step 5),
 * which is how a wrong passphrase shows.
 */
export async function decryptPrivateKeyInfo(epki: Uint8Array, passphrase: string, crypto: Crypto): Promise<Uint8Array> {
  const info = decodeEncryptedPrivateKeyInfo(epki);
  const { kdf, cipher } = decodePbes2(info.encryptionAlgorithm);
  const data = info.encryptedData;
  if (data.length === 0 || data.length % 16 !== 0) throw new CoreError('malformed-key', `encryptedData of ${data.length} bytes is not whole AES blocks`);

  let key: CryptoKey;
  const keyBytes = await wrapErrors('unsupported', `PBKDF2 with ${kdf.prf} failed`, () =>
    pbkdf2(utf8(passphrase), kdf.salt, kdf.iterations, kdf.prf, cipher.keyBytes, crypto),
  );
  try {
    // Some browsers refuse 192-bit AES keys (Chromium does).
    key = await crypto.subtle.importKey('raw', toArrayBuffer(keyBytes), 'AES-CBC', false, ['decrypt']);
  } catch (error) {
    throw new CoreError('unsupported', `AES-${cipher.keyBytes * 8}-CBC is not available: ${describe(error)}`, { cause: error });
  } finally {
    keyBytes.fill(0);
  }

  let clear: Uint8Array;
  try {
    clear = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: toArrayBuffer(cipher.iv) }, key, toArrayBuffer(data)));
  } catch (error) {
    throw new CoreError('wrong-passphrase', 'the passphrase does not open this key (bad padding)', { cause: error });
  }
  try {
    assertPrivateKeyInfo(clear, 'wrong-passphrase');
  } catch (error) {
    clear.fill(0);
    throw new CoreError('wrong-passphrase', 'the passphrase does not open this key (no PrivateKeyInfo inside)', { cause: error });
  }
  return clear;
}
