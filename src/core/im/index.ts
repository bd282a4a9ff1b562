/** Instant-message content beyond plain text: CPIM (RFC 3862), IMDN (RFC 5438), and what cannot be shown. */
export { cpimHeader, formatCpim, parseCpim, type CpimMessage } from './cpim.ts';
export { formatImdn, IMDN_CONTENT_TYPE, IMDN_NAMESPACE, imdnRequested, parseImdn, type ImdnNotification, type ImdnRequest, type ImdnStatus } from './imdn.ts';
export { describeAttachment, readMessageContent, type MessageContent } from './message-content.ts';
