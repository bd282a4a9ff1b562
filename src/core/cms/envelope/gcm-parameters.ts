/**
 * GCMParameters, the parameters of the AES-GCM content encryption algorithms (rfc5084#section-3.2):
 *
 *   GCMParameters ::= SEQUENCE {
 *     aes-nonce        OCTET STRING,  -- recommended size is 12 octets
 *     aes-ICVlen       AES-GCM-ICVlen DEFAULT 12 }
 *   AES-GCM-ICVlen ::= INTEGER (12 | 13 | 14 | 15 | 16)
 */
import { type DerBlock, octetString, readOctetString, readSequence, readSmallInteger, sequence, smallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';

export interface GCMParameters {
  nonce: Uint8Array;
  /** The length of the authentication tag (the ICV) in octets, 12 to 16. */
  icvLength: number;
}

const DEFAULT_ICV_LENGTH = 12;
const MIN_ICV_LENGTH = 12;
const MAX_ICV_LENGTH = 16;

export function encodeGCMParameters(params: GCMParameters): Uint8Array {
  // DER omits a value equal to its DEFAULT (X.690 section 11.5).
  const icvLength = params.icvLength === DEFAULT_ICV_LENGTH ? [] : [smallInteger(params.icvLength)];
  return sequence(octetString(params.nonce), ...icvLength);
}

export function parseGCMParameters(block: DerBlock | undefined): GCMParameters {
  const items = readSequence(block, 'malformed-cms', 'GCMParameters', 1, 2);
  const nonce = readOctetString(items[0], 'malformed-cms', 'GCMParameters.aes-nonce', { ber: true });
  const icvLength = items[1] === undefined ? DEFAULT_ICV_LENGTH : readSmallInteger(items[1], 'malformed-cms', 'GCMParameters.aes-ICVlen', MAX_ICV_LENGTH);
  if (nonce.length === 0) throw new CoreError('malformed-cms', 'GCMParameters: empty nonce');
  if (icvLength < MIN_ICV_LENGTH) throw new CoreError('malformed-cms', `GCMParameters: ICV length ${icvLength} is not 12 to 16`);
  return { nonce, icvLength };
}
