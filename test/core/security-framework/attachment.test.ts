/**
 * The sip-secure attachment (seed 000 sections 4.2.1 to 4.2.3): the seed's own attachments read, and written back
 * octet for octet, with Content-Length as section 6 counts it.
 */
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../src/core/bytes.ts';
import { parseMimeBody } from '../../../src/core/mime/index.ts';
import { PRESHARED_METHOD, SMIME_METHOD } from '../../../src/core/secure-body/index.ts';
import {
  attachmentVariant,
  formatSipSecureAttachment,
  isFrameworkError,
  parseSipSecureAttachment,
  parseSecureFrom,
  parseSecureTo,
} from '../../../src/core/security-framework/index.ts';
import { INNER_CHALLENGE_5_2_STEP_3, REQUIRES_5_1_STEP_11, SMIME_200_5_1_STEP_18, SUPPORTS_5_1_STEP_5, withLength } from './seed-vectors.ts';

const malformed = expect.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed'));

describe('the seed\'s attachments', () => {
  it('section 5.1 step (5): the supports variant, read and written back as it was', () => {
    const bytes = withLength(SUPPORTS_5_1_STEP_5);
    const a = parseSipSecureAttachment(bytes);
    expect(a.secureFrom).toEqual(parseSecureFrom('UAC@mtcc.com'));
    expect(a.secureTo).toEqual(parseSecureTo('UAS@mtcc.com'));
    // "X-SIP-SECURE-SUPPORTS: SMIME.sec.sip.iana=(r:mtcc.com)": the realm tag
    expect(a.supports).toEqual([{ method: SMIME_METHOD, realm: 'mtcc.com' }]);
    expect(a.method).toEqual({ method: PRESHARED_METHOD });
    expect(a.fields).toEqual([['Authentication', 'NULL'], ['Encryption', 'NULL']]);
    expect(a.contentLength).toBe(bytes.length);
    expect(attachmentVariant(a)).toBe('supports');
    // The method name is written in lower case (secure-requires.ts); otherwise octet for octet.
    expect(fromUtf8(formatSipSecureAttachment(a))).toBe(fromUtf8(bytes).replace('SMIME.sec', 'smime.sec'));
  });

  it('section 5.1 step (11): the requires variant ("X-SIP-SECURE-REQUIRES:  CHAP.sec.sip.iana")', () => {
    const a = parseSipSecureAttachment(withLength(REQUIRES_5_1_STEP_11));
    expect(a.requires).toEqual([{ method: 'chap.sec.sip.iana' }]);
    expect(attachmentVariant(a)).toBe('requires');
    const again = parseSipSecureAttachment(formatSipSecureAttachment(a));
    expect({ ...again, area: undefined, octets: undefined, contentLength: undefined }).toEqual({ ...a, area: undefined, octets: undefined, contentLength: undefined });
  });

  it('section 5.2 step (3): the wildcard TO "*@homer.com" and "Accept: Caller-ID" round-trip', () => {
    const bytes = withLength(INNER_CHALLENGE_5_2_STEP_3);
    const a = parseSipSecureAttachment(bytes);
    expect(a.secureTo.wildcard).toBe(true);
    expect(a.fields.at(-1)).toEqual(['Accept', 'Caller-ID']);
    expect(fromUtf8(formatSipSecureAttachment(a))).toBe(fromUtf8(bytes).replace('SMIME.sec', 'smime.sec'));
  });

  it('section 5.1 step (18): REQUIRES after METHOD is read; written back in the canonical order', () => {
    const a = parseSipSecureAttachment(withLength(SMIME_200_5_1_STEP_18));
    expect(a.method).toEqual({ method: SMIME_METHOD });
    expect(a.requires).toEqual([{ method: SMIME_METHOD }]);
    const text = fromUtf8(formatSipSecureAttachment(a));
    expect(text.indexOf('X-SIP-SECURE-REQUIRES')).toBeLessThan(text.indexOf('X-SIP-SECURE-METHOD'));
  });

  it('the realm, keying and M flag of section 4.1 on METHOD and SUPPORTS', () => {
    const lines = [...SUPPORTS_5_1_STEP_5];
    // Section 4: "ipsec.sec.sip.iana=(r:mtcc.com, k:kink); ipsec.sec.sip.iana=(r:bar.com, k:ike); tls.sec.sip.iana=(r:bar.com);"
    lines[4] = 'X-SIP-SECURE-SUPPORTS: ipsec.sec.sip.iana=(r:mtcc.com, k:kink); ipsec.sec.sip.iana=(r:bar.com, k:ike); tls.sec.sip.iana=(r:bar.com)';
    lines[5] = 'X-SIP-SECURE-METHOD: smime.sec.sip.iana=(r:mtcc.com, m)';
    const bytes = withLength(lines);
    const a = parseSipSecureAttachment(bytes);
    expect(a.supports).toEqual([
      { method: 'ipsec.sec.sip.iana', realm: 'mtcc.com', keying: 'kink' },
      { method: 'ipsec.sec.sip.iana', realm: 'bar.com', keying: 'ike' },
      { method: 'tls.sec.sip.iana', realm: 'bar.com' },
    ]);
    expect(a.method).toEqual({ method: SMIME_METHOD, realm: 'mtcc.com', mutual: true });
    expect(formatSipSecureAttachment(a)).toEqual(bytes);
  });

  it('is a MIME body part: the multipart of section 5.1 step (5) gives it back whole', () => {
    const part = withLength(SUPPORTS_5_1_STEP_5);
    const body = utf8(`--__FooTheFunLovingBar__\r\n${fromUtf8(part)}\r\n--__FooTheFunLovingBar__--\r\n`);
    const mime = parseMimeBody('multipart/mixed; boundary="__FooTheFunLovingBar__"', body);
    expect(parseSipSecureAttachment(mime.parts![0]!.raw!).secureTo.user).toBe('UAS');
  });
});

