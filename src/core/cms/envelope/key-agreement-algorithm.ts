/**
 * The keyEncryptionAlgorithm of an ECDH KeyAgreeRecipientInfo (rfc5753#section-3.1.1 and 7.1.4/7.1.5): the
 * key agreement scheme, which names the X9.63 KDF hash, with the key wrap AlgorithmIdentifier as parameters:
 *
 *   keyEncryptionAlgorithm ::= { dhSinglePass-stdDH-sha256kdf-scheme, KeyWrapAlgorithm { id-aes128-wrap } }
 */
import * as asn1js from 'asn1js';
import { type DerBlock, DerValue, TAG, decodeDer, encodeDer, encoded, hasTag, objectIdentifier, readAlgorithmIdentifier, sequence } from '../../der/index.ts';
import type { HashName } from '../../digest.ts';
import { CoreError } from '../../errors.ts';
import { OID } from './oids.ts';
import type { AlgorithmIdentifierValue } from './recipient-info.ts';

export interface KeyAgreementAlgorithm {
  kdfHash: HashName;
  /** The DER of the key wrap AlgorithmIdentifier, which is also ECC-CMS-SharedInfo's keyInfo. */
  wrap: Uint8Array;
  /** The key-encryption key length in octets. */
  kekLength: 16 | 24 | 32;
}

const KDF_HASH_BY_SCHEME: Readonly<Record<string, HashName>> = {
  [OID.dhSinglePassStdDHSha1KdfScheme]: 'SHA-1',
  [OID.dhSinglePassStdDHSha224KdfScheme]: 'SHA-224',
  [OID.dhSinglePassStdDHSha256KdfScheme]: 'SHA-256',
  [OID.dhSinglePassStdDHSha384KdfScheme]: 'SHA-384',
  [OID.dhSinglePassStdDHSha512KdfScheme]: 'SHA-512',
  [OID.dhSinglePassCofactorDHSha1KdfScheme]: 'SHA-1',
  [OID.dhSinglePassCofactorDHSha224KdfScheme]: 'SHA-224',
  [OID.dhSinglePassCofactorDHSha256KdfScheme]: 'SHA-256',
  [OID.dhSinglePassCofactorDHSha384KdfScheme]: 'SHA-384',
  [OID.dhSinglePassCofactorDHSha512KdfScheme]: 'SHA-512',
};

const KEK_LENGTH_BY_WRAP: Readonly<Record<string, 16 | 24 | 32>> = {
  [OID.aes128Wrap]: 16,
  [OID.aes192Wrap]: 24,
  [OID.aes256Wrap]: 32,
};

/** What we send: sha256kdf, and a wrap as strong as the content key (id-aes128-wrap for a 128-bit key, etc.). */
export function newKeyAgreementAlgorithm(contentKeyBits: 128 | 192 | 256): { identifier: Uint8Array; algorithm: KeyAgreementAlgorithm } {
  const wrapOid = contentKeyBits === 128 ? OID.aes128Wrap : contentKeyBits === 192 ? OID.aes192Wrap : OID.aes256Wrap;
  // AES key wrap parameters are absent (rfc3565#section-2.3.2).
  const wrap = sequence(objectIdentifier(wrapOid));
  return {
    identifier: sequence(objectIdentifier(OID.dhSinglePassStdDHSha256KdfScheme), wrap),
    algorithm: { kdfHash: 'SHA-256', wrap, kekLength: KEK_LENGTH_BY_WRAP[wrapOid]! },
  };
}

export function parseKeyAgreementAlgorithm(identifier: AlgorithmIdentifierValue): KeyAgreementAlgorithm {
  const kdfHash = KDF_HASH_BY_SCHEME[identifier.algorithm];
  if (!kdfHash) throw new CoreError('unsupported', `key agreement algorithm ${identifier.algorithm} is not supported (ephemeral-static ECDH with the X9.63 KDF is)`);
  const wrap = identifier.parameters;
  const { algorithm: wrapOid, parameters } = readAlgorithmIdentifier(wrap, 'malformed-cms', 'KeyWrapAlgorithm');
  const kekLength = KEK_LENGTH_BY_WRAP[wrapOid];
  if (!kekLength) throw new CoreError('unsupported', `key wrap algorithm ${wrapOid} is not supported (AES key wrap is)`);
  // RFC 3565 says absent; a NULL is tolerated (it goes into ECC-CMS-SharedInfo as carried).
  if (parameters !== undefined && !hasTag(parameters, TAG.NULL)) {
    throw new CoreError('malformed-cms', 'KeyWrapAlgorithm: AES key wrap parameters must be absent');
  }
  return { kdfHash, wrap: keyInfoDer(wrap!), kekLength };
}

/**
 * The key wrap AlgorithmIdentifier as asn1js encodes the decoded value, which is what ECC-CMS-SharedInfo has always
 * held. A value the strict DER walk decoded (der/strict-der.ts) is already that encoding: its own bytes are used, not
 * an asn1js decode and re-encode that cost a fifth of a millisecond per message.
 */
function keyInfoDer(wrap: DerBlock): Uint8Array {
  if (wrap instanceof asn1js.BaseBlock) return encodeDer(wrap);
  return wrap instanceof DerValue ? encoded(wrap) : encodeDer(decodeDer(encoded(wrap), 'KeyWrapAlgorithm'));
}
