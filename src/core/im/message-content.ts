/**
 * What an incoming page-mode MESSAGE carries, decided once from its Content-Type, Content-Encoding and body, so that
 * nothing but text is ever shown as text (issue 18 item 5):
 *
 *   text/plain (charset utf-8, us-ascii or absent; RFC 3428 section 9)     -> text
 *   message/cpim (RFC 3862) around text/plain                             -> text, with its IMDN request if any
 *   message/imdn+xml (RFC 5438), bare or inside message/cpim              -> a delivery or display notification
 *                                                                             (unread when compressed, still not text)
 *   anything else, a charset we cannot read, or a Content-Encoding         -> an attachment described by its type
 *
 * Bodies reach us as JavaScript strings already decoded from the SIP message's UTF-8, which is why only the charsets
 * that decode alike are read as text.
 */
import { isCoreError } from '../errors.ts';
import { parseContentType } from '../mime/index.ts';
import { parseCpim } from './cpim.ts';
import { IMDN_CONTENT_TYPE, imdnRequested, parseImdn, type ImdnNotification, type ImdnRequest } from './imdn.ts';

export type MessageContent =
  | { kind: 'text'; text: string; imdn?: { messageId: string; wants: ImdnRequest[] } }
  /** `notification` is absent for one we cannot read (compressed): still a notification, never a chat bubble. */
  | { kind: 'notification'; notification?: ImdnNotification }
  | { kind: 'attachment'; type: string; why: 'type' | 'charset' | 'encoding' | 'malformed' };

const TEXT_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
/** Longest type string kept for display. */
const MAX_TYPE = 80;

export function readMessageContent(contentTypeHeader: string | undefined, body: string, contentEncoding?: string): MessageContent {
  const typeText = (contentTypeHeader ?? 'text/plain').trim();
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity') {
    // linphone compresses its delivery notifications: one we cannot read is still not a message.
    return /^message\/imdn\+xml\s*(;|$)/i.test(typeText) ? { kind: 'notification' } : attachment(typeText, 'encoding');
  }
  let type;
  try {
    type = parseContentType(typeText);
  } catch {
    return attachment(typeText, 'malformed');
  }
  if (type.value === 'message/cpim') {
    try {
      const cpim = parseCpim(body);
      const inner = readMessageContent(cpim.contentHeaders.get('content-type'), cpim.content, cpim.contentHeaders.get('content-transfer-encoding'));
      const asked = imdnRequested(cpim);
      return inner.kind === 'text' && asked ? { ...inner, imdn: asked } : inner;
    } catch (error) {
      if (isCoreError(error)) return attachment(typeText, 'malformed');
      throw error;
    }
  }
  if (type.value === IMDN_CONTENT_TYPE) {
    try {
      return { kind: 'notification', notification: parseImdn(body) };
    } catch (error) {
      if (isCoreError(error)) return attachment(typeText, 'malformed');
      throw error;
    }
  }
  if (type.value !== 'text/plain') return attachment(type.value, 'type');
  const charset = type.params.get('charset')?.toLowerCase();
  if (charset !== undefined && !TEXT_CHARSETS.has(charset)) return attachment(`${type.value}; charset=${charset}`, 'charset');
  return { kind: 'text', text: body };
}

/** The sentence shown in place of an attachment SealPhone cannot show. */
export function describeAttachment(content: Extract<MessageContent, { kind: 'attachment' }>): string {
  switch (content.why) {
    case 'encoding':
      return `A compressed attachment of type ${content.type} that SealPhone cannot show`;
    case 'charset':
      return `Text in a character set SealPhone cannot show (${content.type})`;
    case 'malformed':
      return `An attachment of type ${content.type} that could not be read`;
    case 'type':
      return `An attachment of type ${content.type} that SealPhone cannot show`;
  }
}

function attachment(type: string, why: Extract<MessageContent, { kind: 'attachment' }>['why']): MessageContent {
  const printable = type.replace(/[^\x20-\x7e]/g, '?');
  return { kind: 'attachment', type: printable.length > MAX_TYPE ? `${printable.slice(0, MAX_TYPE)}…` : printable, why };
}
