/**
 * Opening one signed-then-encrypted S/MIME part (RFC 8591 section 5, RFC 8551 section 3.7) with our key and the
 * peer's verified certificate. It is decryptThenVerify (cms/sign-then-encrypt.ts) taken step by step, so that each
 * step's failure gets its own reason for the UI:
 *
 *   1. decrypt the AuthEnvelopedData (AES-GCM, RFC 5083) or EnvelopedData (AES-CBC, RFC 3853) -> 'decrypt-failed';
 *   2. the plaintext must be a SignedData ContentInfo -> 'not-signed';
 *   3. verify it with the peer certificate pinned (RFC 5652 section 5.6) -> 'signature-invalid', or
 *      'signer-mismatch' when a good signature comes from another certificate;
 *   4. the signer certificate names the From AOR (seed 000 section 4.5) -> 'signer-mismatch'.
 *
 * Never throws: peer input only ever yields an UnusablePart.
 */
import type { Signer } from '../cms/sign-then-encrypt.ts';
import { asSignedData } from '../cms/content-info.ts';
import { decryptEnvelope } from '../cms/envelope/index.ts';
import { verifyDecodedSignedData } from '../cms/signed/verify-signed-data.ts';
import { describe, isCoreError } from '../errors.ts';
import { unusable, type PartOutcome } from './part-outcome.ts';
import { checkSignerIdentity } from './signer-identity.ts';

export interface OpenContext {
  /** `sip:user@domain` of the SIP From. */
  fromAor: string;
  /** Our certificate and private key; null when this device has none. */
  recipient: Signer | null;
  /** The certificate verified for `fromAor` (RFC 6072 section 10.3); null when we have none. */
  peerCertificate: Uint8Array | null;
  crypto: Crypto;
  /** When the signer certificate must be valid; default now. */
  now?: Date;
}

export async function openSmime(contentInfo: Uint8Array, ctx: OpenContext): Promise<PartOutcome> {
  if (!ctx.recipient) return unusable('no-own-key', 'no private key on this device');
  if (!ctx.peerCertificate) return unusable('no-peer-certificate', `no verified certificate for ${ctx.fromAor}`);

  let plaintext: Uint8Array;
  try {
    plaintext = (await decryptEnvelope(contentInfo, ctx.recipient, ctx.crypto)).content;
  } catch (error) {
    return unusable('decrypt-failed', describe(error));
  }

  const signed = asSignedData(plaintext);
  if (!signed) return unusable('not-signed', 'the decrypted content is not a SignedData');

  let verified: { content: Uint8Array; signerCertificate: Uint8Array };
  try {
    const options = { expectedSigner: ctx.peerCertificate, ...(ctx.now ? { now: ctx.now } : {}) };
    verified = await verifyDecodedSignedData(plaintext, signed, ctx.crypto, options);
  } catch (error) {
    return unusable(isCoreError(error, 'untrusted-certificate') ? 'signer-mismatch' : 'signature-invalid', describe(error));
  }

  try {
    const signerAor = await checkSignerIdentity(verified.signerCertificate, ctx.peerCertificate, ctx.fromAor, ctx.crypto);
    return { ok: true, content: verified.content, signerAor };
  } catch (error) {
    return unusable('signer-mismatch', describe(error));
  }
}
