/**
 * The one decoder of untrusted BER and DER in the core (ITU-T X.690), over asn1js. It throws nothing but a
 * CoreError 'malformed-der', and it guards every caller alike:
 * - resource limits, so that hostile input cannot make us build a deep or huge tree;
 * - exactly one value filling all of the bytes: trailing bytes are refused;
 * - an indefinite length that runs into the end of the input without its end-of-contents octets (X.690
 *   section 8.1.5) is refused: asn1js only notes a warning, but such input is truncated;
 * - OCTET STRING and BIT STRING contents are not speculatively decoded as embedded values (asn1js does that by
 *   default; on ciphertext and keys it only costs time and node budget).
 *
 * Certificates and keys are DER, so an indefinite length on the outer value is refused too (X.690 section 10.1);
 * CMS passes `{ ber: true }`, since `openssl cms -stream` writes indefinite lengths and constructed strings.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../bytes.ts';
import { CoreError, describe } from '../errors.ts';
import { decodeStrictDer } from './strict-der.ts';
import type { DerBlock } from './tags.ts';

/** Certificates, keys and our messages are shallow, and with embedded decoding off they have few values. */
export const DECODE_LIMITS = { maxDepth: 32, maxNodes: 4096 } as const;

export interface DecodeOptions {
  /** Accept BER's indefinite length on the outer value (X.690 section 8.1.3.6). Default false: DER only. */
  ber?: boolean;
}

/** Decodes exactly one value filling all of `bytes`; `what` names it in the error message. */
export function decodeDer(bytes: Uint8Array, what: string, options: DecodeOptions = {}): asn1js.AsnType {
  let decoded: asn1js.FromBerResult;
  try {
    decoded = asn1js.fromBER(toArrayBuffer(bytes), { ...DECODE_LIMITS, parseEmbedded: false });
  } catch (error) {
    throw new CoreError('malformed-der', `${what}: ${describe(error)}`, { cause: error });
  }
  const { offset, result } = decoded;
  if (offset === -1 || result.error) throw new CoreError('malformed-der', `${what}: ${result.error || 'undecodable'}`);
  if (offset !== bytes.length) throw new CoreError('malformed-der', `${what}: ${bytes.length - offset} bytes after the value`);
  if (!options.ber && result.lenBlock.isIndefiniteForm) throw new CoreError('malformed-der', `${what}: indefinite length is not DER`);
  checkEndOfContents(result, what);
  return result;
}

/**
 * decodeDer for values that only the readers (read.ts) look at, not PKI.js: strict DER, the usual case, is decoded
 * by strict-der.ts at a fraction of the cost; anything else by decodeDer, which accepts and refuses as it always did.
 */
export function decodeDerValue(bytes: Uint8Array, what: string, options: DecodeOptions = {}): DerBlock {
  return decodeStrictDer(bytes) ?? decodeDer(bytes, what, options);
}

/** Refuses any indefinite length in the tree that lacks its end-of-contents octets (X.690 section 8.1.5). */
function checkEndOfContents(block: asn1js.AsnType, what: string): void {
  if (block.lenBlock.isIndefiniteForm && block.valueBlock.warnings.length > 0) {
    throw new CoreError('malformed-der', `${what}: indefinite length without end-of-contents`);
  }
  const value = (block.valueBlock as { value?: unknown }).value;
  if (block.idBlock.isConstructed && Array.isArray(value)) for (const child of value as asn1js.AsnType[]) checkEndOfContents(child, what);
}
