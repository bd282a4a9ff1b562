/**
 * X.501 Names (RFC 5280 section 4.1.2.4): building the one-CN name of our certificates and showing any name as
 * an RFC 4514 string, the form `openssl x509 -nameopt RFC2253` prints.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { decodeDer, encodeDer, expectBlock } from '../der/index.ts';
import { X509_OID } from './oids.ts';

/** RFC 5280 appendix A.1: ub-common-name INTEGER ::= 64. */
export const MAX_COMMON_NAME_LENGTH = 64;

/** A Name holding one RDN, CN = `commonName`, as a UTF8String (RFC 5280 section 4.1.2.6). */
export function commonNameOnly(commonName: string): pkijs.RelativeDistinguishedNames {
  if (commonName.length === 0 || [...commonName].length > MAX_COMMON_NAME_LENGTH) {
    throw new CoreError('invalid-argument', `a common name has 1 to ${MAX_COMMON_NAME_LENGTH} characters (RFC 5280 appendix A.1)`);
  }
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: X509_OID.commonName, value: new asn1js.Utf8String({ value: commonName }) })],
  });
}

/**
 * RFC 4514 section 3 short names, plus the few more that openssl prints (section 3 lets implementations know more);
 * any other type is written as its dotted OID.
 */
const SHORT_NAMES: Record<string, string> = {
  [X509_OID.commonName]: 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const STRING_TYPES = [
  asn1js.Utf8String,
  asn1js.PrintableString,
  asn1js.IA5String,
  asn1js.TeletexString,
  asn1js.BmpString,
  asn1js.UniversalString,
  asn1js.VisibleString,
  asn1js.NumericString,
] as const;

/** RFC 4514 section 2.4 escaping of a string value. */
function escapeValue(value: string): string {
  let out = value.replace(/["+,;<>\\]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function formatAttribute(atv: asn1js.AsnType): string {
  const [typeBlock, valueBlock] = expectBlock(atv, asn1js.Sequence, 'malformed-certificate', 'AttributeTypeAndValue').valueBlock.value;
  // Any OID may name an attribute, so it is shown as asn1js spells it rather than checked (readOid would refuse
  // an arc too large for asn1js to write in decimal).
  const oid = expectBlock(typeBlock, asn1js.ObjectIdentifier, 'malformed-certificate', 'AttributeType').getValue();
  if (!valueBlock) throw new CoreError('malformed-certificate', 'AttributeTypeAndValue without a value');
  const shortName = SHORT_NAMES[oid];
  const isString = STRING_TYPES.some((type) => valueBlock instanceof type);
  if (shortName && isString) return `${shortName}=${escapeValue((valueBlock as asn1js.Utf8String).valueBlock.value)}`;
  // RFC 4514 section 2.4: a dotted type or a non-string value is written as '#' and the hex of its BER encoding.
  return `${shortName ?? oid}=#${toHex(encodeDer(valueBlock))}`;
}

/**
 * The RFC 4514 string of a DER Name: RDNs last to first, joined by ',', multi-valued RDNs by '+' (their order is
 * free, section 2.2; like openssl we reverse it too).
 */
export function formatDistinguishedName(nameDer: Uint8Array): string {
  const name = expectBlock(decodeDer(nameDer, 'Name'), asn1js.Sequence, 'malformed-certificate', 'Name');
  const rdns = name.valueBlock.value.map((rdn) => {
    const set = expectBlock(rdn, asn1js.Set, 'malformed-certificate', 'RelativeDistinguishedName');
    return set.valueBlock.value.map(formatAttribute).reverse().join('+');
  });
  return rdns.reverse().join(',');
}

/** The DER of a parsed pkijs Name, as it appeared in the certificate. */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return name.valueBeforeDecode.byteLength > 0 ? new Uint8Array(name.valueBeforeDecode).slice() : encodeDer(name.toSchema());
}
