/**
 * What a JsSIP session's events do to its call (call-set.ts): state moves (call-state.ts), the verdict the secure
 * layer noted in each remote SDP or response (protection-note.ts; the SDP's line is removed before the
 * RTCPeerConnection sees it), hold, a security refusal retried (security-policy.ts), and a transfer the peer asks.
 */
import type { CallMedia } from './call-media.ts';
import type { CallRecord } from './call-record.ts';
import type { CallSet } from './call-set.ts';
import { failureFrom } from './failures.ts';
import type { FailureEvent, JsSipResponse, JsSipSession, RtcSessionEvents } from './jssip-types.ts';
import { decodeProtection, PROTECTION_HEADER, takeSdpNote } from './protection-note.ts';
import { isSecurityRefusal } from './security-policy.ts';
import { hasSecureMethod, parseSecureRequires, SECURE_REQUIRES_HEADER, SMIME_METHOD } from '../core/secure-body/secure-requires.ts';
import { completedElsewhere, isDoNotDisturb } from '../core/sip/reason-header.ts';
import type { SipFailure } from './sip-client.ts';

export function watchCallSession(calls: CallSet, record: CallRecord, session: JsSipSession, media: CallMedia): void {
  const outgoing = record.info.direction === 'outgoing';
  if (session.connection) media.watch(record, session.connection);
  else session.on('peerconnection', (e) => media.watch(record, e.peerconnection));
  session.on('sdp', (e) => {
    if (e.originator !== 'remote') return;
    const { sdp, protection } = takeSdpNote(e.sdp);
    e.sdp = sdp;
    if (record.session === session) calls.protect(record, protection);
  });
  session.on('progress', (e) => {
    if (!outgoing || e.originator !== 'remote' || record.session !== session) return;
    calls.protect(record, noteOf(e.response));
    if (record.info.state === 'connecting') calls.update(record, { state: 'ringing' });
  });
  session.on('accepted', (e) => {
    if (record.session !== session) return;
    if (!outgoing) return media.answerSent(record);
    calls.protect(record, noteOf(e.response));
    calls.connected(record, session);
  });
  session.on('confirmed', (e) => {
    if (record.session !== session) return;
    calls.protect(record, noteOf(e.ack));
    calls.connected(record, session);
  });
  session.on('hold', (e) => calls.update(record, e.originator === 'remote' ? { remoteHold: true } : { onHold: true }));
  session.on('unhold', (e) => calls.update(record, e.originator === 'remote' ? { remoteHold: false } : { onHold: false }));
  session.on('ended', (e) => {
    if (record.session !== session) return;
    // JsSIP's cause for a BYE either way is 'Terminated' (Constants.js causes.BYE); the peer's says who ended it.
    if (e.originator === 'remote' && e.cause === 'Terminated') calls.end(record, { kind: 'hung-up', detail: 'BYE' });
    else calls.end(record, e.cause === 'Terminated' || e.cause === 'Canceled' ? undefined : failureOf(e));
  });
  session.on('refer', (e) => void transferred(calls, record, e));
  // What we did ourselves (cancel, decline) is no failure on our side.
  session.on('failed', (e) => {
    if (record.session !== session) return;
    if (outgoing && !record.retried && calls.securityOn() && isSecurityRefusal(e)) void calls.retrySecurely(record, failureOf(e));
    else calls.end(record, e.originator === 'local' && (e.cause === 'Canceled' || e.cause === 'Rejected') ? undefined : failureOf(e));
  });
}

/** The peer asked us to call the Refer-To target (RFC 3515); JsSIP reports its progress to them in NOTIFYs. */
async function transferred(calls: CallSet, old: CallRecord, e: RtcSessionEvents['refer']): Promise<void> {
  const next = await calls.transferee(old, e.request.refer_to.uri.toAor());
  if (!next) {
    e.reject();
    return;
  }
  e.accept((session: JsSipSession) => {
    next.adopt(session);
    session.on('accepted', () => {
      if (old.session && !old.session.isEnded()) old.session.terminate();
    });
  }, next.options);
}

function noteOf(message: Pick<JsSipResponse, 'getHeader'> | null | undefined): ReturnType<typeof decodeProtection> {
  return decodeProtection(message?.getHeader?.(PROTECTION_HEADER));
}

export function failureOf(e: FailureEvent): SipFailure {
  const response = e.message ?? e.response ?? null;
  const status = response && typeof response.status_code === 'number' ? response.status_code : undefined;
  // The CANCEL of a forking proxy whose other branch was answered (RFC 3326 section 2): no missed call here.
  const reason = status === undefined ? response?.getHeader?.('Reason') : undefined;
  if (e.cause === 'Canceled' && e.originator === 'remote' && reason !== undefined && completedElsewhere([reason])) return { kind: 'answered-elsewhere', detail: reason };
  // The callee's do not disturb, said by its Reason header (RFC 3326 section 2): not "busy".
  if (status === 486 && isDoNotDisturb(response?.getHeader?.('Reason'))) return { kind: 'do-not-disturb', status, detail: `486 ${response?.reason_phrase ?? 'Busy Here'} (do not disturb)` };
  return failureFrom(e.cause, status, status !== undefined ? response?.reason_phrase : undefined, requiresEncryption(response?.getHeader?.(SECURE_REQUIRES_HEADER)));
}

/** Whether an `X-SIP-SECURE-REQUIRES` value names S/MIME (the peer accepts only end-to-end encrypted requests). */
function requiresEncryption(value: string | undefined): boolean {
  if (!value) return false;
  try {
    return hasSecureMethod(parseSecureRequires(value), SMIME_METHOD);
  } catch {
    return false;
  }
}
