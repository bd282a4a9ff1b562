/**
 * Encrypted page-mode IM (RFC 3428 MESSAGE with RFC 8591 S/MIME, docs/design.md "Encrypted page-mode IM", seed 002
 * section 8). The protected entity is `Content-Type: text/plain; charset=utf-8` CRLF CRLF text.
 *
 * - Alone: the body is the S/MIME entity, `Content-Disposition: render; handling=required` (RFC 8591 section 9:
 *   a UA that cannot read it answers 493).
 * - With a fallback: `multipart/alternative`, the clear fallback `text/plain` first, the S/MIME part last with
 *   `render; handling=optional`. `optional` because the part has an alternative: rfc3261#section-20.11 lets a UA
 *   that does not understand an optional part ignore it, which is exactly "show the fallback instead"; `required`
 *   would tell such a UA to reject a MESSAGE it can in fact show.
 *
 * The fallback must never repeat the secret text: one that contains the text is not sent at all (the message goes
 * as the lone S/MIME part), so a caller's mistake cannot leak it.
 */
import { leafEntity } from '../mime/index.ts';
import type { SecureBodyInput } from './body-input.ts';
import { buildSecureBody, type BuiltBody, type SecureBuildOptions } from './build-secure-body.ts';
import { readSecureBody, type BodyKind, type SecureBodyReading } from './read-secure-body.ts';
import { TEXT_PLAIN, innerText, textOfType } from './text-content.ts';

export const TEXT_PLAIN_UTF8 = 'text/plain; charset=utf-8';

export interface EncryptedMessageOptions extends SecureBuildOptions {
  /** Clear text for receivers that cannot decrypt; must not contain the secret. */
  fallback?: string;
}

export async function buildEncryptedMessage(text: string, options: EncryptedMessageOptions): Promise<BuiltBody> {
  const inner = leafEntity({ contentType: TEXT_PLAIN_UTF8, body: text });
  const fallback = safeFallback(text, options.fallback);
  const clear = fallback === undefined ? null : leafEntity({ contentType: TEXT_PLAIN_UTF8, body: fallback });
  return buildSecureBody(inner, clear, 'render', options);
}

/** The fallback, unless it is empty or contains the secret text. */
export function safeFallback(text: string, fallback: string | undefined): string | undefined {
  if (fallback === undefined || fallback.length === 0) return undefined;
  const secret = text.trim();
  if (fallback === text || (secret.length > 0 && fallback.includes(secret))) return undefined;
  return fallback;
}

/** readSecureBody's reading with the value named for what it is: the text to show (or the fallback). */
export type MessageBodyReading = Omit<SecureBodyReading, 'value'> & {
  /** Decrypted when encrypted, else the clear text or fallback; null when none. 415 when `unsupported` (RFC 3428). */
  text: string | null;
};

const TEXT_KIND: BodyKind = {
  clearType: TEXT_PLAIN,
  readClear: (entity) => textOfType(entity, TEXT_PLAIN),
  readInner: (content) => innerText(content, TEXT_PLAIN),
};

/** Chooses the text of a MESSAGE (read-secure-body.ts). Never throws for bad peer input. */
export async function readMessageBody(input: SecureBodyInput): Promise<MessageBodyReading> {
  const { value, ...reading } = await readSecureBody(input, TEXT_KIND);
  return { text: value, ...reading };
}
