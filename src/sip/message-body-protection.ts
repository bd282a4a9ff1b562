/**
 * Page-mode MESSAGE bodies in the secure layer (docs/design.md "Encrypted page-mode IM", RFC 8591):
 *
 * - Outbound: a text/plain MESSAGE whose plan is `encrypt` (protection-note.ts) carries the signed-then-encrypted
 *   text, after a clear fallback that never repeats it (seed 002 section 8), or alone when encrypted-only is on. The
 *   sealed draft of that very text is used when there is one (sealed-draft.ts). What was done is noted on the final
 *   response, which is what the message sender is told.
 * - Inbound: an encrypted MESSAGE is read by the core (decrypt, verify, signer AOR = From) and replaced by its text,
 *   with the verdict in the `X-SealPhone-Protection` header. 415 for a body we cannot show (RFC 3428 section 7), 493 with
 *   our certificate when no part is readable (RFC 8591 section 9), 488 with `X-SIP-SECURE-REQUIRES` for a clear one
 *   while encrypted-only is on (seed 000 section 4.3).
 */
import type { SipRequest, SipResponse } from '../core/sip/index.ts';
import type { Protection } from './sip-client.ts';
import { CERTIFICATE_WAIT_MS } from './security-policy.ts';
import { applyEnvelope, type SealedDrafts } from './sealed-draft.ts';
import { protectedHeadersOf } from './protected-headers-guard.ts';
import { bodyInput } from './secure-body-input.ts';
import { encodeProtection, PROTECTION_HEADER, type ProtectionPlan } from './protection-note.ts';
import { peekHeader, requestMethod, withHeader } from './sip-frame.ts';
import { isSecureType, SECURE_REQUIRES_HEADER, SMIME_METHOD, type InboundOutcome, type SecureLayerParts } from './secure-layer-parts.ts';
import type { SecurityContext } from './security-context.ts';
import { encryptedBy, refuseForHeaders, unusable } from './session-body-protection.ts';
import { aorOfHeader, bodyText, mediaTypeOf, setBody } from './sip-text.ts';

const MESSAGE_ACCEPT = 'text/plain, multipart/alternative, application/pkcs7-mime';

/** Carries out a MESSAGE's plan: null when it leaves clear, else the sealing (which sets the body). */
export function protectOutgoingMessage(message: SipRequest, callId: string, plan: ProtectionPlan | undefined, context: SecurityContext, parts: SecureLayerParts, drafts: SealedDrafts): Promise<void> | null {
  if (plan !== 'encrypt') return null; // planned clear: the message sender knows why
  const peer = aorOfHeader(message.headers.get('To')) ?? '';
  const own = context.ownKey();
  const certificate = context.cachedPeerCertificate(peer);
  if (!own || !certificate) {
    // The key or certificate went since the plan: the response will say so.
    parts.dialogs.set(callId, { peer, peerCertificate: null, encryptOutgoing: false, protection: { encrypted: false, kind: !own ? 'own-key-missing' : 'peer-certificate-missing' } });
    return null;
  }
  const protectedHeaders = protectedHeadersOf(message, new Date(parts.now()));
  return drafts.sealForSend(context, { peer, text: bodyText(message), signer: own, peerCertificate: certificate }, protectedHeaders).then(({ body, envelope }) => {
    if (envelope) applyEnvelope(message, envelope);
    setBody(message, body);
    parts.dialogs.set(message.headers.get('Call-ID') ?? callId, { peer, peerCertificate: certificate, encryptOutgoing: true, protection: { encrypted: true, verifiedPeer: peer } });
  });
}

/** The final response to a MESSAGE of ours: what was done to it, noted in a header; its transaction is then over. */
export function noteMessageResponse(response: SipResponse, callId: string, parts: SecureLayerParts): InboundOutcome {
  if (response.status < 200) return 'unchanged';
  const protection = parts.dialogs.get(callId)?.protection;
  parts.dialogs.delete(callId);
  return protection ? noteRequest(response, protection) : 'unchanged';
}

/**
 * An incoming clear text/plain MESSAGE while clear ones are accepted, marked clear on its text: no parse, no
 * serialisation, on the path of every clear message. Undefined for anything else (`readMessage` takes it).
 */
export function clearMessageNoted(text: string, context: SecurityContext): string | undefined {
  if (requestMethod(text) !== 'MESSAGE' || context.secureOnly()) return undefined;
  const type = peekHeader(text, 'Content-Type')?.split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'text/plain') return undefined;
  return withHeader(text, PROTECTION_HEADER, encodeProtection({ encrypted: false, kind: 'sender-sent-clear' }));
}

/** An incoming MESSAGE: read, refused, or marked clear. */
export async function readMessage(request: SipRequest, context: SecurityContext, parts: SecureLayerParts): Promise<InboundOutcome> {
  const peer = aorOfHeader(request.headers.get('From')) ?? '';
  const type = mediaTypeOf(request);
  const secureType = isSecureType(type);
  if (!secureType && type !== 'text/plain') return 'unchanged'; // isComposing and the like: not ours to judge
  if (!secureType) {
    if (context.secureOnly()) {
      parts.answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD], ['Warning', '399 - "only end-to-end encrypted messages are accepted"']] });
      return 'answered';
    }
    return noteRequest(request, { encrypted: false, kind: 'sender-sent-clear' });
  }
  const own = context.ownKey();
  // What is at hand is not awaited: a message from a known peer is read in the task that brought it.
  const certificate = context.cachedPeerCertificate(peer) ?? (await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS }));
  const codec = parts.codecs.atHand(context) ?? (await parts.codecs.load(context));
  const reading = await codec.readMessageBody(bodyInput(request, peer, own, certificate, context));
  if (reading.unsupported) {
    parts.answer(request, 415, 'Unsupported Media Type', context, { headers: [['Accept', MESSAGE_ACCEPT]] });
    return 'answered';
  }
  if (reading.requiredButUnreadable || reading.text === null) {
    parts.answer(request, 493, 'Undecipherable', context, own ? { body: codec.certsOnlyBody(own.certificate) } : {});
    return 'answered';
  }
  if (!reading.encrypted && context.secureOnly()) {
    parts.answer(request, 488, 'Not Acceptable Here', context, { headers: [[SECURE_REQUIRES_HEADER, SMIME_METHOD]] });
    return 'answered';
  }
  const headers = reading.encrypted ? parts.headers.check(request, reading.protectedHeaders, reading.signerAor ?? peer, new Date(parts.now())) : null;
  if (headers && !headers.ok) {
    refuseForHeaders(request, headers.reason, context, parts);
    return 'answered';
  }
  setBody(request, { contentType: 'text/plain;charset=utf-8', body: reading.text });
  return noteRequest(request, reading.encrypted ? encryptedBy(peer, headers) : unusable(reading));
}

function noteRequest(message: SipRequest | SipResponse, protection: Protection): InboundOutcome {
  message.headers.set(PROTECTION_HEADER, encodeProtection(protection));
  return 'changed';
}
