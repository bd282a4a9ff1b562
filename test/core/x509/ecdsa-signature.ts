/** ECDSA-Sig-Value (RFC 3279 section 2.2.3, DER as openssl writes it) <-> r||s (as WebCrypto writes it), P-256 only. */
import * as asn1js from 'asn1js';
import { concatBytes } from '../../../src/core/bytes.ts';

function unsigned(integer: Uint8Array): Uint8Array {
  let start = 0;
  while (start < integer.length - 1 && integer[start] === 0) start++;
  return integer.subarray(start);
}

export function rawToDerSignature(raw: Uint8Array): Uint8Array {
  const int = (half: Uint8Array): asn1js.Integer => {
    const magnitude = unsigned(half);
    const bytes = magnitude[0]! & 0x80 ? concatBytes(new Uint8Array([0]), magnitude) : magnitude.slice();
    return new asn1js.Integer({ valueHex: bytes.buffer as ArrayBuffer });
  };
  return new Uint8Array(new asn1js.Sequence({ value: [int(raw.subarray(0, 32)), int(raw.subarray(32))] }).toBER());
}

export function derToRawSignature(der: Uint8Array): Uint8Array {
  const seq = asn1js.fromBER(der.slice()).result as asn1js.Sequence;
  const out = new Uint8Array(64);
  seq.valueBlock.value.forEach((block, i) => {
    const magnitude = unsigned((block as asn1js.Integer).valueBlock.valueHexView);
    out.set(magnitude, i * 32 + 32 - magnitude.length);
  });
  return out;
}
