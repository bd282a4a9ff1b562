/**
 * Reading the certificate extensions we act on (RFC 5280 section 4.2). Each extnValue must be exactly one DER
 * value; an extension may appear once; an unrecognised critical extension makes the certificate unusable
 * (RFC 5280 section 4.2: "MUST reject"), which we report as 'unsupported'.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeDer, expectBlock } from '../der/index.ts';
import { CoreError, wrapErrorsSync } from '../errors.ts';
import { readSubjectKeyIdentifier } from './decode-certificate.ts';
import { decodeKeyUsage, type KeyUsageName } from './key-usage.ts';
import { X509_OID } from './oids.ts';

export interface CertificateExtensions {
  /** uniformResourceIdentifier entries of subjectAltName (RFC 5280 section 4.2.1.6), in order. */
  sanUris: string[];
  /** basicConstraints cA (RFC 5280 section 4.2.1.9); false when the extension is absent. */
  isCA: boolean;
  /** Bits of keyUsage (RFC 5280 section 4.2.1.3); empty when the extension is absent (no restriction). */
  keyUsage: KeyUsageName[];
  /** KeyPurposeIds of extKeyUsage (RFC 5280 section 4.2.1.12); empty when absent. */
  extendedKeyUsage: string[];
  /** subjectKeyIdentifier (RFC 5280 section 4.2.1.2), when present. */
  subjectKeyIdentifier?: Uint8Array;
}

const RECOGNISED = new Set<string>([
  X509_OID.basicConstraints,
  X509_OID.keyUsage,
  X509_OID.extKeyUsage,
  X509_OID.subjectAltName,
  X509_OID.subjectKeyIdentifier,
  X509_OID.authorityKeyIdentifier,
]);

function parseWith<T>(what: string, make: () => T): T {
  return wrapErrorsSync('malformed-certificate', what, make);
}

export function readExtensions(extensions: readonly pkijs.Extension[]): CertificateExtensions {
  const out: CertificateExtensions = { sanUris: [], isCA: false, keyUsage: [], extendedKeyUsage: [] };
  const seen = new Set<string>();
  for (const ext of extensions) {
    const oid = ext.extnID;
    if (seen.has(oid)) throw new CoreError('malformed-certificate', `extension ${oid} appears twice (RFC 5280 section 4.2)`);
    seen.add(oid);
    if (!RECOGNISED.has(oid)) {
      if (ext.critical) throw new CoreError('unsupported', `critical extension ${oid} is not recognised (RFC 5280 section 4.2)`);
      continue;
    }
    const value = decodeDer(ext.extnValue.valueBlock.valueHexView, `extension ${oid}`);
    switch (oid) {
      case X509_OID.subjectAltName: {
        const altName = parseWith('subjectAltName', () => new pkijs.AltName({ schema: value }));
        for (const name of altName.altNames) {
          if (name.type !== 6) continue;
          if (typeof name.value !== 'string') throw new CoreError('malformed-certificate', 'subjectAltName URI is not a string');
          out.sanUris.push(name.value);
        }
        break;
      }
      case X509_OID.basicConstraints:
        out.isCA = parseWith('basicConstraints', () => new pkijs.BasicConstraints({ schema: value })).cA === true;
        break;
      case X509_OID.keyUsage:
        out.keyUsage = decodeKeyUsage(expectBlock(value, asn1js.BitString, 'malformed-certificate', 'keyUsage'));
        break;
      case X509_OID.extKeyUsage:
        out.extendedKeyUsage = [...parseWith('extKeyUsage', () => new pkijs.ExtKeyUsage({ schema: value })).keyPurposes];
        break;
      case X509_OID.subjectKeyIdentifier:
        out.subjectKeyIdentifier = readSubjectKeyIdentifier(value);
        break;
      default:
        break; // authorityKeyIdentifier: recognised, nothing to keep for a self-signed certificate.
    }
  }
  return out;
}
