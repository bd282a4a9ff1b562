/**
 * The keyEncryptionAlgorithm of an ECDH KeyAgreeRecipientInfo (rfc5753#section-3.1.1 and 7.1.4/7.1.5): the
 * key agreement scheme, which names the X9.63 KDF hash, with the key wrap AlgorithmIdentifier as parameters:
 *
 *   keyEncryptionAlgorithm ::= { dhSinglePass-stdDH-sha256kdf-scheme, KeyWrapAlgorithm { id-aes128-wrap } }
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readAlgorithmIdentifier } from '../../der/index.ts';
import type { HashName } from '../../digest.ts';
import { CoreError } from '../../errors.ts';
import { OID } from './oids.ts';

export interface KeyAgreementAlgorithm {
  kdfHash: HashName;
  /** The key wrap AlgorithmIdentifier as carried, which is also ECC-CMS-SharedInfo's keyInfo. */
  wrap: asn1js.BaseBlock;
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
export function newKeyAgreementAlgorithm(contentKeyBits: 128 | 192 | 256): { identifier: pkijs.AlgorithmIdentifier; algorithm: KeyAgreementAlgorithm } {
  const wrapOid = contentKeyBits === 128 ? OID.aes128Wrap : contentKeyBits === 192 ? OID.aes192Wrap : OID.aes256Wrap;
  // AES key wrap parameters are absent (rfc3565#section-2.3.2).
  const wrap = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: wrapOid })] });
  return {
    identifier: new pkijs.AlgorithmIdentifier({ algorithmId: OID.dhSinglePassStdDHSha256KdfScheme, algorithmParams: wrap }),
    algorithm: { kdfHash: 'SHA-256', wrap, kekLength: KEK_LENGTH_BY_WRAP[wrapOid]! },
  };
}

export function parseKeyAgreementAlgorithm(identifier: pkijs.AlgorithmIdentifier): KeyAgreementAlgorithm {
  const kdfHash = KDF_HASH_BY_SCHEME[identifier.algorithmId];
  if (!kdfHash) throw new CoreError('unsupported', `key agreement algorithm ${identifier.algorithmId} is not supported (ephemeral-static ECDH with the X9.63 KDF is)`);
  const wrap = identifier.algorithmParams instanceof asn1js.Any ? undefined : (identifier.algorithmParams as asn1js.BaseBlock | undefined);
  const { algorithm: wrapOid, parameters } = readAlgorithmIdentifier(wrap, 'malformed-cms', 'KeyWrapAlgorithm');
  const kekLength = KEK_LENGTH_BY_WRAP[wrapOid];
  if (!kekLength) throw new CoreError('unsupported', `key wrap algorithm ${wrapOid} is not supported (AES key wrap is)`);
  // RFC 3565 says absent; a NULL is tolerated (it goes into ECC-CMS-SharedInfo as carried).
  if (parameters !== undefined && !(parameters instanceof asn1js.Null)) {
    throw new CoreError('malformed-cms', 'KeyWrapAlgorithm: AES key wrap parameters must be absent');
  }
  return { kdfHash, wrap: wrap!, kekLength };
}
