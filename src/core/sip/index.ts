/**
 * The SIP message layer (RFC 3261 sections 7, 20 and 25): bytes in, bytes out, no DOM and no Node built-ins, shared by
 * the Node SIP server and the browser's WebSocket codec. Decisions: docs/sip.md.
 */
export { type SipMessage, type SipRequest, type SipResponse, SIP_VERSION } from './message.ts';
export { SipHeaders, type SipHeadersInit } from './headers.ts';
export { canonicalHeaderName, isListHeader } from './header-names.ts';
export { splitHeaderList } from './header-list.ts';
export { SipParseError } from './sip-parse-error.ts';
export { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.ts';
export { parseSipMessage } from './parse-message.ts';
export { serializeSipMessage } from './serialize-message.ts';
export { SipStreamFramer, type SipFramerItem, type SipKeepAlive } from './stream-framer.ts';

export { parseUri, type OtherUri, type SipUri, type TelUri, type Uri } from './uri.ts';
export { formatUri } from './uri-format.ts';
export { urisEqual } from './uri-compare.ts';
export { decodeUnreserved, unescapeUri } from './uri-escape.ts';
export { normalizeHost } from './ip-address.ts';
export { formatNameAddr, parseContact, parseNameAddr, type NameAddr } from './name-addr.ts';
export { formatVia, parseVia, type Via } from './via.ts';
export { formatCSeq, parseCSeq, type CSeq } from './cseq.ts';
export { formatAuthParams, parseAuthParams, type AuthParams } from './auth-params.ts';
export { eventsMatch, formatEvent, parseEvent, type SipEvent } from './event.ts';
export { formatSubscriptionState, parseSubscriptionState, type SubscriptionState } from './subscription-state.ts';
export { parseExpires } from './expires.ts';
export { formatParams, parseParams, type SipParams, type SipParamsInit } from './params.ts';
export { quoteString, unquote } from './chars.ts';

export { createResponse, type CreateResponseExtra } from './create-response.ts';
export { reasonPhrase } from './reason-phrases.ts';
export { BRANCH_MAGIC_COOKIE, generateBranch, generateCallId, generateTag, isRfc3261Branch } from './random-ids.ts';
export { COMPLETED_ELSEWHERE, completedElsewhere, DO_NOT_DISTURB_TEXT, formatReason, isDoNotDisturb, parseReason, parseReasons, type SipReason } from './reason-header.ts';
