/**
 * planProtection (security-policy.ts), the one decision of whether a new call or MESSAGE goes encrypted, as a table:
 * with only end-to-end encrypted ones wanted, nothing that cannot be encrypted is planned to leave, unless the user
 * chose clear for this one (issue 16 deliverable 2, seed 000 section 4.3).
 */
import { describe, expect, it } from 'vitest';
import { planProtection } from '../../src/sip/security-policy.ts';
import type { MissingCertificate, SecurityContext } from '../../src/sip/security-context.ts';

const BOB = 'sip:bob@example.test';
const KEY = { certificate: new Uint8Array([1]), keys: {} } as unknown as ReturnType<SecurityContext['ownKey']>;

function context(c: { key: boolean; certificate: boolean; secureOnly: boolean; missing?: MissingCertificate }): SecurityContext {
  return {
    codec: () => Promise.reject(new Error('not needed')),
    ownKey: () => (c.key ? KEY : null),
    cachedPeerCertificate: () => (c.certificate ? new Uint8Array([2]) : null),
    peerCertificate: async () => null,
    secureOnly: () => c.secureOnly,
    missingCertificate: () => c.missing ?? 'unanswered',
    crypto: globalThis.crypto,
  };
}

describe('planProtection', () => {
  const rows: [name: string, c: Parameters<typeof context>[0], allowClear: boolean, want: unknown][] = [
    ['key and certificate: encrypt', { key: true, certificate: true, secureOnly: false }, false, { plan: 'encrypt' }],
    ['key and certificate, encrypted only: encrypt', { key: true, certificate: true, secureOnly: true }, false, { plan: 'encrypt' }],
    ['no certificate: clear, and why', { key: true, certificate: false, secureOnly: false }, false, { plan: 'clear', protection: { encrypted: false, kind: 'peer-certificate-missing' } }],
    ['no key: clear, and why', { key: false, certificate: true, secureOnly: false }, false, { plan: 'clear', protection: { encrypted: false, kind: 'own-key-missing' } }],
    ['encrypted only, the server has none for the peer: refused', { key: true, certificate: false, secureOnly: true, missing: 'none' }, false, { refused: { kind: 'not-encrypted', missing: 'none' } }],
    ['encrypted only, the server did not answer: refused', { key: true, certificate: false, secureOnly: true }, false, { refused: { kind: 'not-encrypted', missing: 'unanswered' } }],
    ['encrypted only, what it sent did not verify: refused', { key: true, certificate: false, secureOnly: true, missing: 'rejected' }, false, { refused: { kind: 'not-encrypted', missing: 'rejected' } }],
    ['encrypted only, no key of ours: refused', { key: false, certificate: true, secureOnly: true }, false, { refused: { kind: 'not-encrypted', missing: 'own-key' } }],
    ['encrypted only, clear chosen by the user: clear, and why', { key: true, certificate: false, secureOnly: true }, true, { plan: 'clear', protection: { encrypted: false, kind: 'peer-certificate-missing' } }],
  ];
  for (const [name, c, allowClear, want] of rows) {
    it(name, () => {
      expect(planProtection(context(c), BOB, allowClear)).toMatchObject(want as object);
    });
  }

  it('nothing when protection is off', () => {
    expect(planProtection(null, BOB)).toBeUndefined();
  });
});
