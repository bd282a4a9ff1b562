/** X-SIP-SECURE-REQUIRES / -SUPPORTS values (seed 000 sections 4.1.3 and 4.1.4), as the seed writes them. */
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import {
  SECURE_REQUIRES_HEADER,
  SECURE_SUPPORTS_HEADER,
  SMIME_METHOD,
  formatSecureRequires,
  hasSecureMethod,
  parseSecureMethod,
  parseSecureRequires,
  type SecureMethod,
} from '../../../src/core/secure-body/index.ts';

const vectors: { name: string; input: string; want: SecureMethod[] }[] = [
  { name: 'a bare method', input: 'smime.sec.sip.iana', want: [{ method: SMIME_METHOD }] },
  { name: 'upper case as in seed section 5', input: 'SMIME.sec.sip.iana', want: [{ method: SMIME_METHOD }] },
  { name: 'with a realm', input: 'SMIME.sec.sip.iana=(r:mtcc.com)', want: [{ method: SMIME_METHOD, realm: 'mtcc.com' }] },
  { name: 'realm and keying, upper-case letters', input: 'ipsec.sec.sip.iana=(R:mtcc.com, K:kink)', want: [{ method: 'ipsec.sec.sip.iana', realm: 'mtcc.com', keying: 'kink' }] },
  { name: 'the seed\'s "r:mtcc.com:kink"', input: 'ipsec.sec.sip.iana=(r:mtcc.com:kink)', want: [{ method: 'ipsec.sec.sip.iana', realm: 'mtcc.com:kink' }] },
  {
    name: 'the seed section 4 SUPPORTS list, folded, trailing ";"',
    input: 'ipsec.sec.sip.iana=(r:mtcc.com, k:kink);\r\n ipsec.sec.sip.iana=(r:bar.com, k:ike);\r\n tls.sec.sip.iana=(r:bar.com);'.replace(/\r\n/g, ''),
    want: [
      { method: 'ipsec.sec.sip.iana', realm: 'mtcc.com', keying: 'kink' },
      { method: 'ipsec.sec.sip.iana', realm: 'bar.com', keying: 'ike' },
      { method: 'tls.sec.sip.iana', realm: 'bar.com' },
    ],
  },
  { name: 'a comma list', input: 'tls.sec.sip.iana, preshared.sec.sip.iana', want: [{ method: 'tls.sec.sip.iana' }, { method: 'preshared.sec.sip.iana' }] },
  { name: 'the mutual flag', input: ' smime.sec.sip.iana = ( r:example.test , M ) ', want: [{ method: SMIME_METHOD, realm: 'example.test', mutual: true }] },
];

const garbage = ['', ' ; , ', 'smime.sec.sip.iana=', 'smime.sec.sip.iana=r:x', 'smime.sec.sip.iana=(x:y)', 'smime.sec.sip.iana=(r:)', 'smime.sec.sip.iana=(r:a, r:b)',
  'smime.sec.sip.iana=((r:a))', 'smime.sec.sip.iana=(r:a', 'smime.sec.sip.iana)', 'sm ime', '<script>', '=(r:a)', 'a'.repeat(5000)];

describe('parseSecureRequires', () => {
  for (const v of vectors) it(v.name, () => expect(parseSecureRequires(v.input)).toEqual(v.want));

  it('refuses garbage with malformed-sip', () => {
    for (const input of garbage) expect(() => parseSecureRequires(input), input).toThrow(expect.toSatisfy((e: unknown) => isCoreError(e, 'malformed-sip')));
  });

  it('finds a method case-insensitively', () => {
    expect(hasSecureMethod(parseSecureRequires('TLS.sec.sip.iana; SMIME.sec.sip.iana'), 'smime.SEC.sip.iana')).toBe(true);
    expect(hasSecureMethod(parseSecureRequires('tls.sec.sip.iana'), SMIME_METHOD)).toBe(false);
  });
});

describe('formatSecureRequires', () => {
  it('writes one spelling that parses back', () => {
    const methods: SecureMethod[] = [{ method: 'SMIME.sec.sip.iana', realm: 'example.test' }, { method: 'ipsec.sec.sip.iana', realm: 'mtcc.com', keying: 'kink', mutual: true }, { method: 'tls.sec.sip.iana' }];
    const text = formatSecureRequires(methods);
    expect(text).toBe('smime.sec.sip.iana=(r:example.test); ipsec.sec.sip.iana=(r:mtcc.com, k:kink, m); tls.sec.sip.iana');
    expect(parseSecureRequires(text)).toEqual(methods.map((m) => ({ ...m, method: m.method.toLowerCase() })));
    expect(formatSecureRequires({ method: SMIME_METHOD })).toBe('smime.sec.sip.iana');
  });

  it('refuses what cannot be written', () => {
    for (const bad of [[], [{ method: 'a b' }], [{ method: SMIME_METHOD, realm: 'a,b' }]] as SecureMethod[][]) {
      expect(() => formatSecureRequires(bad)).toThrow(expect.toSatisfy((e: unknown) => isCoreError(e, 'invalid-argument')));
    }
  });

  it('names the headers as the seed does', () => {
    expect([SECURE_REQUIRES_HEADER, SECURE_SUPPORTS_HEADER]).toEqual(['X-SIP-SECURE-REQUIRES', 'X-SIP-SECURE-SUPPORTS']);
  });
});

describe('parseSecureMethod (seed 000 section 4.1.5: "only one method should be present")', () => {
  it('one method, with its realm, keying and M flag', () => {
    expect(parseSecureMethod('SMIME.sec.sip.iana=(r:mtcc.com, m)')).toEqual({ method: SMIME_METHOD, realm: 'mtcc.com', mutual: true });
  });
  it('two methods, or none, are malformed', () => {
    for (const input of ['tls.sec.sip.iana; preshared.sec.sip.iana', '', ';']) {
      expect(() => parseSecureMethod(input), input).toThrow(expect.toSatisfy((e: unknown) => isCoreError(e, 'malformed-sip')));
    }
  });
});
