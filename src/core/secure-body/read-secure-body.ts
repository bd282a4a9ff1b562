/**
 * Choosing what to use from a SIP body that may carry a signed-then-encrypted part (RFC 3261 section 23.4,
 * RFC 5621 section 6, docs/design.md "Secure calls" and "Encrypted page-mode IM"). One selection for SDP and for text:
 *
 * - the clear type alone (`application/sdp`, `text/plain`): use it, not encrypted ('no-encrypted-part');
 * - `application/pkcs7-mime` alone: open it (open-smime.ts); when it cannot be used there is nothing else, and a
 *   `handling=required` disposition (the default, rfc3261#section-20.11) means the caller answers 493;
 * - `multipart/alternative` (rfc2046#section-5.1.4, the last part is the preferred one): an S/MIME part that
 *   decrypts and verifies wins wherever it stands (we try them from the last, at most MAX_SMIME_ATTEMPTS), else the
 *   last clear part, reported with the reason the S/MIME part failed;
 * - anything else: `unsupported` (a MESSAGE answers 415, RFC 3428 section 7).
 *
 * Bad peer input never throws: it is reported with reason 'malformed' and the CoreError's message as detail.
 *
 * The signed content may carry protected headers (signed-content.ts, seed 000 section 4.2.1): an encrypted reading
 * then has them, parsed; without them it is the older form, whose headers are not protected. A sip-secure part that
 * is there but malformed makes the S/MIME part unusable ('malformed'). Comparing them with the outer message is the
 * caller's next step (check-protected-headers.ts), as is the replay cache (replay-cache.ts).
 */
import { fromLatin1 } from '../bytes.ts';
import { isSmimeEntity } from '../cms/smime-entity.ts';
import { describe } from '../errors.ts';
import { contentType, dispositionHandling, parseContentDisposition, parseMimeBody, type MimeEntity } from '../mime/index.ts';
import { checkInput, type SecureBodyInput } from './body-input.ts';
import type { ClearReason } from './clear-reason.ts';
import { openSmime } from './open-smime.ts';
import { unusable, type PartOutcome, type UnusablePart } from './part-outcome.ts';
import type { ProtectedHeaders } from './protected-headers.ts';
import { splitSignedContent } from './signed-content.ts';
import { readSmimePart } from './smime-der.ts';

/** How one kind of body is read. Readers throw CoreError on content they cannot use. */
export interface BodyKind {
  /** The media type of the clear form: `application/sdp` or `text/plain`. */
  clearType: string;
  readClear(entity: MimeEntity): string;
  /** The decrypted, verified content (a MIME entity) as text. */
  readInner(content: Uint8Array): string;
}

export interface SecureBodyReading {
  /** The text to use: decrypted when `encrypted`, else the clear one; null when nothing is usable. */
  value: string | null;
  encrypted: boolean;
  /** When `encrypted`: the signer certificate's URI, equal to the From AOR. */
  signerAor?: string;
  /**
   * When `encrypted` and the signed content carried a `message/sip-secure` part: its headers, to be compared with the
   * outer message (checkProtectedHeaders). Absent: the older form, "encrypted, headers not protected".
   */
  protectedHeaders?: ProtectedHeaders;
  reason?: ClearReason;
  detail?: string;
  /** An S/MIME part was present. */
  offeredEncrypted: boolean;
  /** A `handling=required` S/MIME part and nothing usable: the caller answers 493 (rfc3261#section-23.2). */
  requiredButUnreadable: boolean;
  /** A body type we do not read at all. */
  unsupported: boolean;
}

/** Hostile bodies may hold many S/MIME parts; each try may cost key agreement. */
export const MAX_SMIME_ATTEMPTS = 4;

const MULTIPART_ALTERNATIVE = 'multipart/alternative';

export async function readSecureBody(input: SecureBodyInput, kind: BodyKind): Promise<SecureBodyReading> {
  checkInput(input);
  let entity: MimeEntity;
  try {
    const bytes = typeof input.body === 'string' ? fromLatin1(input.body) : input.body;
    const extra: [string, string][] = input.contentDisposition === undefined ? [] : [['Content-Disposition', input.contentDisposition]];
    entity = parseMimeBody(input.contentType, bytes, extra);
  } catch (error) {
    return unreadableBody(input, describe(error));
  }
  try {
    const type = contentType(entity).value;
    if (type === kind.clearType) return clearReading(kind.readClear(entity), unusable('no-encrypted-part', 'the body is not encrypted'), false);
    if (isSmimeEntity(entity)) return await readLone(entity, input, kind);
    if (type === MULTIPART_ALTERNATIVE) return await readAlternative(entity, input, kind);
    return { ...nothing(false, false), unsupported: true, detail: `a ${type} body is not read here` };
  } catch (error) {
    return { ...nothing(false, false), reason: 'malformed', detail: describe(error) };
  }
}

