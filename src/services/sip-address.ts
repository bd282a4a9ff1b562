/**
 * What a person types ("bob", "bob@example.com", "sip:bob@example.com") turned into the AOR the SipClient takes,
 * and AORs turned back into something short to show. One place for both, so keys of per-contact state agree (the
 * stores and the certificate services key their per-peer state by `peerKey`).
 */

/** `sip:user@domain` with the domain lower-cased, or null when the input cannot be an address. */
export function normalizeAor(input: string, defaultDomain?: string): string | null {
  let value = input.trim();
  const angle = /<([^>]*)>/.exec(value);
  if (angle?.[1] !== undefined) value = angle[1].trim();
  value = value.replace(/^sips?:/i, '');
  value = value.split(/[;?]/, 1)[0] ?? '';
  if (!value || /\s/.test(value)) return null;
  let user: string;
  let domain: string | undefined;
  const at = value.lastIndexOf('@');
  if (at >= 0) {
    user = value.slice(0, at);
    domain = value.slice(at + 1);
  } else {
    user = value;
    domain = defaultDomain;
  }
  if (!user || !domain || !/^[A-Za-z0-9.:[\]-]+$/.test(domain)) return null;
  return `sip:${user}@${domain.toLowerCase()}`;
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
