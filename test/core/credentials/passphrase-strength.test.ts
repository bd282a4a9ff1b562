/** The passphrase hint: a table of passphrases and what the estimator says of them. */
import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, assessPassphrase, type PassphraseContext, type PassphraseStrength } from '../../../src/core/credentials/index.ts';

const CONTEXT: PassphraseContext = { sipPassword: 'alice-sip-secret', aor: 'sip:alice@example.test' };

describe('assessPassphrase', () => {
  it.each<{ passphrase: string; want: PassphraseStrength; hint?: RegExp }>([
    { passphrase: '', want: 'weak', hint: /Choose/ },
    { passphrase: 'Tr0ub4dor', want: 'weak', hint: /at least 10/ },
    { passphrase: 'x'.repeat(MIN_PASSPHRASE_LENGTH - 1), want: 'weak', hint: /at least 10/ },
    { passphrase: 'alice-sip-secret', want: 'weak', hint: /SIP password/ },
    { passphrase: 'ALICE-SIP-SECRET!', want: 'weak', hint: /SIP password/ },
    { passphrase: 'my alice-sip-secret 2', want: 'weak', hint: /SIP password/ },
    { passphrase: 'alice@example.test', want: 'weak', hint: /address/ },
    { passphrase: 'hello alice, how are you', want: 'weak', hint: /address/ },
    { passphrase: 'password123', want: 'weak', hint: /common/ },
    { passphrase: '!!Passphrase2024', want: 'weak', hint: /common/ },
    { passphrase: 'sealphone!!', want: 'weak', hint: /common/ },
    { passphrase: 'aaaaaaaaaaaa', want: 'weak', hint: /repeated/ },
    { passphrase: 'abcabcabcabc', want: 'weak', hint: /repeated/ },
    { passphrase: 'abcdefghijkl', want: 'weak', hint: /repeated/ },
    { passphrase: '1234567890', want: 'weak', hint: /repeated/ },
    { passphrase: '0987654321', want: 'weak', hint: /repeated/ },
    { passphrase: 'qwertyuiop', want: 'weak', hint: /repeated/ },
    { passphrase: 'asdf ghjkl', want: 'weak', hint: /repeated/ },
    { passphrase: 'mountain river', want: 'fair' },
    { passphrase: 'Summer2024!', want: 'fair' },
    { passphrase: 'kqzmvhrtwp', want: 'fair' },
    { passphrase: 'correct horse battery staple', want: 'strong' },
    { passphrase: 'Gx7#pL2!vQ9$wR4m', want: 'strong' },
    { passphrase: 'blue kettle sings loudly', want: 'strong' },
    { passphrase: 'пароль для ключа телефона', want: 'strong' },
  ])('$passphrase: $want', ({ passphrase, want, hint }) => {
    const result = assessPassphrase(passphrase, CONTEXT);
    expect(result.strength).toBe(want);
    expect(result.acceptable).toBe(want !== 'weak');
    expect(result.hint).toMatch(/^[A-Z].*\.$/);
    if (hint) expect(result.hint).toMatch(hint);
  });

  it('without a context only the passphrase itself counts', () => {
    expect(assessPassphrase('alice-sip-secret').strength).not.toBe('weak');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(assessPassphrase('🔑'.repeat(9)).hint).toMatch(/at least 10/);
  });
});