async function readLone(entity: MimeEntity, input: SecureBodyInput, kind: BodyKind): Promise<SecureBodyReading> {
  const required = dispositionHandling(entity) === 'required';
  const outcome = await openPart(entity, input, kind);
  if (outcome.ok) return encryptedReading(outcome);
  return { ...nothing(true, required), reason: outcome.reason, detail: outcome.detail };
}

async function readAlternative(entity: MimeEntity, input: SecureBodyInput, kind: BodyKind): Promise<SecureBodyReading> {
  const parts = entity.parts ?? [];
  const smimeParts = parts.filter((part) => isSmimeEntity(part)).reverse();
  let failure: UnusablePart | undefined;
  let required = false;
  for (const part of smimeParts.slice(0, MAX_SMIME_ATTEMPTS)) {
    const outcome = await openPart(part, input, kind);
    if (outcome.ok) return encryptedReading(outcome);
    failure ??= outcome;
    required ||= dispositionHandling(part) === 'required';
  }
  const offered = smimeParts.length > 0;
  const clearParts = parts.filter((part) => contentType(part).value === kind.clearType).reverse();
  for (const part of clearParts) {
    try {
      return clearReading(kind.readClear(part), failure ?? unusable('no-encrypted-part', 'no encrypted alternative'), offered);
    } catch (error) {
      failure ??= unusable('malformed', describe(error));
    }
  }
  if (!offered && clearParts.length === 0) return { ...nothing(false, false), unsupported: true, detail: `no ${kind.clearType} alternative` };
  return { ...nothing(offered, required), reason: failure?.reason ?? 'malformed', detail: failure?.detail ?? 'no usable alternative' };
}

type TextOutcome = { ok: true; value: string; signerAor: string; protectedHeaders?: ProtectedHeaders } | UnusablePart;

/** An S/MIME part: its DER, opened and verified, then the inner entity split from its protected headers and read as text. */
async function openPart(part: MimeEntity, input: SecureBodyInput, kind: BodyKind): Promise<TextOutcome> {
  let outcome: PartOutcome;
  try {
    outcome = await openSmime(readSmimePart(part).contentInfo, input);
  } catch (error) {
    return unusable('malformed', describe(error));
  }
  if (!outcome.ok) return outcome;
  try {
    const signed = splitSignedContent(outcome.content);
    const value = kind.readInner(signed.content);
    return { ok: true, value, signerAor: outcome.signerAor, ...(signed.protectedHeaders ? { protectedHeaders: signed.protectedHeaders } : {}) };
  } catch (error) {
    return unusable('malformed', `the decrypted content: ${describe(error)}`);
  }
}

/** The body could not even be parsed as MIME. An S/MIME body is then one we cannot read. */
function unreadableBody(input: SecureBodyInput, detail: string): SecureBodyReading {
  const type = input.contentType.split(';', 1)[0]!.trim().toLowerCase();
  const smime = type === 'application/pkcs7-mime' || type === 'application/x-pkcs7-mime';
  let required = smime;
  if (smime && input.contentDisposition !== undefined) {
    try {
      required = parseContentDisposition(input.contentDisposition).params.get('handling')?.toLowerCase() !== 'optional';
    } catch {
      required = true;
    }
  }
  return { ...nothing(smime, required), reason: 'malformed', detail };
}

function nothing(offeredEncrypted: boolean, requiredButUnreadable: boolean): SecureBodyReading {
  return { value: null, encrypted: false, offeredEncrypted, requiredButUnreadable, unsupported: false };
}

function clearReading(value: string, why: UnusablePart, offeredEncrypted: boolean): SecureBodyReading {
  return { value, encrypted: false, reason: why.reason, detail: why.detail, offeredEncrypted, requiredButUnreadable: false, unsupported: false };
}

function encryptedReading({ value, signerAor, protectedHeaders }: { value: string; signerAor: string; protectedHeaders?: ProtectedHeaders }): SecureBodyReading {
  const reading: SecureBodyReading = { value, encrypted: true, signerAor, offeredEncrypted: true, requiredButUnreadable: false, unsupported: false };
  return protectedHeaders ? { ...reading, protectedHeaders } : reading;
}
