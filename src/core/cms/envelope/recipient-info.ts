/**
 * RecipientInfos (rfc5652#section-6.2):
 *
 *   RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo
 *   RecipientInfo ::= CHOICE {
 *     ktri KeyTransRecipientInfo,
 *     kari [1] KeyAgreeRecipientInfo,
 *     kekri [2] KEKRecipientInfo,
 *     pwri [3] PasswordRecipientinfo,
 *     ori [4] OtherRecipientInfo }
 *
 *   KeyTransRecipientInfo ::= SEQUENCE { version, rid RecipientIdentifier, keyEncryptionAlgorithm, encryptedKey }
 *   RecipientIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0] }
 *   KeyAgreeRecipientInfo ::= SEQUENCE { version, originator [0] EXPLICIT OriginatorIdentifierOrKey,
 *     ukm [1] EXPLICIT UserKeyingMaterial OPTIONAL, keyEncryptionAlgorithm, recipientEncryptedKeys }
 *   OriginatorIdentifierOrKey ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0],
 *     originatorKey [1] OriginatorPublicKey }   -- OriginatorPublicKey ::= SEQUENCE { algorithm, publicKey }
 *   RecipientEncryptedKey ::= SEQUENCE { rid KeyAgreeRecipientIdentifier, encryptedKey }
 *   KeyAgreeRecipientIdentifier ::= CHOICE { issuerAndSerialNumber, rKeyId [0] IMPLICIT RecipientKeyIdentifier }
 *   RecipientKeyIdentifier ::= SEQUENCE { subjectKeyIdentifier, date GeneralizedTime OPTIONAL, other OPTIONAL }
 *
 * ktri and kari are read into the plain structures below; the other kinds are kept as their tag and skipped when
 * looking for us. Reading walks the decoded values directly when they have the usual shape (what we, openssl and
 * PKI.js write), which is much cheaper than a schema check; anything else goes to PKI.js's schema check
 * (recipient-info-schema.ts), which decides what is acceptable. The walk only takes what that check accepts, and
 * reads it the same way, so both ways accept and refuse the same input.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type DerBlock, TAG, contextTag, decodeDer, encoded, expectBlock, hasTag, readOid, readPrimitive, readSet, setOf } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { readRecipientInfoWithSchema } from './recipient-info-schema.ts';

/** An AlgorithmIdentifier as read: its OID and its parameters, when present, as decoded. */
export interface AlgorithmIdentifierValue {
  algorithm: string;
  parameters?: DerBlock;
}

export type RecipientIdentifier =
  | {
      type: 'issuerAndSerialNumber';
      /** The issuer Name exactly as carried. */
      issuer: Uint8Array;
      /** The serialNumber INTEGER contents. */
      serialNumber: Uint8Array;
      /** The issuer as PKI.js reads it, for an RFC 5280 name comparison when the bytes differ. */
      issuerName: () => pkijs.RelativeDistinguishedNames;
    }
  | { type: 'subjectKeyIdentifier'; keyId: Uint8Array };

export interface KeyTransRecipientInfo {
  rid: RecipientIdentifier;
  keyEncryptionAlgorithm: AlgorithmIdentifierValue;
  /** The encryptedKey OCTET STRING. */
  encryptedKey: DerBlock;
}

export type OriginatorIdentifierOrKey =
  | { type: 'originatorKey'; algorithm: AlgorithmIdentifierValue; /** BIT STRING */ publicKey: DerBlock }
  | { type: 'other' };

export interface RecipientEncryptedKey {
  rid: RecipientIdentifier;
  /** The encryptedKey OCTET STRING. */
  encryptedKey: DerBlock;
}

export interface KeyAgreeRecipientInfo {
  originator: OriginatorIdentifierOrKey;
  /** The ukm OCTET STRING, when present. */
  ukm?: DerBlock;
  keyEncryptionAlgorithm: AlgorithmIdentifierValue;
  recipientEncryptedKeys: RecipientEncryptedKey[];
}

export type RecipientInfo =
  | { kind: 'ktri'; value: KeyTransRecipientInfo }
  | { kind: 'kari'; value: KeyAgreeRecipientInfo }
  | { kind: 'other'; tag: number };

