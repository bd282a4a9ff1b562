/** Object identifiers of the X.509 profile we make and read (RFC 5280 sections 4.1.2.4 and 4.2.1). */
import { CERTIFICATE_EXTENSION_OID } from '../oids.ts';

export const X509_OID = {
  commonName: '2.5.4.3',
  ...CERTIFICATE_EXTENSION_OID,
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  /** id-kp-emailProtection (RFC 5280 section 4.2.1.12): S/MIME, which is what RFC 8591 / RFC 3261 section 23 use. */
  emailProtection: '1.3.6.1.5.5.7.3.4',
} as const;
