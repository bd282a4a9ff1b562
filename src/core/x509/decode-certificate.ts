/**
 * The first steps of reading any X.509 certificate (RFC 5280 section 4.1), shared by parseCertificate and the
 * CMS code: strict DER decoding, PKI.js's schema check, and the subjectKeyIdentifier extension (RFC 5280 section
 * 4.2.1.2) by which CMS names recipients and signers (rfc5652#section-6.2.1, section 5.3).
 */
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeDer, readOctetString } from '../der/index.ts';
import { wrapErrorsSync } from '../errors.ts';
import { X509_OID } from './oids.ts';

/** A decoded certificate as PKI.js reads it; a wrong shape is 'malformed-certificate'. */
export function certificateFromSchema(block: asn1js.AsnType): pkijs.Certificate {
  return wrapErrorsSync('malformed-certificate', 'not an X.509 certificate', () => new pkijs.Certificate({ schema: block }));
}

/** A DER certificate as PKI.js reads it: undecodable bytes are 'malformed-der', a wrong shape 'malformed-certificate'. */
export function decodeCertificate(der: Uint8Array): pkijs.Certificate {
  return certificateFromSchema(decodeDer(der, 'certificate'));
}

/** `SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING`, from a decoded extnValue. */
export function readSubjectKeyIdentifier(value: asn1js.BaseBlock): Uint8Array {
  return readOctetString(value, 'malformed-certificate', 'subjectKeyIdentifier');
}

/** The certificate's subjectKeyIdentifier, if it has the extension. */
export function subjectKeyIdentifierOf(certificate: pkijs.Certificate): Uint8Array | undefined {
  const extension = certificate.extensions?.find((e) => e.extnID === X509_OID.subjectKeyIdentifier);
  return extension && readSubjectKeyIdentifier(decodeDer(extension.extnValue.valueBlock.valueHexView, 'subjectKeyIdentifier'));
}
