/**
 * One policy for waiting on a peer's certificate and for retrying after a security refusal, for calls and messages
 * alike (RFC 6072 section 4, RFC 8591 section 9, seed 000 section 4.3):
 *
 * - Before a call or message: with a key of our own and no verified certificate of the peer's at hand, wait for it
 *   (at most CERTIFICATE_WAIT_MS: a cached or empty answer comes in milliseconds, a silent server costs the wait), so
 *   the secure layer can encrypt. One at hand is not waited for: the request starts in the very click.
 * - Refused with 493 (the peer could not decrypt), 437 (it could not use our certificate) or a 4xx whose
 *   `X-SIP-SECURE-REQUIRES` names S/MIME: fetch the peer's certificate again and send once more, encrypted, when there
 *   is one and a key of ours; otherwise fail with the reason.
 * - Whether a new call or MESSAGE goes encrypted is decided here (`planProtection`), once, when it is sent.
 */
import { hasSecureMethod, parseSecureRequires, SECURE_REQUIRES_HEADER, SMIME_METHOD } from '../core/secure-body/secure-requires.ts';
import type { FailureEvent } from './jssip-types.ts';
import type { ProtectionPlan } from './protection-note.ts';
import type { SecurityContext } from './security-context.ts';
import type { Protection, SipFailure } from './sip-client.ts';

/** How long a call, a message, or an incoming encrypted offer or message waits for the peer's certificate. */
export const CERTIFICATE_WAIT_MS = 1500;

/** Waits for the peer's certificate when we could encrypt but do not hold it yet; never throws. */
export async function awaitPeerCertificate(context: SecurityContext | null, peer: string): Promise<void> {
  if (!context?.ownKey() || context.cachedPeerCertificate(peer)) return;
  await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS }).catch(() => null);
}

/** Whether `peer` could be waited for (so the caller knows the request may not start in this task). */
export function needsCertificateWait(context: SecurityContext | null, peer: string): boolean {
  return !!context?.ownKey() && !context.cachedPeerCertificate(peer);
}

/** A refusal that fetching the peer's certificate again and encrypting may overcome (493, 437, 4xx requiring S/MIME). */
export function isSecurityRefusal(e: FailureEvent): boolean {
  if (e.originator !== 'remote') return false;
  const response = e.message ?? e.response ?? null;
  const status = response?.status_code;
  if (status === 493 || status === 437) return true;
  if (status === undefined || status < 400 || status >= 500) return false;
  const requires = response?.getHeader?.(SECURE_REQUIRES_HEADER);
  if (!requires) return false;
  try {
    return hasSecureMethod(parseSecureRequires(requires), SMIME_METHOD);
  } catch {
    return false;
  }
}

/**
 * After a security refusal: the peer's certificate fetched anew. `retry` when the request can go again encrypted,
 * otherwise why not (in words for the failure's detail).
 */
export async function prepareSecureRetry(context: SecurityContext | null, peer: string): Promise<{ retry: true } | { retry: false; why: string; missing?: SipFailure['missing'] }> {
  if (!context) return { retry: false, why: 'end-to-end protection is off' };
  if (!context.ownKey()) return { retry: false, why: 'this device has no key', missing: 'own-key' };
  const certificate = await context.peerCertificate(peer, { waitMs: CERTIFICATE_WAIT_MS, refresh: true }).catch(() => null);
  if (!certificate) return { retry: false, why: 'no verified certificate of theirs could be found', missing: context.missingCertificate(peer) };
  return { retry: true };
}

/** The failure of a request refused for want of encryption that could not be retried encrypted: said as such. */
export function encryptionRequired(failure: SipFailure, why: string, missing: SipFailure['missing'] | undefined): SipFailure {
  return { ...failure, kind: 'encryption-required', detail: `${failure.detail}: ${why}`, ...(missing ? { missing } : {}) };
}

/** A plan for a new call or MESSAGE: how it goes, or why it must not go at all. */
export type PlannedProtection = { plan: ProtectionPlan; protection?: Protection } | { refused: SipFailure };

/**
 * Whether a new call or MESSAGE to `peer` goes encrypted: with our key and the peer's verified certificate at hand,
 * yes; otherwise clear, and why. With only end-to-end encrypted ones wanted, nothing sensitive may leave in clear
 * (seed 000 section 4.3): it is refused, with what was missing, unless the user chose clear for this one
 * (`allowClear`, an explicit click, never implied). Undefined when protection is off. The one place this is decided:
 * the plan travels in the request to the secure layer (protection-note.ts), which carries it out.
 */
export function planProtection(context: SecurityContext | null, peer: string, allowClear = false): PlannedProtection | undefined {
  if (!context) return undefined;
  const ownKey = !!context.ownKey();
  const certificate = ownKey && !!context.cachedPeerCertificate(peer);
  if (ownKey && certificate) return { plan: 'encrypt' };
  if (context.secureOnly() && !allowClear) {
    const missing = ownKey ? context.missingCertificate(peer) : 'own-key';
    return { refused: { kind: 'not-encrypted', detail: `not sent: it could not be end-to-end encrypted (${missing})`, missing } };
  }
  return { plan: 'clear', protection: { encrypted: false, kind: ownKey ? 'peer-certificate-missing' : 'own-key-missing' } };
}
