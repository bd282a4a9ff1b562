/**
 * The words for end-to-end protection, in one place next to the UI (QA contract, docs/qa.md): "End-to-end encrypted ·
 * <peer>'s key, certified by <domain>" (or "verified by you", trust-words.ts) only for what the secure layer checked
 * (the lock beside it is an Icon, never an emoji), otherwise "Not end-to-end encrypted: <reason>", one line of English
 * per kind (src/sip's `ProtectionKind`, which includes the core's `ClearReason`s). Each reason is something
 * a person can act on; the technical `detail` follows in parentheses.
 */
import type { CallInfo, Protection, ProtectionKind } from '../stores/types.ts';
import type { ConversationMessage } from '../stores/messages-slice.ts';
import { displayAor } from '../stores/sip-address.ts';
import type { PeerCertificate } from '../stores/peer-certificates-slice.ts';
import { keyTrustWords } from './trust-words.ts';

const REASONS: Readonly<Record<ProtectionKind, string>> = {
  // The core's reasons for an encrypted body it could not use (src/core/secure-body/clear-reason.ts).
  'no-encrypted-part': 'the other side did not encrypt it',
  'no-own-key': 'this device holds no key to decrypt it',
  'no-peer-certificate': 'the peer has no certificate',
  'decrypt-failed': 'the encrypted part could not be decrypted',
  'not-signed': 'the encrypted part was not signed, so its sender is unknown',
  'signature-invalid': 'the signature did not verify',
  'signer-mismatch': "it was not signed with the peer's verified certificate",
  malformed: 'the message body could not be read',
  // The softphone's own.
  'own-key-missing': 'you have no key on this device',
  'peer-certificate-missing': 'the peer has no verified certificate',
  'caller-sent-clear': 'the caller did not encrypt the call',
  'sender-sent-clear': 'the sender did not encrypt it',
  'peer-answered-clear': 'the peer answered without encryption',
  'peer-update-clear': 'the peer sent an unencrypted update',
  'encryption-failed': 'encryption failed',
  'encrypted-part-unusable': 'the encrypted part could not be used',
  'protected-headers-mismatch': 'the encrypted part belongs to another message (its protected headers do not match)',
};

/** An encrypted body from an older SealPhone: signed and encrypted, but it could be a replay (seed 000 4.2.1). */
const HEADERS_UNPROTECTED = ' · headers not protected';

/** Why it is not encrypted, in words: "the peer has no verified certificate", "encryption failed: <why>", ... */
export function clearReasonWords(protection: Extract<Protection, { encrypted: false }>): string {
  const words = REASONS[protection.kind] ?? REASONS['encrypted-part-unusable'];
  if (!protection.detail) return words;
  return protection.kind === 'encryption-failed' ? `${words}: ${protection.detail}` : `${words} (${protection.detail})`;
}

/**
 * "End-to-end encrypted · bob@…'s key, certified by <domain>" ("verified by you" once the person compared that key:
 * `peerCertificate` is the key the secure layer encrypts to and checks with), or "Not end-to-end encrypted: <reason>";
 * null while not known.
 */
export function protectionText(call: CallInfo, peerCertificate?: PeerCertificate): string | null {
  const p = call.protection;
  if (!p) return null;
  if (!p.encrypted) return `Not end-to-end encrypted: ${clearReasonWords(p)}`;
  return `End-to-end encrypted · ${displayAor(p.verifiedPeer)}'s key, ${keyTrustWords(p.verifiedPeer, peerCertificate)}${p.headersUnprotected ? HEADERS_UNPROTECTED : ''}`;
}

/** A received message shown again from this device's history: its protection is what was checked then, not now. */
const AS_CHECKED = ' (as checked when received)';

/**
 * "End-to-end encrypted" (signed by the sender, for what we received) or "Not end-to-end encrypted: <reason>"; for a
 * received message loaded from this device's history, followed by "(as checked when received)".
 */
export function messageProtectionText(message: ConversationMessage): string {
  const p = message.protection;
  if (!p) return '';
  const when = message.restored && message.direction === 'incoming' ? AS_CHECKED : '';
  if (!p.encrypted) return `Not end-to-end encrypted: ${clearReasonWords(p)}${when}`;
  const unprotected = p.headersUnprotected ? HEADERS_UNPROTECTED : '';
  return message.direction === 'incoming' ? `End-to-end encrypted, signed by ${displayAor(p.verifiedPeer)}${unprotected}${when}` : `End-to-end encrypted${unprotected}`;
}
