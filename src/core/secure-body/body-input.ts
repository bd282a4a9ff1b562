/** What a reader gets from the SIP layer: the body, the headers that describe it, who sent it, and our keys. */
import type { Signer } from '../cms/sign-then-encrypt.ts';
import { CoreError } from '../errors.ts';

export interface SecureBodyInput {
  /** The SIP Content-Type. */
  contentType: string;
  /** The SIP Content-Disposition, when present (its `handling` decides 493, rfc3261#section-20.11). */
  contentDisposition?: string;
  /** The SIP body; a string is Latin-1, one char per byte. */
  body: Uint8Array | string;
  /** `sip:user@domain` of the SIP From. */
  fromAor: string;
  /** Our own certificate and key; null when this device has none. */
  recipient: Signer | null;
  /** The VERIFIED certificate cached for `fromAor` (RFC 6072 section 10.3); null when none. */
  peerCertificate: Uint8Array | null;
  crypto: Crypto;
  /** When the signer certificate must be valid; default now. */
  now?: Date;
}

/** Guards against caller mistakes (these are bugs and throw 'invalid-argument'; peer input never throws). */
export function checkInput(input: SecureBodyInput): void {
  if (typeof input !== 'object' || input === null) throw new CoreError('invalid-argument', 'the reading input must be an object');
  if (typeof input.contentType !== 'string') throw new CoreError('invalid-argument', 'contentType must be a string');
  if (input.contentDisposition !== undefined && typeof input.contentDisposition !== 'string') {
    throw new CoreError('invalid-argument', 'contentDisposition must be a string when given');
  }
  if (typeof input.body !== 'string' && !(input.body instanceof Uint8Array)) throw new CoreError('invalid-argument', 'body must be a Uint8Array or a string');
  if (typeof input.fromAor !== 'string') throw new CoreError('invalid-argument', 'fromAor must be a string');
  if (input.peerCertificate !== null && !(input.peerCertificate instanceof Uint8Array)) {
    throw new CoreError('invalid-argument', 'peerCertificate must be a Uint8Array or null');
  }
  if (!input.crypto || typeof input.crypto.getRandomValues !== 'function') throw new CoreError('invalid-argument', 'crypto must be a WebCrypto Crypto');
}
