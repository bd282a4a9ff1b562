/**
 * An incoming call (initial INVITE) or MESSAGE that the secure layer answered itself with a refusal, as the app
 * learns of it: the callee's screen keeps the attempt and why (issue 17), since JsSIP never saw it. Retransmissions
 * and a second look at the same request share one id (Call-ID and CSeq).
 */
import type { RefusalReason } from '../core/secure-body/refusal-reason.ts';
import type { SipRequest } from '../core/sip/index.ts';
import { aorOfHeader, bodyText, hasTag, mediaTypeOf } from './sip-text.ts';

export type { RefusalReason } from '../core/secure-body/refusal-reason.ts';

export interface RefusedRequest {
  /** Call-ID and CSeq of the refused request. */
  id: string;
  what: 'call' | 'message';
  /** The sender's AOR (From). */
  peer: string;
  video: boolean;
  reason: RefusalReason;
  /** ms since the epoch. */
  at: number;
}

/** The refusal statuses the secure layer answers with, and what each means (refusal-reason.ts). */
const BY_STATUS: Record<number, RefusalReason> = { 488: 'not-encrypted', 493: 'undecipherable', 403: 'headers-mismatch', 500: 'unreadable' };

/** The refusal `status` to `request` says, or null for anything but a new call or a MESSAGE refused so. */
export function refusedRequest(request: SipRequest, status: number, at: number): RefusedRequest | null {
  const reason = BY_STATUS[status];
  const call = request.method === 'INVITE' && !hasTag(request.headers.get('To'));
  if (!reason || (!call && request.method !== 'MESSAGE')) return null;
  const peer = aorOfHeader(request.headers.get('From'));
  if (!peer) return null;
  const video = call && mediaTypeOf(request) === 'application/sdp' && /^m=video /m.test(bodyText(request));
  return { id: `${request.headers.get('Call-ID') ?? ''} ${request.headers.get('CSeq') ?? ''}`, what: call ? 'call' : 'message', peer, video, reason, at };
}
