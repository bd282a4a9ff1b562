/**
 * What the app hands the SipClient, checked and completed before it reaches JsSIP: the address to sign in with, the
 * target of a call or message (`bob`, `bob@example.com` or `sip:bob@example.com`), DTMF tones.
 */

/** `sip:user@host` or `sips:user@host` with no blank and one `@` (what a REGISTER's To can carry). */
export function isSignInAor(aor: string): boolean {
  const rest = aor.startsWith('sip:') ? aor.slice(4) : aor.startsWith('sips:') ? aor.slice(5) : null;
  if (rest === null || hasBlank(rest)) return false;
  const at = rest.indexOf('@');
  return at > 0 && at < rest.length - 1 && rest.indexOf('@', at + 1) < 0;
}

/** A SIP URI for `target`, in the domain of `ownAor` when it names none. */
export function completeTarget(target: string, ownAor: string): string {
  const t = target.trim();
  const lower = t.slice(0, 5).toLowerCase();
  if (lower.startsWith('sip:') || lower.startsWith('sips:')) return t;
  if (t.includes('@')) return `sip:${t}`;
  return `sip:${t}@${ownAor.slice(ownAor.indexOf('@') + 1)}`;
}

const DTMF = new Set('0123456789ABCDabcd#*,');

/** RFC 4733 events JsSIP can send: digits, A-D, # and *, and ',' for a pause. */
export function isDtmf(tones: string): boolean {
  return tones.length > 0 && [...tones].every((c) => DTMF.has(c));
}

function hasBlank(text: string): boolean {
  for (const c of text) if (c.trim() === '') return true;
  return false;
}
