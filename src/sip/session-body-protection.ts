/**
 * Session bodies (offers and answers of INVITE, re-INVITE and UPDATE) in the secure layer (docs/design.md "Secure
 * calls"):
 *
 * - Outbound: an initial INVITE whose plan is `encrypt` (protection-note.ts) carries `multipart/alternative` (clear SDP
 *   first, signed-then-encrypted SDP last, `handling=optional`; RFC 3261 section 23.4), or the encrypted SDP alone
 *   when the user asked for encrypted-only (no clear alternative: ICE addresses stay hidden). Answers, re-INVITEs and
 *   UPDATEs of a dialog that went encrypted stay encrypted.
 * - Inbound: an offer or answer is read by the core (decrypt, verify with the peer's verified certificate, signer AOR =
 *   From: seed 000 section 4.5) and replaced by the clear SDP chosen, with the verdict noted in it.
 *   A `handling=required` part we cannot read gets 493 with our certificate (RFC 3261 section 23.2); a clear initial
 *   offer while encrypted-only is on gets 488 with `X-SIP-SECURE-REQUIRES: smime.sec.sip.iana` (seed 000 sections
 *   4.1.4 and 4.3).
 */
import type { SessionBodyReading } from '../core/secure-body/index.ts';
import type { SipMessage, SipRequest, SipResponse } from '../core/sip/index.ts';
import { CERTIFICATE_WAIT_MS } from './security-policy.ts';
import { encodeProtection, noteInSdp, PROTECTION_HEADER, type ProtectionPlan } from './protection-note.ts';
import { isSecureType, SECURE_REQUIRES_HEADER, SMIME_METHOD, withDetail, type DialogSecurity, type InboundOutcome, type SecureLayerParts } from './secure-layer-parts.ts';
import { bodyInput } from './secure-body-input.ts';
import { protectedHeadersOf, type HeaderVerdict } from './protected-headers-guard.ts';
import type { SecurityContext } from './security-context.ts';
import type { Protection } from './sip-client.ts';
import { aorOfHeader, bodyText, hasTag, mediaTypeOf, setBody } from './sip-text.ts';

type Reading = Pick<SessionBodyReading, 'encrypted' | 'reason' | 'detail' | 'offeredEncrypted'>;

/**
 * Carries out the plan of an initial INVITE, or keeps a dialog's encryption; null when the message leaves as it is,
 * else the encryption under way (it sets the body).
 */
export function protectOutgoingSession(message: SipMessage, callId: string, plan: ProtectionPlan | undefined, context: SecurityContext, parts: SecureLayerParts): Promise<void> | null {
  const own = context.ownKey();
  if (message.kind === 'request' && message.method === 'INVITE' && !hasTag(message.headers.get('To'))) {
    const peer = aorOfHeader(message.headers.get('To')) ?? '';
    const certificate = context.cachedPeerCertificate(peer);
    // Planned encrypted, only encrypted calls wanted, and the key or certificate went since: not sent clear.
    if (plan === 'encrypt' && (!own || !certificate) && context.secureOnly()) throw new Error(`cannot encrypt the offer to ${peer}: ${!own ? 'no key of ours' : 'no certificate of theirs'}`);
    if (plan !== 'encrypt' || !own || !certificate) {
      // Planned clear (the call knows why), or the key or certificate went since the plan: the answer will say so.
      const gone: Protection | undefined = plan !== 'encrypt' ? undefined : { encrypted: false, kind: !own ? 'own-key-missing' : 'peer-certificate-missing' };
      parts.dialogs.set(callId, { peer, peerCertificate: null, encryptOutgoing: false, ...(gone ? { protection: gone } : {}) });
      return null;
    }
    const clearAlternative = !context.secureOnly();
    const protectedHeaders = protectedHeadersOf(message, new Date(parts.now()));
    return parts.codecs.with(context, async (codec) => {
      setBody(message, await codec.buildSecureSessionBody(bodyText(message), { signer: own, recipients: [certificate, own.certificate], clearAlternative, protectedHeaders, crypto: context.crypto }));
      parts.dialogs.set(callId, { peer, peerCertificate: certificate, encryptOutgoing: true });
    });
  }
  // Answers, re-INVITEs and UPDATEs inside a dialog that went encrypted: encrypted only (the peer has shown it can).
  const dialog = parts.dialogs.get(callId);
  if (!dialog?.encryptOutgoing || !dialog.peerCertificate) return null;
  if (message.kind === 'response' && message.status >= 300) return null;
  if (!own) {
    // The key was locked or removed mid-dialog: this SDP leaves clear. The ACK of an initial answer carries the
    // verdict up; after that, the peer's next SDP (which we cannot read either) shows it.
    parts.dialogs.set(callId, { ...dialog, encryptOutgoing: false, protection: { encrypted: false, kind: 'own-key-missing' } });
    return null;
  }
  const peerCertificate = dialog.peerCertificate;
  const protectedHeaders = protectedHeadersOf(message, new Date(parts.now()));
  return parts.codecs.with(context, async (codec) => {
    setBody(message, await codec.buildSecureSessionBody(bodyText(message), { signer: own, recipients: [peerCertificate, own.certificate], clearAlternative: false, protectedHeaders, crypto: context.crypto }));
  });
}

