/**
 * Why a body was used in the clear (docs/secure-bodies.md; the UI says "not end-to-end encrypted: <reason>").
 * Each reason is something a person can act on; the reading's `detail` carries the technical cause for logs. The
 * words for each live next to the UI (src/ui/protection-words.ts).
 */

export type ClearReason =
  /** Nothing encrypted was sent: a clear body only. */
  | 'no-encrypted-part'
  /** An S/MIME part came, but this device holds no private key to open it. */
  | 'no-own-key'
  /** An S/MIME part came, but we hold no verified certificate (RFC 6072 section 10.3) for the sender's AOR. */
  | 'no-peer-certificate'
  /** The (Auth)EnvelopedData did not decrypt: not for us, tampered (GCM tag), or broken CMS. */
  | 'decrypt-failed'
  /** It decrypted, but the content was not a SignedData: anyone could have made it (RFC 8591 section 5). */
  | 'not-signed'
  /** It decrypted and was signed, but the signature (or the signer certificate's validity) did not check out. */
  | 'signature-invalid'
  /**
   * The signature is fine, but not by the verified certificate of the From AOR, or the signer certificate's
   * subjectAltName URI is not that AOR (seed 000 section 4.5: no forged inner identities).
   */
  | 'signer-mismatch'
  /** The body, a part or the decrypted content does not follow MIME / RFC 3261 section 23.4. */
  | 'malformed';

export const CLEAR_REASONS: readonly ClearReason[] = [
  'no-encrypted-part',
  'no-own-key',
  'no-peer-certificate',
  'decrypt-failed',
  'not-signed',
  'signature-invalid',
  'signer-mismatch',
  'malformed',
];
