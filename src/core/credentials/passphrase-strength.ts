/**
 * A small estimate of how hard a key passphrase is to guess, for the hint under the passphrase field. The passphrase
 * protects the private key that the credential service stores (docs/design.md "Keys and certificates", RFC 6072 section
 * 10.5): anyone who gets the blob can guess offline, slowed only by PBKDF2. This is a heuristic, not a proof
 * (docs/certificates.md):
 *
 * 1. weak: shorter than MIN_PASSPHRASE_LENGTH (10) characters; the SIP password or the AOR (or containing either);
 *    a common password with digits or symbols around it; one character repeated, a short piece repeated, or a run
 *    along the alphabet, the digits or a keyboard row.
 * 2. otherwise an estimate in bits: log2 of the alphabet the characters come from (lower case 26, upper case 26,
 *    digits 10, other printable ASCII 32, anything else 100; a space separates words and adds no alphabet) times an
 *    effective length, in which a character equal to the one before counts a quarter and a neighbour of it (`b` after
 *    `a`) a half;
 * 3. strong from STRONG_BITS (80) bits, or four or more words of 20 or more characters in all; fair below.
 */

export type PassphraseStrength = 'weak' | 'fair' | 'strong';

export interface PassphraseAssessment {
  strength: PassphraseStrength;
  /** False for 'weak': SealPhone does not protect a key with it. */
  acceptable: boolean;
  /** One sentence for the user. */
  hint: string;
  /** The estimate of step 2 (0 when a rule of step 1 decided). */
  estimatedBits: number;
}

/** What the passphrase must not be (nor contain). */
export interface PassphraseContext {
  /** The SIP digest password: the credential server knows it, so it must not open the key. */
  sipPassword?: string;
  /** The user's AOR, e.g. `sip:alice@example.test`. */
  aor?: string;
}

export const MIN_PASSPHRASE_LENGTH = 10;
export const STRONG_BITS = 80;

/** The most common choices (and SealPhone's own name), compared after the digits and symbols around them are cut off. */
const COMMON = new Set([
  'password', 'passwort', 'passphrase', 'motdepasse', 'contraseña', 'letmein', 'welcome', 'iloveyou', 'admin',
  'administrator', 'qwerty', 'qwertz', 'azerty', 'sealphone', 'secret', 'changeme', 'trustno', 'monkey', 'dragon',
  'football', 'baseball', 'sunshine', 'princess', 'starwars', 'whatever', 'master', 'shadow', 'superman', 'abc',
]);

const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'];

function weak(hint: string): PassphraseAssessment {
  return { strength: 'weak', acceptable: false, hint, estimatedBits: 0 };
}

function userOf(aor: string): string {
  const match = /^(?:sips?:)?([^@]+)@/i.exec(aor.trim());
  return (match ? match[1]! : aor).toLowerCase();
}

/** True when `text` is one piece repeated (`abcabcabc`, `aaaa`). */
function isRepetition(text: string): boolean {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) return true;
  }
  return false;
}

/** True when `text` runs along a sequence, forwards or backwards (`3456789012`, `poiuytrewq`). */
function isSequence(text: string): boolean {
  if (text.length < 3) return false;
  return SEQUENCES.some((seq) => {
    const ring = seq.repeat(Math.ceil(text.length / seq.length) + 1);
    const back = [...ring].reverse().join('');
    return ring.includes(text) || back.includes(text);
  });
}

function alphabetSize(chars: readonly string[]): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let other = false;
  for (const ch of chars) {
    if (/[a-z]/.test(ch)) lower = true;
    else if (/[A-Z]/.test(ch)) upper = true;
    else if (/[0-9]/.test(ch)) digit = true;
    else if (ch === ' ') continue; // a word separator: words are judged by their letters
    else if (/[\x21-\x7e]/.test(ch)) symbol = true;
    else other = true;
  }
  return Math.max(1, (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 32 : 0) + (other ? 100 : 0));
}

function effectiveLength(chars: readonly string[]): number {
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const here = chars[i]!.codePointAt(0)!;
    const before = i === 0 ? undefined : chars[i - 1]!.codePointAt(0)!;
    if (before === undefined) length += 1;
    else if (here === before) length += 0.25;
    else if (Math.abs(here - before) === 1) length += 0.5;
    else length += 1;
  }
  return length;
}

/** Rates `passphrase`; see the rules above. */
export function assessPassphrase(passphrase: string, context: PassphraseContext = {}): PassphraseAssessment {
  const chars = [...passphrase];
  if (chars.length === 0) return weak('Choose a passphrase to protect your key.');
  const lower = passphrase.toLowerCase();
  const sip = context.sipPassword?.toLowerCase();
  if (sip !== undefined && sip.length > 0 && (lower === sip || (sip.length >= 4 && lower.includes(sip)))) {
    return weak('Do not use your SIP password: the server knows it, and this passphrase must be one it does not know.');
  }
  if (context.aor !== undefined) {
    const user = userOf(context.aor);
    const whole = context.aor.toLowerCase().replace(/^sips?:/, '');
    if (lower.includes(whole) || (user.length >= 3 && lower.includes(user))) return weak('Do not use your own address or name; it is the first thing anyone would try.');
  }
  if (chars.length < MIN_PASSPHRASE_LENGTH) return weak(`Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are long and easy to remember.`);
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON.has(core)) return weak('This is one of the most common passwords; choose something of your own.');
  const compact = lower.replace(/\s+/g, '');
  if (isRepetition(compact) || isSequence(compact)) return weak('Avoid repeated characters and runs like "abcd" or "1234".');

  const estimatedBits = Math.round(effectiveLength(chars) * Math.log2(alphabetSize(chars)));
  const words = passphrase.trim().split(/\s+/).filter((w) => w.length > 0);
  if (estimatedBits >= STRONG_BITS || (words.length >= 4 && chars.length >= 20)) {
    return { strength: 'strong', acceptable: true, hint: 'A strong passphrase.', estimatedBits };
  }
  return { strength: 'fair', acceptable: true, hint: 'Acceptable. Four or more unrelated words would make it stronger.', estimatedBits };
}
