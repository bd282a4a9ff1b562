/**
 * The key of a credential: its AOR (RFC 6072 section 4), in one spelling. RFC 3261 section 19.1.4 compares the
 * scheme and host case-insensitively and the user part exactly, so we store `sip:` / `sips:`, the user as given
 * and the host in lower case.
 */
import { parseAor } from '../../src/core/x509/aor.ts';
import { StoreError } from './store-error.ts';

/** The canonical AOR; anything that is not `sip(s):user@host` is a StoreError 'invalid'. */
export function canonicalAor(aor: string): string {
  let parsed;
  try {
    parsed = parseAor(aor.replace(/^sips?:/i, (scheme) => scheme.toLowerCase()));
  } catch (error) {
    throw new StoreError('invalid', `invalid AOR ${JSON.stringify(aor)}: expected sip:user@domain`, { cause: error });
  }
  return `${parsed.scheme}:${parsed.user}@${parsed.host.toLowerCase()}`;
}