/** An offer from the peer (initial INVITE, re-INVITE, UPDATE). */
export async function readSessionOffer(request: SipRequest, callId: string, context: SecurityContext, parts: SecureLayerParts): Promise<InboundOutcome> {
  const peer = aorOfHeader(request.headers.get('From')) ?? '';
  const initial = !hasTag(request.headers.get('To'));
  const secureType = isSecureType(mediaTypeOf(request));
  const dialog = parts.dialogs.get(callId);
  const own = context.ownKey();
  const certificate = secureType ? (dialog?.peerCertificate ?? (await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS }))) : null;
  const codec = secureType || dialog?.encryptOutgoing || context.secureOnly() ? await context.codec() : null;
  if (!codec) {
    // A clear offer in a clear dialog changes nothing; an initial one is the caller's choice.
    if (!initial) return noteSdp(request, dialog?.protection);
    const protection: Protection = { encrypted: false, kind: 'caller-sent-clear' };
    parts.dialogs.set(callId, { peer, peerCertificate: null, encryptOutgoing: false, protection });
    return noteSdp(request, protection);
  }
  const reading = await codec.readSessionBody(bodyInput(request, peer, own, certificate, context));
  if (reading.requiredButUnreadable) {
    parts.answer(request, 493, 'Undecipherable', context, own ? { body: codec.certsOnlyBody(own.certificate) } : {});
    return 'answered';
  }
  if (!reading.encrypted && context.secureOnly() && initial) {
    parts.answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD], ['Warning', '399 - "only end-to-end encrypted calls are accepted"']] });
    return 'answered';
  }
  const headers = reading.encrypted ? parts.headers.check(request, reading.protectedHeaders, reading.signerAor ?? peer, new Date(parts.now())) : null;
  if (headers && !headers.ok) {
    refuseForHeaders(request, headers.reason, context, parts);
    return 'answered';
  }
  const protection: Protection = reading.encrypted
    ? encryptedBy(peer, headers)
    : reading.offeredEncrypted
      ? unusable(reading)
      : { encrypted: false, kind: initial ? 'caller-sent-clear' : 'peer-update-clear' };
  parts.dialogs.set(callId, { peer, peerCertificate: certificate ?? dialog?.peerCertificate ?? null, encryptOutgoing: reading.encrypted, protection });
  if (reading.sdp !== null && secureType) setBody(request, { contentType: 'application/sdp', body: reading.sdp });
  return noteSdp(request, protection);
}

