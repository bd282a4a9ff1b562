import { describe, expect, it } from 'vitest';
import {
  formatHeaderValue,
  parseContentDisposition,
  parseContentType,
  parseHeaderValue,
} from '../../../src/core/mime/index.ts';

interface Vector {
  name: string;
  input: string;
  want?: { value: string; params: [string, string][] };
  error?: 'malformed-mime';
}

const vectors: Vector[] = [
  { name: 'bare type', input: 'application/sdp', want: { value: 'application/sdp', params: [] } },
  { name: 'case folded type, kept param value case', input: 'Multipart/Mixed; Boundary=AbC', want: { value: 'multipart/mixed', params: [['boundary', 'AbC']] } },
  {
    name: 'quoted value with escapes',
    input: 'text/plain; name="a \\"quoted\\" \\\\ name"; charset=utf-8',
    want: { value: 'text/plain', params: [['name', 'a "quoted" \\ name'], ['charset', 'utf-8']] },
  },
  {
    name: 'whitespace and comments everywhere',
    input: ' text (plain text) / plain (nested (comment) \\) ) ; charset = "us-ascii" (Plain text)',
    want: { value: 'text/plain', params: [['charset', 'us-ascii']] },
  },
  { name: 'RFC 2045 section 5.1 equivalent forms', input: 'text/plain; charset="us-ascii"', want: { value: 'text/plain', params: [['charset', 'us-ascii']] } },
  {
    name: 'handling=optional (RFC 3261 section 20.11)',
    input: 'attachment; handling=optional; filename=smime.p7m',
    want: { value: 'attachment', params: [['handling', 'optional'], ['filename', 'smime.p7m']] },
  },
  { name: 'handling=required', input: 'session;handling=required', want: { value: 'session', params: [['handling', 'required']] } },
  {
    name: 'S/MIME content type',
    input: 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m',
    want: { value: 'application/pkcs7-mime', params: [['smime-type', 'enveloped-data'], ['name', 'smime.p7m']] },
  },
  { name: 'trailing and doubled semicolons', input: 'text/plain;; charset=utf-8;', want: { value: 'text/plain', params: [['charset', 'utf-8']] } },
  { name: 'boundary with space, quoted', input: 'multipart/mixed; boundary="simple boundary"', want: { value: 'multipart/mixed', params: [['boundary', 'simple boundary']] } },
  { name: 'empty quoted value', input: 'a/b; x=""', want: { value: 'a/b', params: [['x', '']] } },
  { name: 'RFC 2231 name kept as is', input: "attachment; filename*=utf-8''a%20b", want: { value: 'attachment', params: [["filename*", "utf-8''a%20b"]] } },
  { name: 'duplicate parameter', input: 'text/plain; charset=a; CHARSET=b', error: 'malformed-mime' },
  { name: 'unterminated quoted string', input: 'text/plain; name="abc', error: 'malformed-mime' },
  { name: 'unterminated comment', input: 'text/plain (oops', error: 'malformed-mime' },
  { name: 'missing =', input: 'text/plain; charset', error: 'malformed-mime' },
  { name: 'missing value', input: 'text/plain; charset=', error: 'malformed-mime' },
  { name: 'empty', input: '', error: 'malformed-mime' },
  { name: 'missing subtype', input: 'text/', error: 'malformed-mime' },
  { name: 'junk after value', input: 'text/plain garbage', error: 'malformed-mime' },
  { name: 'tspecial in unquoted value', input: 'text/plain; name=a@b', error: 'malformed-mime' },
  { name: 'non-ASCII token', input: 'téxt/plain', error: 'malformed-mime' },
];

describe('parseHeaderValue', () => {
  it.each(vectors)('$name', ({ input, want, error }) => {
    if (error) {
      expect(() => parseHeaderValue(input)).toThrow(expect.objectContaining({ kind: error }));
      return;
    }
    const got = parseHeaderValue(input);
    expect(got.value).toBe(want!.value);
    expect([...got.params]).toEqual(want!.params);
  });

  it('requires type/subtype for Content-Type and a single token for Content-Disposition', () => {
    expect(() => parseContentType('attachment')).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
    expect(() => parseContentDisposition('text/plain')).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
    expect(parseContentDisposition('Render').value).toBe('render');
  });

  it('is linear on long hostile values', () => {
    const long = `a/b; x="${'\\"'.repeat(200_000)}"; y=${'('.repeat(100_000)}`;
    expect(() => parseHeaderValue(long)).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
    expect(parseHeaderValue(`a/b${' '.repeat(300_000)}; c=d`).params.get('c')).toBe('d');
  });
});

describe('formatHeaderValue', () => {
  it('quotes only values that need it', () => {
    expect(formatHeaderValue('application/pkcs7-mime', { 'smime-type': 'enveloped-data', name: 'smime.p7m' })).toBe(
      'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m',
    );
    expect(formatHeaderValue('multipart/mixed', new Map([['boundary', 'simple boundary']]))).toBe('multipart/mixed; boundary="simple boundary"');
    expect(formatHeaderValue('a/b', [['x', 'a"b\\c'], ['y', ''], ['z', 'a=b']])).toBe('a/b; x="a\\"b\\\\c"; y=""; z="a=b"');
    expect(formatHeaderValue('attachment')).toBe('attachment');
  });

  it('round-trips through parseHeaderValue', () => {
    const params = new Map([['name', 'we"ird \\ (value); x=y'], ['handling', 'optional']]);
    const parsed = parseHeaderValue(formatHeaderValue('attachment', params));
    expect(parsed.params).toEqual(params);
  });

  it('refuses header injection and non-tokens', () => {
    for (const bad of [() => formatHeaderValue('a/b', { x: 'a\r\nBcc: x' }), () => formatHeaderValue('a b'), () => formatHeaderValue('a/b', { 'x y': '1' })]) {
      expect(bad).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    }
  });
});
