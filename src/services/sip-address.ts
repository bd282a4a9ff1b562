/**
 * What a person types ("bob", "bob@example.com", "sip:bob@example.com", "+1 (555) 010-2030") turned into the AOR the
 * SipClient takes,
 * and AORs turned back into something short to show. One place for both, so keys of per-contact state agree (the
 * stores and the certificate services key their per-peer state by `peerKey`).
 */

/**
 * A telephone number as people write it: digits with spaces, dots, dashes, slashes and brackets, an optional leading
 * `+`, and at least three digits (RFC 3966 section 5.1.1 "visual separators").
 */
const PHONE_NUMBER = /^\+?[\d\s().\-/]+$/;

/** `+1 (555) 010-2030` -> `+15550102030`; null when it is no phone number. */
export function phoneDigits(text: string): string | null {
  const value = text.trim();
  if (!PHONE_NUMBER.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 3) return null;
  return `${value.startsWith('+') ? '+' : ''}${digits}`;
}

/**
 * `sip:user@domain` with the domain lower-cased, or null when the input cannot be an address. A user part without a
 * domain takes `defaultDomain`; a phone number is cleaned to its digits with a leading `+` kept (and a `tel:` URI,
 * RFC 3966, to the same), as the user part of a SIP URI (RFC 3261 section 19.1.6).
 */
export function normalizeAor(input: string, defaultDomain?: string): string | null {
  let value = input.trim();
  const angle = /<([^>]*)>/.exec(value);
  if (angle?.[1] !== undefined) value = angle[1].trim();
  value = value.replace(/^(sips?|tel):/i, '');
  value = value.split(/[;?]/, 1)[0] ?? '';
  let user: string;
  let domain: string | undefined;
  const at = value.lastIndexOf('@');
  if (at >= 0) {
    user = value.slice(0, at);
    domain = value.slice(at + 1).trim();
  } else {
    user = value;
    domain = defaultDomain;
  }
  user = phoneDigits(user) ?? user;
  if (!user || /\s/.test(user) || !domain || !/^[A-Za-z0-9.:[\]-]+$/.test(domain)) return null;
  return `sip:${user}@${domain.toLowerCase()}`;
}

/** The sentence for an entry that is no address, naming what was typed. */
export function notAnAddressText(input: string): string {
  return `“${input.trim()}” is not a SIP address or phone number. Type a name like bob, bob@example.com or a number like +1 555 010 2030.`;
}

/** The domain of an AOR (`sip:alice@example.com` -> `example.com`). */
export function domainOf(aor: string): string | undefined {
  const at = aor.lastIndexOf('@');
  return at >= 0 ? aor.slice(at + 1) : undefined;
}

/** `sip:bob@example.com` -> `bob@example.com`. */
export function displayAor(aor: string): string {
  return aor.replace(/^sips?:/i, '');
}

/** The key of per-contact state for any form of an address a SipClient reports. */
export function peerKey(aor: string): string {
  return normalizeAor(aor) ?? aor;
}