/** A response to an INVITE or UPDATE of ours: an answer in its body, or (18x without one) the verdict so far. */
export async function readSessionAnswer(response: SipResponse, callId: string, context: SecurityContext, parts: SecureLayerParts): Promise<InboundOutcome> {
  const dialog = parts.dialogs.get(callId);
  if (!dialog || response.status >= 300) return 'unchanged';
  if (response.body.length === 0) return noteHeader(response, dialog.protection);
  const type = mediaTypeOf(response);
  if (!dialog.encryptOutgoing && !isSecureType(type)) return noteSdp(response, dialog.protection);
  const codec = await context.codec();
  const reading = await codec.readSessionBody(bodyInput(response, dialog.peer, context.ownKey(), dialog.peerCertificate, context));
  const headers = reading.encrypted ? parts.headers.check(response, reading.protectedHeaders, reading.signerAor ?? dialog.peer, new Date(parts.now())) : null;
  const protection: Protection = headers && !headers.ok
    ? { encrypted: false, kind: 'protected-headers-mismatch', detail: headers.reason }
    : reading.encrypted
      ? encryptedBy(dialog.peer, headers)
      : reading.offeredEncrypted
        ? unusable(reading)
        : { encrypted: false, kind: 'peer-answered-clear' };
  // The peer can read encrypted bodies even when this one's headers did not match: what we send stays encrypted.
  parts.dialogs.set(callId, { ...dialog, encryptOutgoing: reading.encrypted, protection } satisfies DialogSecurity);
  if (reading.sdp !== null && isSecureType(type)) setBody(response, { contentType: 'application/sdp', body: reading.sdp });
  return noteSdp(response, protection);
}

/** Encrypted and signed by `peer`; `headersUnprotected` when the body came without its protected headers (the old form). */
export function encryptedBy(peer: string, headers: HeaderVerdict | null): Protection {
  return headers?.ok && !headers.protected ? { encrypted: true, verifiedPeer: peer, headersUnprotected: true } : { encrypted: true, verifiedPeer: peer };
}

/**
 * A request whose protected headers do not match it, or a replay (seed 000 section 4.5: a mismatch is a refusal with
 * its reason): 403 with the reason in a Warning, and JsSIP never sees it.
 */
export function refuseForHeaders(request: SipRequest, reason: string, context: SecurityContext, parts: SecureLayerParts): void {
  parts.log.warn(`refused ${request.method} from ${request.headers.get('From') ?? '?'}: ${reason}`);
  parts.answer(request, 403, 'Forbidden', context, { headers: [['Warning', `399 - "${reason.replace(/["\\]/g, '')}"`]] });
}

/** An encrypted part came but could not be used: the core's reason (and its technical detail). */
export function unusable(reading: Pick<Reading, 'reason' | 'detail'>): Protection {
  return { encrypted: false, kind: reading.reason ?? 'encrypted-part-unusable', ...withDetail(reading.detail) };
}

/**
 * Notes the verdict in the message's SDP, and in its header when it is a response (JsSIP shows 18x and 2xx headers) or
 * has no SDP (JsSIP refuses such an offer, and the header still says why).
 */
function noteSdp(message: SipMessage, protection: Protection | undefined): InboundOutcome {
  if (!protection) return 'unchanged';
  if (mediaTypeOf(message) !== 'application/sdp') return noteHeader(message, protection);
  setBody(message, { contentType: message.headers.get('Content-Type') ?? 'application/sdp', body: noteInSdp(bodyText(message), protection) });
  if (message.kind === 'response') message.headers.set(PROTECTION_HEADER, encodeProtection(protection));
  return 'changed';
}

/** The ACK of our answer (JsSIP's `confirmed` shows it): the verdict on what we answered, which may differ. */
export function noteAck(ack: SipRequest, callId: string, parts: SecureLayerParts): InboundOutcome {
  return noteHeader(ack, parts.dialogs.get(callId)?.protection);
}

function noteHeader(message: SipMessage, protection: Protection | undefined): InboundOutcome {
  if (!protection) return 'unchanged';
  message.headers.set(PROTECTION_HEADER, encodeProtection(protection));
  return 'changed';
}
