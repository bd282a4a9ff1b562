/**
 * The authentication service's key and certificate (RFC 4474 as amended by RFC 6072 section 8): an RSA-2048 key and a
 * self-signed certificate for the domain, made on the first start and kept beside the database as `as.key` (PKCS#8
 * PEM, mode 0600) and `as.cer` (DER, what the Identity-Info URL serves). Later starts load them, so the certificate
 * that clients pinned stays the same.
 *
 * - Neither file: a new key and certificate.
 * - `as.key` alone (a crash between the two writes): a new certificate for that key.
 * - Both, the certificate expired: a new certificate for the same key (`origin: 'renewed'`).
 * - `as.cer` alone, a damaged file, a key that does not match the certificate, or a certificate for another domain:
 *   an AuthServiceError saying what to do. Nothing is overwritten silently.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toArrayBuffer } from '../../src/core/bytes.ts';
import { describe } from '../../src/core/errors.ts';
import { certificateCoversDomain, createAuthServiceCertificate } from '../../src/core/identity/index.ts';
import { derFromPemOrDer, parsePem, toPem } from '../../src/core/pem.ts';
import { formatFingerprint, importPublicKeys, isWithinValidity, parseCertificate, type ParsedCertificate } from '../../src/core/x509/index.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const AUTH_SERVICE_KEY_FILE = 'as.key';
export const AUTH_SERVICE_CERTIFICATE_FILE = 'as.cer';

const SIGNING: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const KEY_GEN: RsaHashedKeyGenParams = { ...SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

export class AuthServiceError extends Error {
  override readonly name = 'AuthServiceError';
}

export interface AuthServiceOptions {
  /** The folder of the files, beside the database. Created when absent. */
  dir: string;
  /** The SIP domain the service signs for. */
  domain: string;
  /** Validity of a new certificate; default AUTH_SERVICE_VALIDITY_DAYS (ten years). */
  validityDays?: number;
}

export interface AuthService {
  domain: string;
  /** RSASSA-PKCS1-v1_5 SHA-256, non-extractable. */
  privateKey: CryptoKey;
  certificateDer: Uint8Array;
  certificatePem: string;
  /** SHA-256 of the DER certificate, `AB:CD:...` as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint: string;
  keyFile: string;
  certificateFile: string;
  /** What this start did: made key and certificate, loaded both, or made a new certificate for the existing key. */
  origin: 'created' | 'loaded' | 'renewed';
}

function fail(message: string, cause?: unknown): AuthServiceError {
  return new AuthServiceError(message, cause === undefined ? undefined : { cause });
}

async function importPrivateKey(pkcs8: Uint8Array, crypto: Crypto, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), SIGNING, extractable, ['sign']);
}

function readKeyFile(keyFile: string): Uint8Array {
  try {
    const block = parsePem(readFileSync(keyFile, 'latin1')).find((b) => b.label === 'PRIVATE KEY');
    if (!block) throw new Error('no "BEGIN PRIVATE KEY" block');
    return block.der;
  } catch (error) {
    throw fail(`${keyFile} is not a PKCS#8 PEM private key (${describe(error)}). Restore it from a backup, or remove ${keyFile} and the certificate beside it to make new ones (clients that pinned the old certificate must then be given the new one).`, error);
  }
}

async function readCertificateFile(certificateFile: string, crypto: Crypto): Promise<ParsedCertificate> {
  try {
    return await parseCertificate(derFromPemOrDer(new Uint8Array(readFileSync(certificateFile)), ['CERTIFICATE']).der, crypto);
  } catch (error) {
    throw fail(`${certificateFile} is not a readable certificate (${describe(error)}). Restore it from a backup, or remove it to make a new one for the existing key.`, error);
  }
}

/** The RSA public key in a certificate (RSASSA-PKCS1-v1_5 SHA-256), for verifying and for certifying again. */
async function certificatePublicKey(cert: ParsedCertificate, crypto: Crypto): Promise<CryptoKey> {
  if (cert.keyType !== 'RSA') throw new Error(`the key is ${cert.keyType}, not RSA`);
  return (await importPublicKeys(cert, crypto)).verify;
}

/** The public half of a PKCS#8 RSA key (its n and e), through JWK, for a key whose certificate is lost. */
async function publicKeyOf(pkcs8: Uint8Array, crypto: Crypto): Promise<CryptoKey> {
  const jwk = await crypto.subtle.exportKey('jwk', await importPrivateKey(pkcs8, crypto, true));
  return crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e }, SIGNING, true, ['verify']);
}