/** A RecipientInfo we wrote, DER, and what EnvelopedData's version depends on (rfc5652#section-6.1). */
export interface EncodedRecipientInfo {
  kind: 'ktri' | 'kari';
  version: number;
  der: Uint8Array;
}

export function parseRecipientInfos(block: DerBlock | undefined): RecipientInfo[] {
  const elements = readSet(block, 'malformed-cms', 'RecipientInfos');
  if (elements.length === 0) throw new CoreError('malformed-cms', 'RecipientInfos: empty');
  return elements.map((element) => {
    const { tagClass, tagNumber } = element.idBlock;
    const ktriOrKari = (tagClass === 1 && tagNumber === 16) || (tagClass === 3 && tagNumber === 1);
    if (!ktriOrKari) return { kind: 'other', tag: tagNumber };
    return readUsualRecipientInfo(element) ?? readRecipientInfoWithSchema(element);
  });
}

/** The SET OF in DER order (X.690 section 11.6). */
export function recipientInfosDer(infos: readonly EncodedRecipientInfo[]): Uint8Array {
  return setOf(infos.map((info) => info.der));
}

/** recipientInfosDer as an asn1js block, for messages assembled from asn1js blocks. */
export function encodeRecipientInfos(infos: readonly EncodedRecipientInfo[]): asn1js.Set {
  return expectBlock(decodeDer(recipientInfosDer(infos), 'RecipientInfos'), asn1js.Set, 'invalid-argument', 'RecipientInfos');
}

/**
 * EnvelopedData's version as rfc5652#section-6.1 computes it for what we write (no originatorInfo, no
 * unprotectedAttrs, no pwri or ori): 0 when every RecipientInfo is version 0, else 2.
 */
export function envelopedDataVersion(infos: readonly EncodedRecipientInfo[]): 0 | 2 {
  return infos.every((info) => info.kind === 'ktri' && info.version === 0) ? 0 : 2;
}

/**
 * A decoded value as an asn1js block, for PKI.js: itself, or its bytes decoded by asn1js (a definite-length value
 * decodes alone as it does inside its message).
 */
export function asAsn1js(block: DerBlock, what: string): asn1js.AsnType {
  return block instanceof asn1js.BaseBlock ? (block as asn1js.AsnType) : decodeDer(encoded(block), what, { ber: true });
}

// ---- The usual shape, walked directly. Each reader returns undefined for anything else, never throws. ----

type Block = DerBlock | undefined;

function children(block: Block, tag: number, min: number, max: number): DerBlock[] | undefined {
  if (!hasTag(block, tag)) return undefined;
  const items = (block.valueBlock as { value?: unknown }).value;
  if (!Array.isArray(items) || items.length < min || items.length > max) return undefined;
  return items as DerBlock[];
}

function oid(block: Block): string | undefined {
  try {
    return readOid(block, 'malformed-cms', 'OBJECT IDENTIFIER');
  } catch {
    return undefined;
  }
}

function algorithmIdentifier(block: Block): AlgorithmIdentifierValue | undefined {
  const items = children(block, TAG.SEQUENCE, 1, 2);
  const algorithm = oid(items?.[0]);
  if (!items || algorithm === undefined) return undefined;
  return items[1] === undefined ? { algorithm } : { algorithm, parameters: items[1] };
}

/** A Name (RFC 5280 section 4.1.2.4): SEQUENCE OF SET OF SEQUENCE { OBJECT IDENTIFIER, ANY }. */
function isName(block: Block): boolean {
  const rdns = children(block, TAG.SEQUENCE, 0, Number.POSITIVE_INFINITY);
  return (
    rdns !== undefined &&
    rdns.every((rdn) => children(rdn, TAG.SET, 0, Number.POSITIVE_INFINITY)?.every((atv) => oid(children(atv, TAG.SEQUENCE, 2, 2)?.[0]) !== undefined) === true)
  );
}

function primitive(block: Block, tag: number): Uint8Array | undefined {
  if (!hasTag(block, tag)) return undefined;
  try {
    return readPrimitive(block, tag, 'malformed-cms', 'value');
  } catch {
    return undefined;
  }
}

