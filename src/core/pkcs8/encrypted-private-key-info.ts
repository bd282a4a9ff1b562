/**
 * EncryptedPrivateKeyInfo (RFC 5958 section 3, formerly RFC 5208 section 6):
 *
 *   EncryptedPrivateKeyInfo ::= SEQUENCE {
 *     encryptionAlgorithm EncryptionAlgorithmIdentifier,
 *     encryptedData EncryptedData }   -- OCTET STRING
 */
import * as asn1js from 'asn1js';
import { decodeDer, encodeDer, expectBlock, octetStringBlock, readOctetString, readSequence } from '../der/index.ts';

export interface EncryptedPrivateKeyInfo {
  /** The AlgorithmIdentifier SEQUENCE, decoded by pbes2-params.ts. */
  encryptionAlgorithm: asn1js.Sequence;
  encryptedData: Uint8Array;
}

export function encodeEncryptedPrivateKeyInfo(info: EncryptedPrivateKeyInfo): Uint8Array {
  return encodeDer(new asn1js.Sequence({ value: [info.encryptionAlgorithm, octetStringBlock(info.encryptedData)] }));
}

/** Undecodable bytes are 'malformed-der'; DER of another shape is 'malformed-key'. */
export function decodeEncryptedPrivateKeyInfo(der: Uint8Array): EncryptedPrivateKeyInfo {
  const [algorithm, data] = readSequence(decodeDer(der, 'EncryptedPrivateKeyInfo'), 'malformed-key', 'EncryptedPrivateKeyInfo', 2, 2);
  return {
    encryptionAlgorithm: expectBlock(algorithm, asn1js.Sequence, 'malformed-key', 'encryptionAlgorithm'),
    encryptedData: readOctetString(data, 'malformed-key', 'encryptedData'),
  };
}
