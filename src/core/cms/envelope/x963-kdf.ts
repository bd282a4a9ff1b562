/**
 * The ANSI X9.63 key derivation function (SEC 1 v2 section 3.6.1), as rfc5753#section-7.2 uses it to turn the
 * ECDH shared secret Z into the key-encryption key:
 *
 *   K(i) = Hash(Z || Counter(i) || SharedInfo), Counter a 32-bit big-endian integer from 1;
 *   KEK  = the leftmost keydatalen bits of K(1) || K(2) || ...
 */
import { concatBytes } from '../../bytes.ts';
import { type HashName, digest } from '../../digest.ts';

export async function x963Kdf(hash: HashName, sharedSecret: Uint8Array, sharedInfo: Uint8Array, length: number, crypto: Crypto): Promise<Uint8Array> {
  const blocks: Uint8Array[] = [];
  let produced = 0;
  for (let counter = 1; produced < length; counter++) {
    const counterOctets = new Uint8Array(4);
    new DataView(counterOctets.buffer).setUint32(0, counter);
    const block = await digest(hash, concatBytes(sharedSecret, counterOctets, sharedInfo), crypto);
    blocks.push(block);
    produced += block.length;
  }
  return concatBytes(...blocks).slice(0, length);
}
