/**
 * GCMParameters, the parameters of the AES-GCM content encryption algorithms (rfc5084#section-3.2):
 *
 *   GCMParameters ::= SEQUENCE {
 *     aes-nonce        OCTET STRING,  -- recommended size is 12 octets
 *     aes-ICVlen       AES-GCM-ICVlen DEFAULT 12 }
 *   AES-GCM-ICVlen ::= INTEGER (12 | 13 | 14 | 15 | 16)
 */
import * as asn1js from 'asn1js';
import { octetStringBlock, readOctetString, readSequence, readSmallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';

export interface GCMParameters {
  nonce: Uint8Array;
  /** The length of the authentication tag (the ICV) in octets, 12 to 16. */
  icvLength: number;
}

const DEFAULT_ICV_LENGTH = 12;
const MIN_ICV_LENGTH = 12;
const MAX_ICV_LENGTH = 16;

export function encodeGCMParameters(params: GCMParameters): asn1js.Sequence {
  const value: asn1js.BaseBlock[] = [octetStringBlock(params.nonce)];
  // DER omits a value equal to its DEFAULT (X.690 section 11.5).
  if (params.icvLength !== DEFAULT_ICV_LENGTH) value.push(new asn1js.Integer({ value: params.icvLength }));
  return new asn1js.Sequence({ value });
}

export function parseGCMParameters(block: asn1js.BaseBlock | undefined): GCMParameters {
  const items = readSequence(block, 'malformed-cms', 'GCMParameters', 1, 2);
  const nonce = readOctetString(items[0], 'malformed-cms', 'GCMParameters.aes-nonce', { ber: true });
  const icvLength = items[1] === undefined ? DEFAULT_ICV_LENGTH : readSmallInteger(items[1], 'malformed-cms', 'GCMParameters.aes-ICVlen', MAX_ICV_LENGTH);
  if (nonce.length === 0) throw new CoreError('malformed-cms', 'GCMParameters: empty nonce');
  if (icvLength < MIN_ICV_LENGTH) throw new CoreError('malformed-cms', `GCMParameters: ICV length ${icvLength} is not 12 to 16`);
  return { nonce, icvLength };
}
