import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import { formatDistinguishedName } from '../../../src/core/x509/index.ts';

const atv = (oid: string, value: asn1js.AsnType): asn1js.Sequence => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });
const name = (...rdns: asn1js.Sequence[][]): Uint8Array =>
  new Uint8Array(new asn1js.Sequence({ value: rdns.map((atvs) => new asn1js.Set({ value: atvs })) }).toBER());

describe('formatDistinguishedName (RFC 4514)', () => {
  it.each([
    { name: 'an empty Name', der: name(), want: '' },
    { name: 'RDNs last first', der: name([atv('2.5.4.6', new asn1js.PrintableString({ value: 'DE' }))], [atv('2.5.4.3', new asn1js.Utf8String({ value: 'a' }))]), want: 'CN=a,C=DE' },
    { name: 'an unknown type as dotted OID and #hex', der: name([atv('1.2.3.4', new asn1js.Utf8String({ value: 'x' }))]), want: '1.2.3.4=#0c0178' },
    { name: 'a non-string value as #hex', der: name([atv('2.5.4.3', new asn1js.Integer({ value: 5 }))]), want: 'CN=#020105' },
    { name: 'escapes', der: name([atv('2.5.4.3', new asn1js.Utf8String({ value: ' a,b+c"d\\e<f>g;h ' }))]), want: 'CN=\\ a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\ ' },
    { name: 'a BMPString', der: name([atv('2.5.4.10', new asn1js.BmpString({ value: 'Grüße' }))]), want: 'O=Grüße' },
  ])('formats $name', ({ der, want }) => {
    expect(formatDistinguishedName(der)).toBe(want);
  });

  it('refuses a Name that is not SEQUENCE OF SET', () => {
    const bad = new Uint8Array(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] }).toBER());
    expect(() => formatDistinguishedName(bad)).toThrow(expect.toSatisfy((e) => isCoreError(e, 'malformed-certificate')));
  });
});