describe('Content-Length (seed 000 section 6)', () => {
  it('counts the attachment from its first octet; one octet more or less is refused', () => {
    const bytes = withLength(SUPPORTS_5_1_STEP_5);
    expect(() => parseSipSecureAttachment(bytes.subarray(0, bytes.length - 1))).toThrow(malformed);
    expect(() => parseSipSecureAttachment(new Uint8Array([...bytes, 10]))).toThrow(malformed);
  });

  it('MUST be present with Authentication or Encryption; SHOULD otherwise', () => {
    const without = SUPPORTS_5_1_STEP_5.filter((l) => !l.startsWith('Content-Length'));
    expect(() => parseSipSecureAttachment(withLength(without))).toThrow(malformed);
    const bare = without.filter((l) => !l.startsWith('Authentication') && !l.startsWith('Encryption'));
    expect(parseSipSecureAttachment(withLength(bare)).contentLength).toBeUndefined();
  });

  it('is written as the fixed point, across a change in its number of digits', () => {
    for (const size of [40, 60, 9990, 10]) {
      const a = { ...parseSipSecureAttachment(withLength(SUPPORTS_5_1_STEP_5)), body: new Uint8Array(size) };
      const bytes = formatSipSecureAttachment(a);
      expect(parseSipSecureAttachment(bytes).contentLength).toBe(bytes.length);
    }
  });
});

describe('refusals', () => {
  const base = withLength(SUPPORTS_5_1_STEP_5);
  const edits: { name: string; lines: string[] }[] = [
    { name: 'no X-SIP-SECURE-TO (4.2.1: required)', lines: SUPPORTS_5_1_STEP_5.filter((l) => !l.startsWith('X-SIP-SECURE-TO')) },
    { name: 'no X-SIP-SECURE-METHOD', lines: SUPPORTS_5_1_STEP_5.filter((l) => !l.startsWith('X-SIP-SECURE-METHOD')) },
    { name: 'two methods in METHOD (4.1.5)', lines: SUPPORTS_5_1_STEP_5.map((l) => (l.startsWith('X-SIP-SECURE-METHOD') ? `${l}; smime.sec.sip.iana` : l)) },
    { name: 'two SUPPORTS (4.2.2: a single one)', lines: [...SUPPORTS_5_1_STEP_5, 'X-SIP-SECURE-SUPPORTS: tls.sec.sip.iana'] },
    { name: 'a Via (section 4: MUST NOT)', lines: [...SUPPORTS_5_1_STEP_5, 'Via: SIP/2.0/WSS x.invalid'] },
    { name: 'a wildcard FROM', lines: SUPPORTS_5_1_STEP_5.map((l) => l.replace('FROM: UAC', 'FROM: *')) },
    { name: 'another Content-Type', lines: SUPPORTS_5_1_STEP_5.map((l) => l.replace('message/sip-secure', 'message/sip')) },
    { name: 'Content-Type not first', lines: [SUPPORTS_5_1_STEP_5[1]!, SUPPORTS_5_1_STEP_5[0]!, ...SUPPORTS_5_1_STEP_5.slice(2)] },
    { name: 'a folded line', lines: [...SUPPORTS_5_1_STEP_5, ' folded'] },
    { name: 'a line that is no field', lines: [...SUPPORTS_5_1_STEP_5, '# CHAP specific headers here...'] },
  ];
  it.each(edits)('$name', ({ lines }) => expect(() => parseSipSecureAttachment(withLength(lines))).toThrow(malformed));
  it('no final line feed', () => expect(() => parseSipSecureAttachment(base.subarray(0, base.length - 2))).toThrow(malformed));
});
