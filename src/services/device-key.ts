/**
 * This device's key and certificate (docs/design.md "Keys and certificates"): made here, kept as non-extractable CryptoKeys
 * in IndexedDB; only the PKCS#8 EncryptedPrivateKeyInfo under the user's key passphrase ever leaves the browser
 * (RFC 6072 sections 3 and 10.5). The clear PrivateKeyInfo lives only inside `createDeviceKey`/`unlockDeviceKey`.
 */
import { openCredential } from '../core/credentials/index.ts';
import type { PrivateKeySet } from '../core/keys.ts';
import { encryptPrivateKeyInfo } from '../core/pkcs8/index.ts';
import type { DeviceKey } from './device-key-store.ts';
import { createSelfSignedCertificate, importPublicKeys, parseCertificate, renewSelfSignedCertificate } from '../core/x509/index.ts';

export type { DeviceKey } from './device-key-store.ts';

export type { DeviceKeyStore } from './device-key-store.ts';

export interface DeviceKeyOptions {
  /** PBKDF2 iterations for the published blob; default the core's (about 0.5 s in a browser). */
  iterations?: number;
  now?: () => Date;
}

/** A new P-256 key pair and self-signed certificate for `aor`, its private key encrypted under `passphrase`. */
export async function createDeviceKey(aor: string, passphrase: string, crypto: Crypto, options: DeviceKeyOptions = {}): Promise<DeviceKey> {
  const now = options.now ?? (() => new Date());
  const made = await createSelfSignedCertificate({ aor, keyType: 'P-256' }, crypto, now);
  const encryptedKey = await encryptPrivateKeyInfo(made.privateKeyInfo, passphrase, crypto, options.iterations === undefined ? {} : { iterations: options.iterations });
  made.privateKeyInfo.fill(0);
  return describe(aor, made.keys, made.certificateDer, encryptedKey, crypto, now);
}

/**
 * The key of a credential fetched from the server (a second device): decrypts the blob with `passphrase` (CoreError
 * 'wrong-passphrase' otherwise), imports it non-extractable and checks it belongs to the certificate ('key-mismatch').
 */
export async function unlockDeviceKey(
  aor: string,
  credential: { certificateDer: Uint8Array; encryptedKey: Uint8Array },
  passphrase: string,
  crypto: Crypto,
  now: () => Date = () => new Date(),
): Promise<DeviceKey> {
  const opened = await openCredential({ certificate: credential.certificateDer, encryptedKey: credential.encryptedKey }, passphrase, crypto);
  return describe(aor, opened.keys, credential.certificateDer, credential.encryptedKey, crypto, now);
}

/**
 * The same key with a new certificate (RFC 6072 section 5: renew before notAfter). The private key stays inside
 * WebCrypto, so the encrypted copy already published stays valid and no passphrase is needed.
 */
export async function renewDeviceKey(key: DeviceKey, crypto: Crypto, now: () => Date = () => new Date()): Promise<DeviceKey> {
  const old = await parseCertificate(key.certificateDer, crypto);
  const publicKey = (await importPublicKeys(old, crypto)).verify;
  const certificateDer = await renewSelfSignedCertificate({ aor: key.aor }, publicKey, key.keys, crypto, now);
  return describe(key.aor, key.keys, certificateDer, key.encryptedKey, crypto, now);
}

async function describe(aor: string, keys: PrivateKeySet, certificateDer: Uint8Array, encryptedKey: Uint8Array, crypto: Crypto, now: () => Date): Promise<DeviceKey> {
  const parsed = await parseCertificate(certificateDer, crypto);
  return { aor, keys, certificateDer, encryptedKey, fingerprintHex: parsed.fingerprintHex, notBefore: parsed.notBefore.getTime(), notAfter: parsed.notAfter.getTime(), storedAt: now().getTime() };
}
