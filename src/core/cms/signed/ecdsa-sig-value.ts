/**
 * Ecdsa-Sig-Value (RFC 3279 section 2.2.3; RFC 5753 section 2.1.1 for CMS): `SEQUENCE { r INTEGER, s INTEGER }`.
 * WebCrypto signs and verifies the raw form instead, r and s as fixed-size big-endian halves (IEEE P1363), so
 * CMS needs a conversion each way.
 */
import { TAG, decodeDerValue, readPrimitive, readSequence, sequence, unsignedInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';

/** DER Ecdsa-Sig-Value from WebCrypto's raw r||s. */
export function ecdsaSigValueFromRaw(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new CoreError('invalid-argument', `raw ECDSA signature of odd length ${raw.length}`);
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

/**
 * WebCrypto's raw r||s, each `size` bytes (32 for P-256), from an Ecdsa-Sig-Value. Anything that is not one
 * (wrong structure, negative or oversized integers) is a CoreError 'bad-signature': the signature bytes are
 * part of the message, so damage to them is a signature that does not verify.
 */
export function rawFromEcdsaSigValue(der: Uint8Array, size: number): Uint8Array {
  const bad = (why: string): CoreError => new CoreError('bad-signature', `signature does not verify: ${why}`);
  let parts: Uint8Array[];
  try {
    const block = decodeDerValue(der, 'Ecdsa-Sig-Value', { ber: true }); // strict DER walked, anything else by asn1js
    parts = readSequence(block, 'bad-signature', 'Ecdsa-Sig-Value', 2, 2).map((int) => readPrimitive(int, TAG.INTEGER, 'bad-signature', 'Ecdsa-Sig-Value'));
  } catch {
    throw bad('not an Ecdsa-Sig-Value');
  }
  const out = new Uint8Array(size * 2);
  parts.forEach((int, i) => {
    if (int.length === 0 || (int[0]! & 0x80) !== 0) throw bad('negative r or s');
    let start = 0;
    while (start < int.length - 1 && int[start] === 0) start++;
    const magnitude = int.subarray(start);
    if (magnitude.length > size) throw bad('r or s larger than the curve order');
    out.set(magnitude, (i + 1) * size - magnitude.length);
  });
  return out;
}
