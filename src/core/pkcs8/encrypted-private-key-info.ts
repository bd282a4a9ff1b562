/**
 * EncryptedPrivateKeyInfo (RFC 5958 section 3, formerly RFC 5208 section 6):
 *
 *   EncryptedPrivateKeyInfo ::= SEQUENCE {
 *     encryptionAlgorithm EncryptionAlgorithmIdentifier,
 *     encryptedData EncryptedData }   -- OCTET STRING
 */
import * as asn1js from 'asn1js';
import { decodeDer, expectBlock, octetsOf, sequenceItems } from '../x509/der.ts';

export interface EncryptedPrivateKeyInfo {
  /** The AlgorithmIdentifier SEQUENCE, decoded by pbes2-params.ts. */
  encryptionAlgorithm: asn1js.Sequence;
  encryptedData: Uint8Array;
}

export function encodeEncryptedPrivateKeyInfo(info: EncryptedPrivateKeyInfo): Uint8Array {
  const sequence = new asn1js.Sequence({ value: [info.encryptionAlgorithm, new asn1js.OctetString({ valueHex: info.encryptedData.slice().buffer })] });
  return new Uint8Array(sequence.toBER(false));
}

/** Undecodable bytes are 'malformed-der'; DER of another shape is 'malformed-key'. */
export function decodeEncryptedPrivateKeyInfo(der: Uint8Array): EncryptedPrivateKeyInfo {
  const [algorithm, data] = sequenceItems(decodeDer(der, 'EncryptedPrivateKeyInfo'), 2, 2, 'malformed-key', 'EncryptedPrivateKeyInfo');
  return {
    encryptionAlgorithm: expectBlock(algorithm, asn1js.Sequence, 'malformed-key', 'encryptionAlgorithm'),
    encryptedData: octetsOf(data, 'malformed-key', 'encryptedData'),
  };
}
