/**
 * The authentication service's self-signed certificate (rfc4474#section-13.4, RFC 6072 section 8): an RSA key that
 * speaks for a domain, named by subjectAltName dNSName (or iPAddress for an IPv4 literal) and URI `sip:domain`,
 * subject CN = the domain. Identity-Info points at it and verifiers pin it for the domain (docs/design.md "Identity").
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { randomBytes } from '../bytes.ts';
import { encodeDer, octetStringBlock } from '../der/index.ts';
import { CoreError, wrapErrors } from '../errors.ts';
import { engineFor } from '../pkijs-engine.ts';
import { BACKDATE_MS, X509_OID } from '../x509/index.ts';
import { commonNameOnly } from '../x509/distinguished-name.ts';
import { encodeKeyUsage } from '../x509/key-usage.ts';
import { x509Time } from '../x509/validity.ts';

/**
 * Ten years: verifiers pin this certificate, so a new one means reconfiguring every client. (The one-year limit of
 * docs/design.md "Keys and certificates" is for users' certificates.)
 */
export const AUTH_SERVICE_VALIDITY_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?:${LABEL}\\.)*${LABEL}$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export interface AuthServiceCertificateOptions {
  /** The SIP domain the service signs for, e.g. `sealphone.test` (a host name or an IPv4 address). */
  domain: string;
  /** The RSA public key to certify. */
  publicKey: CryptoKey;
  /** The matching RSASSA-PKCS1-v1_5 SHA-256 private key; it signs the certificate. */
  privateKey: CryptoKey;
  /** Whole days from 1; default AUTH_SERVICE_VALIDITY_DAYS. */
  validityDays?: number;
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** The GeneralNames of the domain: DNS name or IPv4 address, and the URI sip:domain. */
function domainNames(domain: string): pkijs.GeneralName[] {
  const ipv4 = IPV4.exec(domain);
  const address = ipv4
    ? new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: new Uint8Array(ipv4.slice(1, 5).map(Number)).buffer }) })
    : new pkijs.GeneralName({ type: 2, value: domain });
  return [address, new pkijs.GeneralName({ type: 6, value: `sip:${domain}` })];
}

/**
 * A v3 self-signed certificate for the domain: random positive 128-bit serial, notBefore 5 minutes back, signed
 * sha256WithRSAEncryption; basicConstraints cA=false and keyUsage digitalSignature (both critical), subjectAltName,
 * subject and authority key identifiers. Returns its DER. Bad options are a CoreError 'invalid-argument'.
 */
export async function createAuthServiceCertificate(options: AuthServiceCertificateOptions, crypto: Crypto, now: () => Date = () => new Date()): Promise<Uint8Array> {
  const { domain, publicKey, privateKey } = options;
  if (domain.length > 253 || !(HOSTNAME.test(domain) || IPV4.test(domain))) throw new CoreError('invalid-argument', `not a domain name: ${JSON.stringify(domain)}`);
  const validityDays = options.validityDays ?? AUTH_SERVICE_VALIDITY_DAYS;
  if (!Number.isInteger(validityDays) || validityDays < 1) throw new CoreError('invalid-argument', 'validityDays must be a whole number of days from 1');
  if (publicKey.algorithm.name !== 'RSASSA-PKCS1-v1_5' || privateKey.algorithm.name !== 'RSASSA-PKCS1-v1_5') {
    throw new CoreError('invalid-argument', 'the authentication service key must be RSASSA-PKCS1-v1_5 (rfc4474#section-9)');
  }
  const engine = engineFor(crypto);
  const name = commonNameOnly(domain);
  const serial = randomBytes(16, crypto);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, no leading zero octet (RFC 5280 section 4.1.2.2)
  const notBefore = new Date(now().getTime() - BACKDATE_MS);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial.buffer as ArrayBuffer }),
    issuer: name,
    subject: name,
    notBefore: x509Time(notBefore),
    notAfter: x509Time(new Date(notBefore.getTime() + validityDays * DAY_MS)),
  });
  return wrapErrors('invalid-argument', 'the authentication service certificate could not be made', async () => {
    await certificate.subjectPublicKeyInfo.importKey(publicKey, engine);
    const keyId = octetStringBlock(new Uint8Array(await certificate.getKeyHash('SHA-1', engine)));
    certificate.extensions = [
      extension(X509_OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
      extension(X509_OID.keyUsage, true, encodeKeyUsage(['digitalSignature'])),
      extension(X509_OID.subjectAltName, false, new pkijs.AltName({ altNames: domainNames(domain) }).toSchema()),
      extension(X509_OID.subjectKeyIdentifier, false, keyId),
      extension(X509_OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: keyId }).toSchema()),
    ];
    await certificate.sign(privateKey, 'SHA-256', engine);
    return encodeDer(certificate.toSchema());
  });
}
