/**
 * What we need to know of a certificate's SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7): the key type we
 * support (P-256 per RFC 5480, or RSA per RFC 3279 section 2.3.1) and an RSA key's size.
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { CoreError } from '../errors.ts';
import { keyTypeOf, type KeyType } from '../keys.ts';
import { decodeDer, expectBlock, readSequence } from '../der/index.ts';

export interface SubjectPublicKeyFacts {
  keyType: KeyType;
  /** Bits of the RSA modulus (RSA only). */
  rsaModulusBits?: number;
}

function bitLength(magnitude: Uint8Array): number {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const first = magnitude[i] ?? 0;
  return (magnitude.length - i - 1) * 8 + (first === 0 ? 0 : 32 - Math.clz32(first));
}

/** Key type, and for RSA the modulus size read from RSAPublicKey (RFC 8017 appendix A.1.1). */
export function subjectPublicKeyFacts(spki: pkijs.PublicKeyInfo): SubjectPublicKeyFacts {
  const keyType = keyTypeOf(spki.algorithm); // CoreError 'unsupported' for other algorithms and curves
  const bits = spki.subjectPublicKey.valueBlock.valueHexView;
  if (keyType === 'P-256') {
    // RFC 5480 section 2.2: an uncompressed (0x04) or compressed (0x02, 0x03) point of the 32-byte field.
    const ok = (bits.length === 65 && bits[0] === 0x04) || (bits.length === 33 && (bits[0] === 0x02 || bits[0] === 0x03));
    if (!ok) throw new CoreError('malformed-certificate', 'the P-256 public key is not an EC point');
    return { keyType };
  }
  const [modulus, exponent] = readSequence(decodeDer(bits, 'RSAPublicKey'), 'malformed-certificate', 'RSAPublicKey', 2, 2);
  const n = expectBlock(modulus, asn1js.Integer, 'malformed-certificate', 'RSA modulus').valueBlock.valueHexView;
  expectBlock(exponent, asn1js.Integer, 'malformed-certificate', 'RSA public exponent');
  if (n.length === 0 || (n[0]! & 0x80) !== 0) throw new CoreError('malformed-certificate', 'the RSA modulus is not positive');
  return { keyType, rsaModulusBits: bitLength(n) };
}
