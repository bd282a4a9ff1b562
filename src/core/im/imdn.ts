/**
 * Instant Message Disposition Notification (RFC 5438): a sender asks in the CPIM headers for notifications
 * (`imdn.Disposition-Notification: positive-delivery, display`, section 6.2) and names its message
 * (`imdn.Message-ID`, section 6.3); the recipient answers with a MESSAGE whose message/imdn+xml body (section 7) says
 * what became of it:
 *
 *   <imdn xmlns="urn:ietf:params:xml:ns:imdn">
 *     <message-id>34jk324j</message-id>
 *     <datetime>2008-04-04T12:16:49-05:00</datetime>
 *     <delivery-notification><status><delivered/></status></delivery-notification>
 *   </imdn>
 *
 * The reader is deliberately small (no DTD, no entities beyond the five predefined ones): it finds the elements
 * above, with or without a name-space prefix, and refuses anything else as CoreError 'malformed-mime'.
 */
import { CoreError } from '../errors.ts';
import type { CpimMessage } from './cpim.ts';
import { cpimHeader } from './cpim.ts';

export const IMDN_NAMESPACE = 'urn:ietf:params:imdn';
export const IMDN_CONTENT_TYPE = 'message/imdn+xml';

export type ImdnRequest = 'positive-delivery' | 'negative-delivery' | 'display';
export type ImdnStatus = 'delivered' | 'failed' | 'forbidden' | 'error' | 'displayed';

export interface ImdnNotification {
  messageId: string;
  datetime?: string;
  kind: 'delivery' | 'display';
  status: ImdnStatus;
}

const MAX_XML = 16 * 1024;
const STATUSES: Record<'delivery' | 'display', readonly ImdnStatus[]> = {
  delivery: ['delivered', 'failed', 'forbidden', 'error'],
  display: ['displayed', 'forbidden', 'error'],
};

/** What a message's CPIM headers ask to be told (RFC 5438 section 6.2), and the Message-ID to quote. */
export function imdnRequested(message: Pick<CpimMessage, 'headers'>): { messageId: string; wants: ImdnRequest[] } | null {
  const messageId = cpimHeader(message, 'Message-ID', IMDN_NAMESPACE);
  const asked = cpimHeader(message, 'Disposition-Notification', IMDN_NAMESPACE);
  if (!messageId || !asked) return null;
  const wants = asked
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w): w is ImdnRequest => w === 'positive-delivery' || w === 'negative-delivery' || w === 'display');
  return wants.length > 0 ? { messageId, wants } : null;
}

/** Reads a message/imdn+xml body. */
export function parseImdn(xml: string): ImdnNotification {
  if (xml.length > MAX_XML) throw new CoreError('malformed-mime', `message/imdn+xml larger than ${MAX_XML} characters`);
  const root = element(xml, 'imdn');
  if (root === undefined) throw new CoreError('malformed-mime', 'message/imdn+xml without an imdn element');
  const messageId = element(root, 'message-id');
  if (!messageId) throw new CoreError('malformed-mime', 'message/imdn+xml without a message-id');
  const datetime = element(root, 'datetime');
  for (const kind of ['delivery', 'display'] as const) {
    const notification = element(root, `${kind}-notification`);
    if (notification === undefined) continue;
    const status = element(notification, 'status');
    const found = status === undefined ? undefined : STATUSES[kind].find((s) => new RegExp(`<(?:[\\w.-]+:)?${s}\\s*/?>`).test(status));
    if (!found) throw new CoreError('malformed-mime', `message/imdn+xml ${kind}-notification without a status we know`);
    return { messageId: unescapeXml(messageId.trim()), ...(datetime ? { datetime: unescapeXml(datetime.trim()) } : {}), kind, status: found };
  }
  throw new CoreError('malformed-mime', 'message/imdn+xml with neither a delivery- nor a display-notification');
}

/** A message/imdn+xml body (RFC 5438 section 7.2.1). */
export function formatImdn(notification: ImdnNotification): string {
  const datetime = notification.datetime ? `<datetime>${escapeXml(notification.datetime)}</datetime>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
    `<imdn xmlns="urn:ietf:params:xml:ns:imdn"><message-id>${escapeXml(notification.messageId)}</message-id>${datetime}` +
    `<${notification.kind}-notification><status><${notification.status}/></status></${notification.kind}-notification></imdn>`
  );
}

/** The text inside the first `<name>` element (any name-space prefix), or undefined. */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<((?:[\\w.-]+:)?${name})(?:\\s[^>]*)?>([\\s\\S]*?)</\\1\\s*>`).exec(xml);
  return match?.[2];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${Object.keys(ENTITIES).find((k) => ENTITIES[k] === c)};`);
}
