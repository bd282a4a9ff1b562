/**
 * Seed 000 section 4.5: the credentials that authenticate a secured body must be cross-checked against the
 * identities it claims. Here: the certificate that signed the content must be the one verified for the From AOR
 * (RFC 6072 section 10.3, pinned by the caller), and its subjectAltName URI (RFC 6072 section 10.6) must be that AOR.
 */
import { equalBytes } from '../bytes.ts';
import { sameAor } from '../credentials/aor-uri.ts';
import { BytesCache } from '../der/index.ts';
import { CoreError } from '../errors.ts';
import { parseCertificate } from '../x509/index.ts';

/**
 * The subjectAltName URIs of certificates checked so far, by their bytes: the same peer certificate signs every
 * message and offer, and parsing it again (with its self-signature) cost more than the message's own crypto.
 */
const sanUrisByCertificate = new BytesCache<readonly string[]>();

async function sanUrisOf(der: Uint8Array, crypto: Crypto): Promise<readonly string[]> {
  const known = sanUrisByCertificate.get(der);
  if (known) return known;
  const uris = Object.freeze([...(await parseCertificate(der, crypto)).sanUris]);
  sanUrisByCertificate.set(der, uris);
  return uris;
}

/**
 * The subjectAltName URI of `signer` that names `fromAor`. Throws CoreError 'untrusted-certificate' when the
 * signer is not `peerCertificate` or names another AOR.
 *
 * AORs are compared as rfc3261#section-19.1.4 compares the scheme, user and host (`sameAor`, credentials/aor-uri.ts,
 * over the URI parser of src/core/sip).
 */
export async function checkSignerIdentity(signer: Uint8Array, peerCertificate: Uint8Array, fromAor: string, crypto: Crypto): Promise<string> {
  if (!equalBytes(signer, peerCertificate)) {
    throw new CoreError('untrusted-certificate', `signed by another certificate than the one verified for ${fromAor}`);
  }
  const sanUris = await sanUrisOf(signer, crypto);
  const uri = sanUris.find((candidate) => sameAor(candidate, fromAor));
  if (uri === undefined) {
    const named = sanUris.length > 0 ? sanUris.join(', ') : 'no SIP URI';
    throw new CoreError('untrusted-certificate', `the signer certificate names ${named}, not ${fromAor}`);
  }
  return uri;
}
