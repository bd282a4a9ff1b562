/**
 * The SIP message model (rfc3261#section-7): a request or a response, headers kept as text, the body as bytes.
 * Plain data: build one with an object literal and `new SipHeaders(...)`, or parse one with `parseSipMessage`.
 */
import type { SipHeaders } from './headers.ts';

export interface SipRequest {
  kind: 'request';
  /** Case-sensitive method token (rfc3261#section-7.1). */
  method: string;
  /** The Request-URI as written; `parseUri` reads it. */
  uri: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export interface SipResponse {
  kind: 'response';
  /** 100..699 (rfc3261#section-7.2). */
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

/** The only protocol version SealPhone speaks (rfc3261#section-7.1). */
export const SIP_VERSION = 'SIP/2.0';

export const EMPTY_BODY: Uint8Array = new Uint8Array(0);
