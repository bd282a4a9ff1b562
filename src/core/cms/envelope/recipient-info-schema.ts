/**
 * RecipientInfo (rfc5652#section-6.2) as PKI.js's schema check reads it: the way for anything that is not of the
 * usual shape recipient-info.ts walks directly. PKI.js decides what is acceptable (a wrong shape is
 * 'malformed-cms'); what it reads is turned into the same plain structures.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type DerBlock, expectBlock } from '../../der/index.ts';
import { CoreError, wrapErrorsSync } from '../../errors.ts';
import { type AlgorithmIdentifierValue, type RecipientEncryptedKey, type RecipientIdentifier, type RecipientInfo, asAsn1js } from './recipient-info.ts';

function fromPkijsAlgorithm(identifier: pkijs.AlgorithmIdentifier): AlgorithmIdentifierValue {
  const parameters: unknown = identifier.algorithmParams;
  return parameters instanceof asn1js.BaseBlock && !(parameters instanceof asn1js.Any)
    ? { algorithm: identifier.algorithmId, parameters }
    : { algorithm: identifier.algorithmId };
}

function fromPkijsIssuerAndSerialNumber(id: pkijs.IssuerAndSerialNumber): RecipientIdentifier {
  return {
    type: 'issuerAndSerialNumber',
    issuer: id.issuer.toSchema().valueBeforeDecodeView.slice(),
    serialNumber: id.serialNumber.valueBlock.valueHexView.slice(),
    issuerName: () => id.issuer,
  };
}

function fromPkijsKeyTrans(ktri: pkijs.KeyTransRecipientInfo): RecipientInfo {
  const rid: unknown = ktri.rid;
  return {
    kind: 'ktri',
    value: {
      rid:
        rid instanceof pkijs.IssuerAndSerialNumber
          ? fromPkijsIssuerAndSerialNumber(rid)
          : { type: 'subjectKeyIdentifier', keyId: expectBlock(rid, asn1js.OctetString, 'malformed-cms', 'KeyTransRecipientInfo.rid').valueBlock.valueHexView.slice() },
      keyEncryptionAlgorithm: fromPkijsAlgorithm(ktri.keyEncryptionAlgorithm),
      encryptedKey: ktri.encryptedKey,
    },
  };
}

function fromPkijsKeyAgree(kari: pkijs.KeyAgreeRecipientInfo): RecipientInfo {
  const originator: unknown = kari.originator.value;
  const recipientEncryptedKeys = kari.recipientEncryptedKeys.encryptedKeys.flatMap((key): RecipientEncryptedKey[] => {
    const value: unknown = key.rid.value;
    if (value instanceof pkijs.IssuerAndSerialNumber) return [{ rid: fromPkijsIssuerAndSerialNumber(value), encryptedKey: key.encryptedKey }];
    if (value instanceof pkijs.RecipientKeyIdentifier) {
      return [{ rid: { type: 'subjectKeyIdentifier', keyId: value.subjectKeyIdentifier.valueBlock.valueHexView.slice() }, encryptedKey: key.encryptedKey }];
    }
    return []; // neither choice: names nobody
  });
  return {
    kind: 'kari',
    value: {
      originator:
        kari.originator.variant === 3 && originator instanceof pkijs.OriginatorPublicKey
          ? { type: 'originatorKey', algorithm: fromPkijsAlgorithm(originator.algorithm), publicKey: originator.publicKey }
          : { type: 'other' },
      ...(kari.ukm === undefined ? {} : { ukm: kari.ukm }),
      keyEncryptionAlgorithm: fromPkijsAlgorithm(kari.keyEncryptionAlgorithm),
      recipientEncryptedKeys,
    },
  };
}

/** A ktri (SEQUENCE) or kari ([1]) RecipientInfo through PKI.js. */
export function readRecipientInfoWithSchema(element: DerBlock): RecipientInfo {
  return wrapErrorsSync('malformed-cms', 'RecipientInfo', () => {
    const info = new pkijs.RecipientInfo({ schema: asAsn1js(element, 'RecipientInfo') });
    if (info.value instanceof pkijs.KeyTransRecipientInfo) return fromPkijsKeyTrans(info.value);
    if (info.value instanceof pkijs.KeyAgreeRecipientInfo) return fromPkijsKeyAgree(info.value);
    throw new CoreError('malformed-cms', 'RecipientInfo: unexpected structure');
  });
}
