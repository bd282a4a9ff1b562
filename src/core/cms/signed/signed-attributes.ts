/**
 * SignedAttributes (RFC 5652 section 5.3): `SET SIZE (1..MAX) OF Attribute`, carried as `[0] IMPLICIT` in the
 * SignerInfo and signed in their DER form with the SET OF tag (section 5.4). We write and check the attributes of
 * section 11: content-type (11.1), message-digest (11.2) and signing-time (11.3).
 */
import { type DerBlock, TAG, encoded, objectIdentifier, octetString, readChildren, readOctetString, readOid, readSequence, readSet, readTime, sequence, setOf, time } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { OID } from './oids.ts';

/** Attribute (RFC 5652 section 5.3): `SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }`. */
export interface Attribute {
  type: string;
  values: DerBlock[];
}

export interface SignedAttributes {
  /** The DER the signature covers: the attributes with the SET OF tag 0x31 instead of [0] (section 5.4). */
  der: Uint8Array;
  attributes: Attribute[];
}

/** The section 11 attributes a verifier relies on, checked for presence, count and form. */
export interface SignedAttributeValues {
  contentType: string;
  messageDigest: Uint8Array;
  signingTime?: Date;
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(objectIdentifier(type), setOf([value]));
}

/** DER SignedAttributes with the SET OF tag, sorted as DER requires: what gets signed and, retagged, sent. */
export function encodeSignedAttributes(values: { contentType: string; messageDigest: Uint8Array; signingTime: Date }): Uint8Array {
  return setOf([
    attribute(OID.contentType, objectIdentifier(values.contentType)),
    attribute(OID.signingTime, time(values.signingTime)),
    attribute(OID.messageDigest, octetString(values.messageDigest)),
  ]);
}

/** Decodes the `[0] IMPLICIT SignedAttributes` block of a SignerInfo. */
export function decodeSignedAttributes(block: DerBlock): SignedAttributes {
  const what = 'SignerInfo signedAttrs';
  const der = encoded(block);
  der[0] = TAG.SET;
  const attributes = readChildren(block, 'malformed-cms', what).map((attr) => {
    const [type, values, ...extra] = readSequence(attr, 'malformed-cms', `${what} Attribute`);
    if (extra.length > 0) throw new CoreError('malformed-cms', `${what}: Attribute has extra elements`);
    return { type: readOid(type, 'malformed-cms', `${what} attrType`), values: readSet(values, 'malformed-cms', `${what} attrValues`) };
  });
  if (attributes.length === 0) throw new CoreError('malformed-cms', `${what}: empty SET`);
  return { der, attributes };
}

/**
 * The content-type, message-digest and signing-time values. Missing content-type or message-digest, or any of the
 * three repeated or with other than one value, is a CoreError 'bad-signature' (sections 11.1 to 11.3: the
 * verifier cannot know what was signed).
 */
export function signedAttributeValues(attrs: SignedAttributes): SignedAttributeValues {
  const single = (type: string, name: string, required: boolean): DerBlock | undefined => {
    const found = attrs.attributes.filter((a) => a.type === type);
    if (found.length === 0) {
      if (required) throw new CoreError('bad-signature', `the signed attributes have no ${name} (RFC 5652 section 5.3)`);
      return undefined;
    }
    if (found.length > 1 || found[0]!.values.length !== 1) {
      throw new CoreError('bad-signature', `the ${name} attribute must occur once with one value (RFC 5652 section 11)`);
    }
    return found[0]!.values[0];
  };
  const contentType = readOid(single(OID.contentType, 'content-type', true), 'malformed-cms', 'content-type attribute');
  const messageDigest = readOctetString(single(OID.messageDigest, 'message-digest', true), 'malformed-cms', 'message-digest attribute', { ber: true });
  const signingTime = single(OID.signingTime, 'signing-time', false);
  return { contentType, messageDigest, ...(signingTime ? { signingTime: readTime(signingTime, 'malformed-cms', 'signing-time attribute') } : {}) };
}
