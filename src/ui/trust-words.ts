/**
 * The words of trust in a peer's key, in one place (QA contract, docs/qa.md), each exactly true:
 * - "Certified by <domain>": the peer's domain vouched for the certificate (RFC 6072 section 10.3, an RFC 4474
 *   Identity over the NOTIFY). That is all the server can say, so it is never called "Verified".
 * - "Verified by you": the person using this device compared the key with the peer (the fingerprint, read aloud or
 *   scanned, or the four words of an end-to-end encrypted call) and marked it; a new key is not marked.
 * - "Key changed": an early change (RFC 6072 section 10.8) not yet acknowledged; never shown in the colour of a good
 *   state.
 * - A revocation is worded as one; "someone between you may be interfering" only where that can be true.
 */
import type { PeerCertificate } from '../stores/peer-certificates-slice.ts';
import type { OwnKeyStatus } from '../stores/own-key-slice.ts';

/** What the downgrade words need of the own key (its snapshot fits). */
export interface OwnKey {
  status: OwnKeyStatus;
  revokedBy?: 'this-device' | 'another-device';
}
import type { CallInfo } from '../stores/types.ts';
import { displayAor, domainOf } from '../stores/sip-address.ts';

/** The CSS tone of a contact's badge: only `verified-by-you` is green. */
export type TrustTone = 'verified-by-you' | 'certified' | 'changed' | 'revoked' | 'none' | 'rejected' | 'checking';

/** "Certified by sealphone.test", "Verified by you", "bob@…'s key was revoked", "No certificate", "Rejected: <why>", "Checking…". */
export function certificateStatusText(peer: string, cert: PeerCertificate): string {
  switch (cert.status) {
    case 'verified':
      return cert.verifiedByYou ? 'Verified by you' : `Certified by ${domainOf(displayAor(peer)) ?? 'its domain'}`;
    case 'none':
      return cert.revoked ? `${displayAor(peer)}'s key was revoked` : 'No certificate';
    case 'rejected':
      return `Rejected: ${cert.message}`;
    default:
      return 'Checking…';
  }
}

/** The short state next to a contact's name. */
export function certificateBadge(cert: PeerCertificate): { text: string; tone: TrustTone } {
  switch (cert.status) {
    case 'verified':
      if (cert.warning) return { text: 'Key changed', tone: 'changed' };
      return cert.verifiedByYou ? { text: 'Verified by you', tone: 'verified-by-you' } : { text: 'Certified', tone: 'certified' };
    case 'none':
      return cert.revoked ? { text: 'Revoked', tone: 'revoked' } : { text: 'No certificate', tone: 'none' };
    case 'rejected':
      return { text: 'Rejected', tone: 'rejected' };
    default:
      return { text: 'Checking…', tone: 'checking' };
  }
}

/** How the key an end-to-end encrypted call or message used is trusted: "certified by <domain>" or "verified by you". */
export function keyTrustWords(peer: string, cert: PeerCertificate | undefined): string {
  return cert?.status === 'verified' && cert.verifiedByYou ? 'verified by you' : `certified by ${domainOf(displayAor(peer)) ?? 'its domain'}`;
}

/** Own-key states with no usable key on this device (while it is still being checked, nothing is known yet). */
const NO_KEY_HERE: ReadonlySet<OwnKeyStatus> = new Set(['needs-new-key', 'needs-unlock', 'revoked']);

/**
 * Why a call with someone reached end-to-end encrypted before is not this time, and whether interference is a
 * possible reason: not when we revoked or lack our own key (then the peer had nothing to encrypt to, or we nothing to
 * decrypt with, whatever reason the call gives), nor when the server says the peer revoked theirs (a withheld
 * certificate looks the same, but then the revocation is what we can truly say). A certificate that failed to verify,
 * or an encrypted part that went missing while both keys stand, may be someone in between.
 */
export function downgradeWarning(call: CallInfo, ownKey: OwnKey, cert: PeerCertificate): { text: string; interference: boolean } | null {
  const p = call.protection;
  if (!p || p.encrypted) return null;
  const who = displayAor(call.peer);
  // Whatever the reason the call gives (a caller who had no certificate of ours sent it clear), our own key explains it.
  if (ownKey.status === 'revoked' && ownKey.revokedBy === 'this-device') return { text: 'You revoked your key, so this call is not end-to-end encrypted. Make a new key on the Security page to encrypt calls again.', interference: false };
  if (ownKey.status === 'revoked' && ownKey.revokedBy === 'another-device') return { text: 'Your key was revoked on another device signed in to your account, so this call is not end-to-end encrypted.', interference: false };
  if (NO_KEY_HERE.has(ownKey.status) || p.kind === 'own-key-missing' || p.kind === 'no-own-key') {
    return { text: 'You have no key on this device, so this call is not end-to-end encrypted. Make or unlock your key on the Security page.', interference: false };
  }
  if (cert.status === 'none' && cert.revoked) {
    return { text: `${who}'s key was revoked, so this call is not end-to-end encrypted. Calls are encrypted again once they make a new key.`, interference: false };
  }
  return { text: `Warning: earlier calls with ${who} were end-to-end encrypted, this one is not. Someone between you may be interfering; do not say anything secret.`, interference: true };
}
