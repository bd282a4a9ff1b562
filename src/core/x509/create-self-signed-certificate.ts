/**
 * A new key pair and the self-signed X.509 v3 certificate that binds it to an AOR (RFC 6072 section 10.6,
 * RFC 5280 section 4.1): what a user makes in the browser before publishing a credential.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { randomBytes } from '../bytes.ts';
import { encodeDer } from '../der/index.ts';
import { CoreError } from '../errors.ts';
import { importPrivateKeySet, type PrivateKeySet } from '../keys.ts';
import { engineFor } from '../pkijs-engine.ts';
import { parseAor } from './aor.ts';
import { commonNameOnly } from './distinguished-name.ts';
import { profileExtensions } from './profile-extensions.ts';
import { x509Time } from './validity.ts';

/** docs/design.md "Keys and certificates" and RFC 6072 section 10.6: a credential is valid for at most one year. */
export const MAX_VALIDITY_DAYS = 365;
/** notBefore is this far in the past, so that a peer whose clock lags a little still accepts a fresh certificate. */
export const BACKDATE_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SelfSignedCertificateOptions {
  /** The AOR, e.g. `sip:alice@example.test`; it becomes the SubjectAltName URI exactly. */
  aor: string;
  /** Default 'P-256' (RFC 8591's mandatory curve). */
  keyType?: 'P-256' | 'RSA-2048';
  /** Whole days from 1 to 365; default 365. */
  validityDays?: number;
  /** Subject and issuer CN; default the AOR's user@host. */
  commonName?: string;
}

export interface SelfSignedCredential {
  certificateDer: Uint8Array;
  /** The clear PKCS#8 PrivateKeyInfo (RFC 5208), for the caller to encrypt (pkcs8/) and then forget. */
  privateKeyInfo: Uint8Array;
  /** The same private key imported non-extractable. */
  keys: PrivateKeySet;
}

const KEY_GEN: Record<'P-256' | 'RSA-2048', EcKeyGenParams | RsaHashedKeyGenParams> = {
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
  'RSA-2048': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
};

/**
 * RFC 5280 section 4.1.2.2: a positive INTEGER of at most 20 octets, unpredictable (CA/B Forum asks 64 random bits).
 * Ours has 16 content octets: the top bit is cleared (positive) and the next one set (no leading zero to strip).
 */
function randomSerialNumber(crypto: Crypto): asn1js.Integer {
  const serial = randomBytes(16, crypto);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return new asn1js.Integer({ valueHex: serial.buffer as ArrayBuffer });
}

function validityDaysOf(days: number | undefined): number {
  const value = days ?? MAX_VALIDITY_DAYS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_VALIDITY_DAYS) {
    throw new CoreError('invalid-argument', `validityDays must be a whole number from 1 to ${MAX_VALIDITY_DAYS} (RFC 6072 section 10.6)`);
  }
  return value;
}

/**
 * Generates a key pair and a self-signed certificate: v3, random serial, subject = issuer = CN, notBefore = now - 5 min,
 * notAfter = notBefore + validityDays (the whole span is at most one year), signed ecdsa-with-SHA256 or
 * sha256WithRSAEncryption (RFC 5758 section 3.2, RFC 4055 section 5). Bad options give CoreError 'invalid-argument'.
 */
export async function createSelfSignedCertificate(
  options: SelfSignedCertificateOptions,
  crypto: Crypto,
  now: () => Date = () => new Date(),
): Promise<SelfSignedCredential> {
  const keyType = options.keyType ?? 'P-256';
  if (!Object.hasOwn(KEY_GEN, keyType)) throw new CoreError('invalid-argument', `unknown key type ${String(keyType)}`);
  validityDaysOf(options.validityDays);
  parseAor(options.aor);
  const pair = (await crypto.subtle.generateKey(KEY_GEN[keyType], true, ['sign', 'verify'])) as CryptoKeyPair;
  const privateKeyInfo = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const keys = await importPrivateKeySet(privateKeyInfo, crypto);
  const certificateDer = await signSelfSigned(options, pair.publicKey, keys.signing, keyType === 'P-256' ? 'P-256' : 'RSA', crypto, now);
  return { certificateDer, privateKeyInfo, keys };
}

/**
 * A new self-signed certificate for a key pair that already exists (renewal before notAfter, RFC 6072 section 5):
 * `publicKey` is the pair's public key (e.g. imported from the old certificate's SubjectPublicKeyInfo) and `keys`
 * its private keys, which may be non-extractable. The encrypted private key already published stays valid.
 */
export async function renewSelfSignedCertificate(
  options: Omit<SelfSignedCertificateOptions, 'keyType'>,
  publicKey: CryptoKey,
  keys: PrivateKeySet,
  crypto: Crypto,
  now: () => Date = () => new Date(),
): Promise<Uint8Array> {
  return signSelfSigned(options, publicKey, keys.signing, keys.type, crypto, now);
}

async function signSelfSigned(
  options: Omit<SelfSignedCertificateOptions, 'keyType'>,
  publicKey: CryptoKey,
  signingKey: CryptoKey,
  keyType: 'P-256' | 'RSA',
  crypto: Crypto,
  now: () => Date,
): Promise<Uint8Array> {
  const aor = parseAor(options.aor);
  const validityDays = validityDaysOf(options.validityDays);
  const name = commonNameOnly(options.commonName ?? `${aor.user}@${aor.host}`);
  const engine = engineFor(crypto);
  const notBefore = new Date(now().getTime() - BACKDATE_MS);
  const certificate = new pkijs.Certificate({
    version: 2, // v3 (RFC 5280 section 4.1.2.1)
    serialNumber: randomSerialNumber(crypto),
    issuer: name,
    subject: name,
    notBefore: x509Time(notBefore),
    notAfter: x509Time(new Date(notBefore.getTime() + validityDays * DAY_MS)),
  });
  await certificate.subjectPublicKeyInfo.importKey(publicKey, engine);
  // RFC 5280 section 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
  const keyIdentifier = new Uint8Array(await certificate.getKeyHash('SHA-1', engine));
  certificate.extensions = profileExtensions(aor.uri, keyType, keyIdentifier);
  await certificate.sign(signingKey, 'SHA-256', engine);
  return encodeDer(certificate.toSchema());
}
