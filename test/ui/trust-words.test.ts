/**
 * The words of trust (src/ui/trust-words.ts), as a table: what the server vouched for is "Certified by <domain>", only
 * the person's own comparison is "Verified by you", a changed key is never shown as fine, a revocation is worded as
 * one, and "someone between you may be interfering" only where that can be true.
 */
import { describe, expect, it } from 'vitest';
import type { PeerCertificate } from '../../src/stores/peer-certificates-slice.ts';
import type { CallInfo, ProtectionKind } from '../../src/stores/types.ts';
import { certificateBadge, certificateStatusText, downgradeWarning, type OwnKey } from '../../src/ui/trust-words.ts';
import { protectionText } from '../../src/ui/protection-words.ts';

const BOB = 'sip:bob@sealphone.test';
const key = { status: 'verified', fingerprintHex: 'AB:CD', fingerprint: 'ABCD', notAfter: 1, cached: false } as const;
const certs: Record<string, PeerCertificate> = {
  certified: key,
  mine: { ...key, verifiedByYou: true },
  changed: { ...key, warning: 'The key of bob@sealphone.test changed although …' },
  revoked: { status: 'none', revoked: true },
  none: { status: 'none' },
  rejected: { status: 'rejected', reason: 'bad-signature', message: 'The signature does not match.' },
  checking: { status: 'checking' },
};

describe('trust words', () => {
  const table: [keyof typeof certs, string, string, string][] = [
    ['certified', 'Certified by sealphone.test', 'Certified', 'certified'],
    ['mine', 'Verified by you', 'Verified by you', 'verified-by-you'],
    ['changed', 'Certified by sealphone.test', 'Key changed', 'changed'],
    ['revoked', "bob@sealphone.test's key was revoked", 'Revoked', 'revoked'],
    ['none', 'No certificate', 'No certificate', 'none'],
    ['rejected', 'Rejected: The signature does not match.', 'Rejected', 'rejected'],
    ['checking', 'Checking…', 'Checking…', 'checking'],
  ];
  for (const [name, status, badge, tone] of table) {
    it(`${name}: "${status}", badge "${badge}"`, () => {
      expect(certificateStatusText(BOB, certs[name]!)).toBe(status);
      expect(certificateBadge(certs[name]!)).toEqual({ text: badge, tone });
    });
  }

  it('never says "Verified" for what only the server vouched for', () => {
    for (const cert of [certs.certified!, certs.changed!]) {
      expect(certificateStatusText(BOB, cert)).not.toMatch(/verified/i);
      expect(certificateBadge(cert).text).not.toMatch(/verified/i);
    }
  });

  describe('a call', () => {
    const call: CallInfo = { id: 'x', direction: 'outgoing', peer: BOB, video: false, state: 'connected', muted: false, onHold: false, remoteHold: false, startedAt: 0 };
    const encrypted = { ...call, protection: { encrypted: true as const, verifiedPeer: BOB } };
    const clear = (kind: ProtectionKind) => ({ ...call, protection: { encrypted: false as const, kind } });

    it('encrypted: with whose key, certified by its domain or verified by you', () => {
      expect(protectionText(encrypted, certs.certified)).toBe("End-to-end encrypted · bob@sealphone.test's key, certified by sealphone.test");
      expect(protectionText(encrypted, certs.mine)).toBe("End-to-end encrypted · bob@sealphone.test's key, verified by you");
    });

    const warnings: [string, CallInfo, OwnKey, PeerCertificate, RegExp, boolean][] = [
      ['the caller revoked their own key', clear('own-key-missing'), { status: 'revoked', revokedBy: 'this-device' }, certs.certified!, /^You revoked your key, so this call is not end-to-end encrypted\./, false],
      ['the caller revoked their own key and the peer called in clear', clear('caller-sent-clear'), { status: 'revoked', revokedBy: 'this-device' }, certs.certified!, /^You revoked your key/, false],
      ["the peer revoked their key and called in clear", clear('caller-sent-clear'), { status: 'ready' }, certs.revoked!, /^bob@sealphone\.test's key was revoked/, false],
      ['the key was revoked on another device', clear('own-key-missing'), { status: 'revoked', revokedBy: 'another-device' }, certs.certified!, /^Your key was revoked on another device/, false],
      ['no key on this device', clear('own-key-missing'), { status: 'needs-new-key' }, certs.certified!, /^You have no key on this device/, false],
      ["the peer's key was revoked", clear('peer-certificate-missing'), { status: 'ready' }, certs.revoked!, /^bob@sealphone\.test's key was revoked, so this call is not end-to-end encrypted\./, false],
      ['the own key still being checked (nothing known of it yet)', clear('caller-sent-clear'), { status: 'checking' }, certs.certified!, /Someone between you may be interfering/, true],
      ["the peer's certificate failed to verify", clear('peer-certificate-missing'), { status: 'ready' }, certs.rejected!, /Someone between you may be interfering/, true],
      ['the encrypted part went missing', clear('no-encrypted-part'), { status: 'ready' }, certs.certified!, /Someone between you may be interfering/, true],
    ];
    for (const [name, c, own, cert, words, interference] of warnings) {
      it(`a downgrade when ${name}`, () => {
        const warning = downgradeWarning(c, own, cert);
        expect(warning?.text).toMatch(words);
        expect(warning?.interference).toBe(interference);
        if (!interference) expect(warning?.text).not.toMatch(/interfer/i);
      });
    }
  });
});
