/**
 * RFC 8591 section 5 / RFC 8551 section 3.7: sign, then encrypt. The encrypted content is the DER ContentInfo of
 * the SignedData (content encapsulated, signer certificate included), so `openssl cms -decrypt` followed by
 * `openssl cms -verify -inform DER` gives the original bytes back.
 */
import { CoreError } from '../errors.ts';
import type { PrivateKeySet } from '../keys.ts';
import { asSignedData } from './content-info.ts';
import { encryptPendingContent, prepareEnvelope } from './envelope/encrypt-envelope.ts';
import { decryptEnvelope } from './envelope/index.ts';
import { signData } from './signed/index.ts';
import { verifyDecodedSignedData } from './signed/verify-signed-data.ts';

export type ContentCipher = 'AES-128-GCM' | 'AES-128-CBC' | 'AES-256-CBC';

export interface Signer {
  certificate: Uint8Array;
  keys: PrivateKeySet;
}

export interface SignThenEncryptOptions {
  /** Default AES-128-GCM (AuthEnvelopedData, RFC 5083); the CBC ciphers give EnvelopedData (RFC 3853). */
  cipher?: ContentCipher;
}

/** Signs `content` with `signer` (when given) and encrypts the result to every recipient certificate (DER). */
export async function signThenEncrypt(
  content: Uint8Array,
  signer: Signer | null,
  recipients: Uint8Array[],
  crypto: Crypto,
  options: SignThenEncryptOptions = {},
): Promise<Uint8Array> {
  // The recipients' key agreement does not need the SignedData: it runs while signing (encryptPendingContent).
  const inner = signer ? signData(content, signer, crypto) : Promise.resolve(content);
  return encryptPendingContent(inner, recipients, crypto, { cipher: options.cipher ?? 'AES-128-GCM' });
}

/**
 * Opens the envelope of the next signThenEncrypt to exactly these recipients ahead (envelope/encrypt-envelope.ts
 * prepareEnvelope): that message then only signs and encrypts its content. Used once, holding no content.
 */
export function prepareSignThenEncrypt(recipients: Uint8Array[], crypto: Crypto, options: SignThenEncryptOptions = {}): void {
  prepareEnvelope(recipients, crypto, { cipher: options.cipher ?? 'AES-128-GCM' });
}

export interface DecryptedMessage {
  /** The content: the signed content when the message was signed. */
  content: Uint8Array;
  /** The signer's certificate (DER) when the inner content was a SignedData whose signature verified. */
  signerCertificate: Uint8Array | null;
  cipher: string;
}

export interface DecryptThenVerifyOptions {
  /** When given, the message must be signed by exactly this certificate ('untrusted-certificate' otherwise). */
  expectedSigner?: Uint8Array;
  /** Refuse an unsigned message ('bad-signature'). Implied by `expectedSigner`. */
  requireSignature?: boolean;
}

/**
 * Decrypts an EnvelopedData or AuthEnvelopedData ContentInfo and, when the plaintext is a SignedData ContentInfo,
 * verifies it (RFC 8551 section 3.7 order). Throws CoreError only.
 */
export async function decryptThenVerify(
  contentInfo: Uint8Array,
  recipient: Signer,
  crypto: Crypto,
  options: DecryptThenVerifyOptions = {},
): Promise<DecryptedMessage> {
  const decrypted = await decryptEnvelope(contentInfo, recipient, crypto);
  const signed = asSignedData(decrypted.content);
  if (!signed) {
    if (options.expectedSigner || options.requireSignature) {
      throw new CoreError('bad-signature', 'the message is encrypted but not signed');
    }
    return { content: decrypted.content, signerCertificate: null, cipher: decrypted.cipher };
  }
  const verifyOptions = options.expectedSigner ? { expectedSigner: options.expectedSigner } : {};
  const verified = await verifyDecodedSignedData(decrypted.content, signed, crypto, verifyOptions);
  return { content: verified.content, signerCertificate: verified.signerCertificate, cipher: decrypted.cipher };
}
