/**
 * EncapsulatedContentInfo (RFC 5652 section 5.2):
 * `SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }`.
 * eContent is absent for a detached signature (the content travels elsewhere, e.g. multipart/signed) and for
 * certs-only messages.
 */
import { type DerBlock, contextTag, objectIdentifier, octetString, readConstructed, readOctetString, readOid, readSequence, sequence, tlv } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';

export interface EncapsulatedContentInfo {
  eContentType: string;
  eContent?: Uint8Array;
}

export function encodeEncapsulatedContentInfo(info: EncapsulatedContentInfo): Uint8Array {
  const content = info.eContent === undefined ? [] : [tlv(contextTag(0), octetString(info.eContent))];
  return sequence(objectIdentifier(info.eContentType), ...content);
}

/** Reads the content, joining the pieces of a BER constructed OCTET STRING (`openssl cms -stream`). */
export function decodeEncapsulatedContentInfo(block: DerBlock | undefined): EncapsulatedContentInfo {
  const what = 'EncapsulatedContentInfo';
  const [type, explicit, ...extra] = readSequence(block, 'malformed-cms', what);
  if (extra.length > 0) throw new CoreError('malformed-cms', `${what}: unexpected elements`);
  const eContentType = readOid(type, 'malformed-cms', `${what} eContentType`);
  if (explicit === undefined) return { eContentType };
  const inner = readConstructed(explicit, contextTag(0), 'malformed-cms', `${what} eContent`);
  if (inner.length !== 1) throw new CoreError('malformed-cms', `${what} eContent: expected one OCTET STRING`);
  return { eContentType, eContent: readOctetString(inner[0], 'malformed-cms', `${what} eContent`, { ber: true }) };
}
