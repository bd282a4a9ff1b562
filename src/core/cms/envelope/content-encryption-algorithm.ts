/**
 * ContentEncryptionAlgorithmIdentifier (rfc5652#section-10.1.4) for the ciphers we read and write:
 * AES-CBC with `AES-IV ::= OCTET STRING (SIZE(16))` parameters (rfc3565#section-4.1) and AES-GCM with
 * GCMParameters (rfc5084#section-3.2).
 */
import { randomBytes } from '../../bytes.ts';
import { type DerBlock, objectIdentifier, octetString, readAlgorithmIdentifier, readOctetString, sequence } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { encodeGCMParameters, parseGCMParameters } from './gcm-parameters.ts';
import { OID } from './oids.ts';

/** Every content cipher we decrypt. */
export type ContentCipher = 'AES-128-GCM' | 'AES-192-GCM' | 'AES-256-GCM' | 'AES-128-CBC' | 'AES-192-CBC' | 'AES-256-CBC';
/** The content ciphers we encrypt with (docs/design.md "S/MIME profile"): GCM by default, CBC for older peers. */
export type EncryptionCipher = 'AES-128-GCM' | 'AES-128-CBC' | 'AES-256-CBC';

export interface ContentEncryptionAlgorithm {
  cipher: ContentCipher;
  oid: string;
  /** The WebCrypto algorithm name. */
  name: 'AES-GCM' | 'AES-CBC';
  keyBits: 128 | 192 | 256;
  /** The CBC initialisation vector or the GCM nonce. */
  iv: Uint8Array;
  /** GCM only: the authentication tag length in octets. */
  tagLength: number;
}

interface CipherSpec {
  cipher: ContentCipher;
  name: 'AES-GCM' | 'AES-CBC';
  keyBits: 128 | 192 | 256;
}

const CIPHERS: Readonly<Record<string, CipherSpec>> = {
  [OID.aes128GCM]: { cipher: 'AES-128-GCM', name: 'AES-GCM', keyBits: 128 },
  [OID.aes192GCM]: { cipher: 'AES-192-GCM', name: 'AES-GCM', keyBits: 192 },
  [OID.aes256GCM]: { cipher: 'AES-256-GCM', name: 'AES-GCM', keyBits: 256 },
  [OID.aes128CBC]: { cipher: 'AES-128-CBC', name: 'AES-CBC', keyBits: 128 },
  [OID.aes192CBC]: { cipher: 'AES-192-CBC', name: 'AES-CBC', keyBits: 192 },
  [OID.aes256CBC]: { cipher: 'AES-256-CBC', name: 'AES-CBC', keyBits: 256 },
};

const OID_BY_CIPHER: Readonly<Record<EncryptionCipher, string>> = {
  'AES-128-GCM': OID.aes128GCM,
  'AES-128-CBC': OID.aes128CBC,
  'AES-256-CBC': OID.aes256CBC,
};

/** A GCM nonce of 12 octets (rfc5084#section-3.2, NIST SP 800-38D section 5.2.1.1) and a 16-octet tag. */
const GCM_NONCE_LENGTH = 12;
const GCM_TAG_LENGTH = 16;
const CBC_IV_LENGTH = 16;

export function isEncryptionCipher(value: unknown): value is EncryptionCipher {
  return typeof value === 'string' && Object.hasOwn(OID_BY_CIPHER, value);
}

/** A fresh algorithm for encrypting: a random IV or nonce from `crypto`. */
export function newContentEncryptionAlgorithm(cipher: EncryptionCipher, crypto: Crypto): ContentEncryptionAlgorithm {
  const oid = OID_BY_CIPHER[cipher];
  const spec = CIPHERS[oid]!;
  const gcm = spec.name === 'AES-GCM';
  return { ...spec, oid, iv: randomBytes(gcm ? GCM_NONCE_LENGTH : CBC_IV_LENGTH, crypto), tagLength: gcm ? GCM_TAG_LENGTH : 0 };
}

/** The DER AlgorithmIdentifier. */
export function encodeContentEncryptionAlgorithm(algorithm: ContentEncryptionAlgorithm): Uint8Array {
  const params = algorithm.name === 'AES-GCM' ? encodeGCMParameters({ nonce: algorithm.iv, icvLength: algorithm.tagLength }) : octetString(algorithm.iv);
  return sequence(objectIdentifier(algorithm.oid), params);
}

/** Reads an AlgorithmIdentifier; a cipher other than AES-CBC or AES-GCM is 'unsupported'. */
export function parseContentEncryptionAlgorithm(block: DerBlock | undefined): ContentEncryptionAlgorithm {
  const { algorithm: oid, parameters } = readAlgorithmIdentifier(block, 'malformed-cms', 'contentEncryptionAlgorithm');
  const spec = CIPHERS[oid];
  if (!spec) throw new CoreError('unsupported', `content encryption algorithm ${oid} is not supported (AES-CBC and AES-GCM are)`);
  if (spec.name === 'AES-GCM') {
    const { nonce, icvLength } = parseGCMParameters(parameters);
    return { ...spec, oid, iv: nonce, tagLength: icvLength };
  }
  const iv = readOctetString(parameters, 'malformed-cms', `${spec.cipher} IV`, { ber: true });
  if (iv.length !== CBC_IV_LENGTH) throw new CoreError('malformed-cms', `${spec.cipher}: the IV must be 16 octets, not ${iv.length}`);
  return { ...spec, oid, iv, tagLength: 0 };
}
