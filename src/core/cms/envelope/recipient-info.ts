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
 * ktri and kari are parsed with PKI.js; the other kinds are kept as their tag and skipped when looking for us.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readSet, setOfBlocks } from '../../der/index.ts';
import { CoreError, wrapErrorsSync } from '../../errors.ts';

export type RecipientInfo =
  | { kind: 'ktri'; value: pkijs.KeyTransRecipientInfo }
  | { kind: 'kari'; value: pkijs.KeyAgreeRecipientInfo }
  | { kind: 'other'; tag: number };

export function parseRecipientInfos(block: asn1js.BaseBlock | undefined): RecipientInfo[] {
  const elements = readSet(block, 'malformed-cms', 'RecipientInfos');
  if (elements.length === 0) throw new CoreError('malformed-cms', 'RecipientInfos: empty');
  return elements.map((element) => {
    const { tagClass, tagNumber } = element.idBlock;
    const ktriOrKari = (tagClass === 1 && tagNumber === 16) || (tagClass === 3 && tagNumber === 1);
    if (!ktriOrKari) return { kind: 'other', tag: tagNumber };
    const info = wrapErrorsSync('malformed-cms', 'RecipientInfo', () => new pkijs.RecipientInfo({ schema: element }));
    if (info.value instanceof pkijs.KeyTransRecipientInfo) return { kind: 'ktri', value: info.value };
    if (info.value instanceof pkijs.KeyAgreeRecipientInfo) return { kind: 'kari', value: info.value };
    throw new CoreError('malformed-cms', 'RecipientInfo: unexpected structure');
  });
}

/** The SET OF in DER order (X.690 section 11.6). */
export function encodeRecipientInfos(infos: readonly pkijs.RecipientInfo[]): asn1js.Set {
  return setOfBlocks(infos.map((info) => info.toSchema()));
}

/**
 * EnvelopedData's version as rfc5652#section-6.1 computes it for what we write (no originatorInfo, no
 * unprotectedAttrs, no pwri or ori): 0 when every RecipientInfo is version 0, else 2.
 */
export function envelopedDataVersion(infos: readonly pkijs.RecipientInfo[]): 0 | 2 {
  return infos.every((info) => info.value instanceof pkijs.KeyTransRecipientInfo && info.value.version === 0) ? 0 : 2;
}
