/** The words of end-to-end protection (src/ui/protection-words.ts): exactly what was checked, one line per kind. */
import { describe, expect, it } from 'vitest';
import { CLEAR_REASONS } from '../../src/core/secure-body/index.ts';
import type { CallInfo, MessageInfo, ProtectionKind } from '../../src/stores/types.ts';
import { clearReasonWords, messageProtectionText, protectionText } from '../../src/ui/protection-words.ts';

const BOB = 'sip:bob@sealphone.test';
const call: CallInfo = { id: 'x', direction: 'outgoing', peer: BOB, video: false, state: 'connected', muted: false, onHold: false, remoteHold: false, startedAt: 0 };
const message: MessageInfo = { id: 'm', direction: 'incoming', peer: BOB, contentType: 'text/plain', text: 'hi', at: 0, state: 'received' };

describe('protection words', () => {
  it('says exactly what was checked', () => {
    expect(protectionText(call)).toBeNull();
    expect(protectionText({ ...call, protection: { encrypted: true, verifiedPeer: BOB } })).toBe("End-to-end encrypted · bob@sealphone.test's key, certified by sealphone.test");
    expect(protectionText({ ...call, protection: { encrypted: false, kind: 'peer-answered-clear' } })).toBe('Not end-to-end encrypted: the peer answered without encryption');
  });

  it('words every reason of the core and of the softphone, with the detail after it', () => {
    const appKinds: ProtectionKind[] = ['own-key-missing', 'peer-certificate-missing', 'caller-sent-clear', 'sender-sent-clear', 'peer-answered-clear', 'peer-update-clear', 'encrypted-part-unusable'];
    const words = [...CLEAR_REASONS, ...appKinds].map((kind) => clearReasonWords({ encrypted: false, kind }));
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).toMatch(/^[a-z][^]*[a-z]$/);
    expect(clearReasonWords({ encrypted: false, kind: 'decrypt-failed', detail: 'GCM tag' })).toBe('the encrypted part could not be decrypted (GCM tag)');
    expect(clearReasonWords({ encrypted: false, kind: 'encryption-failed', detail: 'no AES-GCM here' })).toBe('encryption failed: no AES-GCM here');
    expect(clearReasonWords({ encrypted: false, kind: 'own-key-missing' })).toBe('you have no key on this device');
  });

  it('marks a message by its direction', () => {
    expect(messageProtectionText(message)).toBe('');
    expect(messageProtectionText({ ...message, protection: { encrypted: true, verifiedPeer: BOB } })).toBe('End-to-end encrypted, signed by bob@sealphone.test');
    expect(messageProtectionText({ ...message, direction: 'outgoing', state: 'delivered', protection: { encrypted: true, verifiedPeer: BOB } })).toBe('End-to-end encrypted');
    expect(messageProtectionText({ ...message, protection: { encrypted: false, kind: 'sender-sent-clear' } })).toBe('Not end-to-end encrypted: the sender did not encrypt it');
  });
});