async function keyMatches(privateKey: CryptoKey, publicKey: CryptoKey, crypto: Crypto): Promise<boolean> {
  const probe = new TextEncoder().encode('sealphone authentication service key check');
  const signature = await crypto.subtle.sign(SIGNING.name, privateKey, probe);
  return crypto.subtle.verify(SIGNING.name, publicKey, signature, probe);
}

async function finish(
  options: AuthServiceOptions,
  files: { keyFile: string; certificateFile: string },
  privateKey: CryptoKey,
  certificateDer: Uint8Array,
  origin: AuthService['origin'],
  crypto: Crypto,
): Promise<AuthService> {
  const parsed = await parseCertificate(certificateDer, crypto);
  return {
    domain: options.domain,
    privateKey,
    certificateDer,
    certificatePem: toPem('CERTIFICATE', certificateDer),
    fingerprint: formatFingerprint(parsed.fingerprintSha256),
    ...files,
    origin,
  };
}

/**
 * Loads the authentication service's key and certificate from `dir`, making them on the first start (see the module
 * comment for every case). Failures that need an operator are AuthServiceError with the remedy in the message.
 */
export async function loadOrCreateAuthService(options: AuthServiceOptions, crypto: Crypto = globalThis.crypto, now: () => Date = () => new Date()): Promise<AuthService> {
  const { dir, domain } = options;
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, AUTH_SERVICE_KEY_FILE);
  const certificateFile = join(dir, AUTH_SERVICE_CERTIFICATE_FILE);
  const files = { keyFile, certificateFile };
  const hasKey = existsSync(keyFile);
  const hasCertificate = existsSync(certificateFile);
  const makeCertificate = (publicKey: CryptoKey, privateKey: CryptoKey): Promise<Uint8Array> =>
    createAuthServiceCertificate({ domain, publicKey, privateKey, validityDays: options.validityDays }, crypto, now);
  const certify = async (publicKey: CryptoKey, privateKey: CryptoKey): Promise<Uint8Array> => {
    const der = await makeCertificate(publicKey, privateKey);
    writeFileAtomic(certificateFile, der, 0o644);
    return der;
  };

  if (!hasKey && hasCertificate) {
    throw fail(`${certificateFile} is there but its key ${keyFile} is not. Restore ${keyFile} from a backup, or remove ${certificateFile} to make a new key and certificate (clients that pinned the old certificate must then be given the new one).`);
  }
  if (!hasKey) {
    const pair = (await crypto.subtle.generateKey(KEY_GEN, true, ['sign', 'verify'])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    const der = await makeCertificate(pair.publicKey, pair.privateKey); // first, so a bad domain writes nothing
    // The key first: a crash between the two writes leaves a key, for which the next start makes a certificate.
    writeFileAtomic(keyFile, toPem('PRIVATE KEY', pkcs8), 0o600);
    writeFileAtomic(certificateFile, der, 0o644);
    return finish(options, files, await importPrivateKey(pkcs8, crypto, false), der, 'created', crypto);
  }

  const pkcs8 = readKeyFile(keyFile);
  let privateKey: CryptoKey;
  try {
    privateKey = await importPrivateKey(pkcs8, crypto, false);
  } catch (error) {
    throw fail(`${keyFile} does not hold an RSA private key (${describe(error)}). Restore it from a backup, or remove ${keyFile} and ${certificateFile} to make new ones.`, error);
  }
  if (!hasCertificate) return finish(options, files, privateKey, await certify(await publicKeyOf(pkcs8, crypto), privateKey), 'renewed', crypto);

  const cert = await readCertificateFile(certificateFile, crypto);
  let publicKey: CryptoKey;
  try {
    publicKey = await certificatePublicKey(cert, crypto);
  } catch (error) {
    throw fail(`${certificateFile} does not hold an RSA public key (${describe(error)}). Remove it to make a new certificate for ${keyFile}.`, error);
  }
  if (!(await keyMatches(privateKey, publicKey, crypto))) {
    throw fail(`${keyFile} is not the key of ${certificateFile}. Restore the matching pair from a backup, or remove ${certificateFile} to make a new certificate for ${keyFile}.`);
  }
  if (!certificateCoversDomain(cert.pkijs, domain)) {
    throw fail(`${certificateFile} is for ${cert.subject}, not for the domain ${domain}. Start with the domain it was made for, or use another folder (or remove ${certificateFile}) to make a certificate for ${domain}.`);
  }
  if (!isWithinValidity(cert, now)) return finish(options, files, privateKey, await certify(publicKey, privateKey), 'renewed', crypto);
  return finish(options, files, privateKey, cert.der, 'loaded', crypto);
}
