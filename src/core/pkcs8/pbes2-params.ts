/**
 * The PBES2 encryption AlgorithmIdentifier (RFC 8018 section 6.2 and appendix A.4):
 *
 *   PBES2-params ::= SEQUENCE {
 *     keyDerivationFunc AlgorithmIdentifier {{PBES2-KDFs}},
 *     encryptionScheme AlgorithmIdentifier {{PBES2-Encs}} }
 *
 * with PBKDF2 and AES-CBC-Pad, whose parameters are the 16-byte IV (RFC 8018 appendix B.2.5).
 */
import * as asn1js from 'asn1js';
import { CoreError } from '../errors.ts';
import { octetStringBlock, readAlgorithmIdentifier, readOctetString, readSequence } from '../der/index.ts';
import { AES_CBC_OID } from '../oids.ts';
import { AES_CBC_KEY_BYTES, PKCS5_OID } from './oids.ts';
import { decodePbkdf2, encodePbkdf2, type Pbkdf2Params } from './pbkdf2-params.ts';

export interface AesCbcParams {
  /** 16, 24 or 32: AES-128, AES-192 or AES-256. */
  keyBytes: 16 | 24 | 32;
  iv: Uint8Array;
}

export interface Pbes2Params {
  kdf: Pbkdf2Params;
  cipher: AesCbcParams;
}

const AES_OID_BY_KEY_BYTES = {
  16: AES_CBC_OID.aes128CBC,
  24: AES_CBC_OID.aes192CBC,
  32: AES_CBC_OID.aes256CBC,
} as const;

export function encodePbes2(params: Pbes2Params): asn1js.Sequence {
  const encryptionScheme = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: AES_OID_BY_KEY_BYTES[params.cipher.keyBytes] }), octetStringBlock(params.cipher.iv)],
  });
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: PKCS5_OID.pbes2 }), new asn1js.Sequence({ value: [encodePbkdf2(params.kdf), encryptionScheme] })],
  });
}

function decodeAesCbc(block: asn1js.AsnType): AesCbcParams {
  const { algorithm: id, parameters: ivBlock } = readAlgorithmIdentifier(block, 'malformed-key', 'encryptionScheme');
  const keyBytes = AES_CBC_KEY_BYTES[id];
  if (!keyBytes) throw new CoreError('unsupported', `encryption scheme ${id} is not supported (AES-CBC only)`);
  const iv = readOctetString(ivBlock, 'malformed-key', 'AES-CBC IV');
  if (iv.length !== 16) throw new CoreError('malformed-key', `AES-CBC IV has ${iv.length} bytes, not 16`);
  return { keyBytes, iv };
}

/** Reads an encryptionAlgorithm that must be PBES2 with PBKDF2 and AES-CBC; PBES1 and others are 'unsupported'. */
export function decodePbes2(block: asn1js.AsnType): Pbes2Params {
  const { algorithm: id, parameters: paramsBlock } = readAlgorithmIdentifier(block, 'malformed-key', 'encryptionAlgorithm');
  if (id !== PKCS5_OID.pbes2) throw new CoreError('unsupported', `key encryption ${id} is not supported (PBES2 only)`);
  const [kdfBlock, schemeBlock] = readSequence(paramsBlock, 'malformed-key', 'PBES2-params', 2, 2);
  const kdf = decodePbkdf2(kdfBlock!);
  const cipher = decodeAesCbc(schemeBlock!);
  if (kdf.keyLength !== undefined && kdf.keyLength !== cipher.keyBytes) {
    throw new CoreError('malformed-key', `PBKDF2 keyLength ${kdf.keyLength} does not fit a ${cipher.keyBytes * 8}-bit AES key`);
  }
  return { kdf, cipher };
}
