/**
 * The words for end-to-end protection, in one place next to the UI (QA contract, docs/qa.md): "End-to-end encrypted ·
 * verified <peer>" only for what the secure layer checked (the lock beside it is an Icon, never an emoji), otherwise "Not end-to-end encrypted: <reason>", one line
 * of English per kind (src/sip's `ProtectionKind`, which includes the core's `ClearReason`s). Each reason is something
 * a person can act on; the technical `detail` follows in parentheses.
 */
import type { CallInfo, MessageInfo, Protection, ProtectionKind } from '../stores/types.ts';
import { displayAor } from '../stores/sip-address.ts';

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

/** "End-to-end encrypted · verified bob@…" or "Not end-to-end encrypted: <reason>"; null while not known. */
export function protectionText(call: CallInfo): string | null {
  const p = call.protection;
  if (!p) return null;
  if (!p.encrypted) return `Not end-to-end encrypted: ${clearReasonWords(p)}`;
  return `End-to-end encrypted · verified ${displayAor(p.verifiedPeer)}${p.headersUnprotected ? HEADERS_UNPROTECTED : ''}`;
}

/** "End-to-end encrypted" (signed by the sender, for what we received) or "Not end-to-end encrypted: <reason>". */
export function messageProtectionText(message: MessageInfo): string {
  const p = message.protection;
  if (!p) return '';
  if (!p.encrypted) return `Not end-to-end encrypted: ${clearReasonWords(p)}`;
  const unprotected = p.headersUnprotected ? HEADERS_UNPROTECTED : '';
  return message.direction === 'incoming' ? `End-to-end encrypted, signed by ${displayAor(p.verifiedPeer)}${unprotected}` : `End-to-end encrypted${unprotected}`;
}
