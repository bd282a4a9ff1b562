/**
 * Recognising a clear PKCS#8 key (RFC 5958 section 2, OneAsymmetricKey; version 0 is RFC 5208's PrivateKeyInfo):
 *
 *   OneAsymmetricKey ::= SEQUENCE {
 *     version Version,                          -- 0 (v1) or 1 (v2)
 *     privateKeyAlgorithm AlgorithmIdentifier,
 *     privateKey OCTET STRING,
 *     attributes [0] Attributes OPTIONAL,
 *     publicKey [1] BIT STRING OPTIONAL }
 */
import * as asn1js from 'asn1js';
import { CoreError, type CoreErrorKind } from '../errors.ts';
import { decodeDer, expectBlock, readOctetString, readOid, readSequence, readSmallInteger } from '../der/index.ts';

/** Throws a CoreError of `kind` unless `der` is exactly one well-formed PrivateKeyInfo. */
export function assertPrivateKeyInfo(der: Uint8Array, kind: CoreErrorKind): void {
  try {
    const [version, algorithm, privateKey, ...optional] = readSequence(decodeDer(der, 'PrivateKeyInfo'), kind, 'PrivateKeyInfo', 3, 5);
    if (readSmallInteger(version, kind, 'PrivateKeyInfo version', 1) > 1) throw new CoreError(kind, 'unknown PrivateKeyInfo version');
    const [algorithmOid] = readSequence(algorithm, kind, 'privateKeyAlgorithm', 1, 2);
    readOid(algorithmOid, kind, 'privateKeyAlgorithm');
    if (readOctetString(privateKey, kind, 'privateKey').length === 0) throw new CoreError(kind, 'empty privateKey');
    let lastTag = -1;
    for (const field of optional) {
      const id = expectBlock(field, asn1js.BaseBlock, kind, 'PrivateKeyInfo field').idBlock;
      if (id.tagClass !== 3 || id.tagNumber > 1 || id.tagNumber <= lastTag) throw new CoreError(kind, 'unexpected field in PrivateKeyInfo');
      lastTag = id.tagNumber;
    }
  } catch (error) {
    if (error instanceof CoreError && error.kind !== kind) throw new CoreError(kind, error.message, { cause: error });
    throw error;
  }
}

/** True when `der` is a SEQUENCE whose first element is an INTEGER: a clear key, not an EncryptedPrivateKeyInfo. */
export function looksLikeClearPrivateKeyInfo(der: Uint8Array): boolean {
  // SEQUENCE, then a length of 1 to 5 bytes (X.690 section 8.1.3), then the INTEGER tag of the version.
  if (der[0] !== 0x30 || der.length < 3) return false;
  const lengthByte = der[1]!;
  const contentStart = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return der[contentStart] === 0x02;
}
