/**
 * Which domain an authentication service's certificate speaks for (rfc4474#section-13.4 and section 6.2 step 1):
 * a subjectAltName dNSName equal to the domain, or a URI `sip:domain` / `sips:domain`; a certificate without any
 * subjectAltName is read by its subject CN, as RFC 4474 allows for older certificates.
 */
import * as pkijs from 'pkijs';
import { decodeDer } from '../der/index.ts';
import { wrapErrorsSync } from '../errors.ts';
import { X509_OID } from '../x509/index.ts';

export interface CertificateNames {
  /** subjectAltName dNSName entries (RFC 5280 section 4.2.1.6). */
  dnsNames: string[];
  /** subjectAltName uniformResourceIdentifier entries. */
  uris: string[];
  /** Subject common names. */
  commonNames: string[];
  hasSubjectAltName: boolean;
}

export function certificateNames(cert: pkijs.Certificate): CertificateNames {
  const names: CertificateNames = { dnsNames: [], uris: [], commonNames: [], hasSubjectAltName: false };
  const san = cert.extensions?.find((e) => e.extnID === X509_OID.subjectAltName);
  if (san) {
    names.hasSubjectAltName = true;
    const block = decodeDer(san.extnValue.valueBlock.valueHexView, 'subjectAltName');
    const altName = wrapErrorsSync('malformed-certificate', 'subjectAltName', () => new pkijs.AltName({ schema: block }));
    for (const name of altName.altNames) {
      if (typeof name.value !== 'string') continue;
      if (name.type === 2) names.dnsNames.push(name.value);
      if (name.type === 6) names.uris.push(name.value);
    }
  }
  for (const atv of cert.subject.typesAndValues) {
    if (atv.type !== X509_OID.commonName) continue;
    const value: unknown = (atv.value.valueBlock as { value?: unknown }).value;
    if (typeof value === 'string') names.commonNames.push(value);
  }
  return names;
}

/** True when the certificate speaks for `domain` (compared case-insensitively, a trailing dot ignored). */
export function certificateCoversDomain(cert: pkijs.Certificate, domain: string): boolean {
  const want = normalise(domain);
  const names = certificateNames(cert);
  if (names.dnsNames.some((name) => normalise(name) === want)) return true;
  if (names.uris.some((uri) => /^sips?:/i.test(uri) && normalise(uri.replace(/^sips?:/i, '')) === want)) return true;
  return !names.hasSubjectAltName && names.commonNames.some((name) => normalise(name) === want);
}

function normalise(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