function issuerAndSerialNumber(block: Block): RecipientIdentifier | undefined {
  const items = children(block, TAG.SEQUENCE, 2, 2);
  const serialNumber = primitive(items?.[1], TAG.INTEGER);
  if (!items || serialNumber === undefined || !isName(items[0])) return undefined;
  const issuerBlock = items[0]!;
  let name: pkijs.RelativeDistinguishedNames | undefined;
  return {
    type: 'issuerAndSerialNumber',
    issuer: issuerBlock.valueBeforeDecodeView.slice(),
    serialNumber,
    issuerName: () => (name ??= new pkijs.RelativeDistinguishedNames({ schema: asAsn1js(issuerBlock, 'Name') })),
  };
}

function octetString(block: Block): DerBlock | undefined {
  return primitive(block, TAG.OCTET_STRING) === undefined ? undefined : block;
}

function usualKeyTrans(element: DerBlock): KeyTransRecipientInfo | undefined {
  const items = children(element, TAG.SEQUENCE, 4, 4);
  if (!items || primitive(items[0], TAG.INTEGER) === undefined) return undefined;
  const keyId = primitive(items[1], contextTag(0, false));
  const rid: RecipientIdentifier | undefined = keyId ? { type: 'subjectKeyIdentifier', keyId } : issuerAndSerialNumber(items[1]);
  const keyEncryptionAlgorithm = algorithmIdentifier(items[2]);
  const encryptedKey = octetString(items[3]);
  if (!rid || !keyEncryptionAlgorithm || !encryptedKey) return undefined;
  return { rid, keyEncryptionAlgorithm, encryptedKey };
}

function usualRecipientEncryptedKey(block: Block): RecipientEncryptedKey | undefined {
  const items = children(block, TAG.SEQUENCE, 2, 2);
  if (!items) return undefined;
  const keyId = primitive(children(items[0], contextTag(0), 1, 1)?.[0], TAG.OCTET_STRING);
  const rid: RecipientIdentifier | undefined = keyId ? { type: 'subjectKeyIdentifier', keyId } : issuerAndSerialNumber(items[0]);
  const encryptedKey = octetString(items[1]);
  return rid && encryptedKey ? { rid, encryptedKey } : undefined;
}

function usualKeyAgree(element: DerBlock): KeyAgreeRecipientInfo | undefined {
  const items = children(element, contextTag(1), 4, 5);
  if (!items || primitive(items[0], TAG.INTEGER) === undefined) return undefined;
  const originatorKey = children(children(items[1], contextTag(0), 1, 1)?.[0], contextTag(1), 2, 2);
  const originatorAlgorithm = algorithmIdentifier(originatorKey?.[0]);
  const publicKey = originatorKey?.[1];
  if (!originatorAlgorithm || !hasTag(publicKey, TAG.BIT_STRING)) return undefined;
  let next = 2;
  let ukm: DerBlock | undefined;
  if (items.length === 5) {
    ukm = octetString(children(items[next++], contextTag(1), 1, 1)?.[0]);
    if (!ukm) return undefined;
  }
  const keyEncryptionAlgorithm = algorithmIdentifier(items[next++]);
  const keys = children(items[next], TAG.SEQUENCE, 1, Number.POSITIVE_INFINITY)?.map(usualRecipientEncryptedKey);
  if (!keyEncryptionAlgorithm || !keys || keys.some((key) => key === undefined)) return undefined;
  return {
    originator: { type: 'originatorKey', algorithm: originatorAlgorithm, publicKey },
    ...(ukm ? { ukm } : {}),
    keyEncryptionAlgorithm,
    recipientEncryptedKeys: keys as RecipientEncryptedKey[],
  };
}

/** The RecipientInfo read directly, or undefined when `element` does not have the usual shape. */
export function readUsualRecipientInfo(element: DerBlock): RecipientInfo | undefined {
  try {
    if (hasTag(element, TAG.SEQUENCE)) {
      const value = usualKeyTrans(element);
      return value && { kind: 'ktri', value };
    }
    const value = usualKeyAgree(element);
    return value && { kind: 'kari', value };
  } catch {
    return undefined;
  }
}
