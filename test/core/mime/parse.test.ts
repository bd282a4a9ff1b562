import { describe, expect, it } from 'vitest';
import { fromLatin1, latin1, utf8 } from '../../../src/core/bytes.ts';
import { CoreError } from '../../../src/core/errors.ts';
import {
  contentDisposition,
  dispositionHandling,
  MimeHeaders,
  parseMimeBody,
  parseMimeEntity,
  type MimeLimits,
} from '../../../src/core/mime/index.ts';
import { crlf, lf, shapeOf, type Shape } from './helpers.ts';

interface Vector {
  name: string;
  input: Uint8Array;
  limits?: Partial<MimeLimits>;
  want?: Shape | ((shape: Shape) => void);
  error?: 'malformed-mime';
}

const RFC2046_EXAMPLE = crlf(
  'From: Nathaniel Borenstein <nsb@bellcore.com>',
  'To: Ned Freed <ned@innosoft.com>',
  'Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)',
  'Subject: Sample message',
  'MIME-Version: 1.0',
  'Content-type: multipart/mixed; boundary="simple boundary"',
  '',
  'This is the preamble.  It is to be ignored, though it',
  'is a handy place for composition agents to include an',
  'explanatory note to non-MIME conformant readers.',
  '',
  '--simple boundary',
  '',
  'This is implicitly typed plain US-ASCII text.',
  'It does NOT end with a linebreak.',
  '--simple boundary',
  'Content-type: text/plain; charset=us-ascii',
  '',
  'This is explicitly typed plain US-ASCII text.',
  'It DOES end with a linebreak.',
  '',
  '--simple boundary--',
  '',
  'This is the epilogue.  It is also to be ignored.',
  '',
);

/** `depth` multiparts nested inside each other around one text/plain leaf. */
function nested(depth: number): Uint8Array {
  let inner = 'Content-Type: text/plain\r\n\r\nleaf';
  for (let d = depth; d >= 1; d--) inner = `Content-Type: multipart/mixed; boundary=b${d}\r\n\r\n--b${d}\r\n${inner}\r\n--b${d}--`;
  return fromLatin1(inner);
}

function manyParts(n: number): Uint8Array {
  const parts = Array.from({ length: n }, (_, i) => `--b\r\n\r\npart ${i}\r\n`).join('');
  return fromLatin1(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`);
}

const leaf = (type: string, body: string, headers?: [string, string][]): Shape => (headers ? { type, headers, body } : { type, body });

const vectors: Vector[] = [
  {
    name: 'leaf with CRLF',
    input: crlf('Content-Type: application/sdp', '', 'v=0', 'o=- 1 1 IN IP4 0.0.0.0', ''),
    want: leaf('application/sdp', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n', [['Content-Type', 'application/sdp']]),
  },
  {
    name: 'leaf with bare LF line ends (body bytes untouched)',
    input: lf('Content-Type: text/plain', 'X-A: 1', '', 'a', 'b'),
    want: leaf('text/plain', 'a\nb', [['Content-Type', 'text/plain'], ['X-A', '1']]),
  },
  {
    name: 'folded headers are unfolded (RFC 5322 section 2.2.3)',
    input: crlf('Content-Type: text/plain;', '\tcharset=utf-8', 'Content-Disposition: attachment;', '  handling=optional;', ' filename=smime.p7m', '', 'x'),
    want: leaf('text/plain', 'x', [
      ['Content-Type', 'text/plain;\tcharset=utf-8'],
      ['Content-Disposition', 'attachment;  handling=optional; filename=smime.p7m'],
    ]),
  },
  {
    name: 'header names are case-insensitive',
    input: crlf('cOnTeNt-TyPe: Application/SDP', 'CONTENT-TRANSFER-ENCODING: BASE64', '', 'dj0w'),
    want: leaf('application/sdp', 'v=0'),
  },
  {
    name: 'whitespace before the colon is tolerated',
    input: crlf('Content-Type : text/plain', '', 'x'),
    want: leaf('text/plain', 'x', [['Content-Type', 'text/plain']]),
  },
  { name: 'no headers: default text/plain', input: crlf('', 'just a body'), want: leaf('text/plain', 'just a body', []) },
  { name: 'headers and no empty line: empty body', input: crlf('Content-Type: text/plain'), want: leaf('text/plain', '') },
  { name: 'UTF-8 header values are decoded', input: utf8('Content-Type: text/plain\r\nSubject: grüße\r\n\r\n'), want: leaf('text/plain', '', [['Content-Type', 'text/plain'], ['Subject', 'grüße']]) },
  {
    name: 'base64 with CRLF breaks, blanks and tabs',
    input: crlf('Content-Transfer-Encoding: base64', '', 'aGVs', ' bG8g\t', 'd29y', 'bGQ=  ', ''),
    want: leaf('text/plain', 'hello world'),
  },
  { name: 'base64 with LF breaks', input: lf('Content-Transfer-Encoding: base64', '', 'AAEC', '/w=='), want: leaf('text/plain', '\x00\x01\x02\xff') },
  { name: 'empty base64 body', input: crlf('Content-Transfer-Encoding: base64', '', ''), want: leaf('text/plain', '') },
  { name: 'base64 with a character outside the alphabet', input: crlf('Content-Transfer-Encoding: base64', '', 'aGVs*bG8='), error: 'malformed-mime' },
  { name: 'base64 with a bad length', input: crlf('Content-Transfer-Encoding: base64', '', 'aGVsb'), error: 'malformed-mime' },
  { name: 'base64 with padding in the middle', input: crlf('Content-Transfer-Encoding: base64', '', 'aG==bG8='), error: 'malformed-mime' },
  { name: 'binary keeps every byte', input: fromLatin1('Content-Transfer-Encoding: binary\r\n\r\n\x00\r\r\n\xff'), want: leaf('text/plain', '\x00\r\r\n\xff') },
  { name: '7bit with octets >= 0x80 is tolerated', input: fromLatin1('Content-Transfer-Encoding: 7bit\r\n\r\n\xe9t\xe9'), want: leaf('text/plain', '\xe9t\xe9') },
  {
    name: 'quoted-printable',
    input: crlf('Content-Transfer-Encoding: quoted-printable', '', 'caf=C3=A9 =3D ok   ', 'soft=', 'break=3d', ''),
    want: leaf('text/plain', 'caf\xc3\xa9 = ok\r\nsoftbreak=\r\n'),
  },
  { name: 'quoted-printable with a broken escape', input: crlf('Content-Transfer-Encoding: quoted-printable', '', 'a=ZZ'), error: 'malformed-mime' },
  { name: 'unknown transfer encoding', input: crlf('Content-Transfer-Encoding: x-uuencode', '', 'x'), error: 'malformed-mime' },
  { name: 'duplicate Content-Type', input: crlf('Content-Type: text/plain', 'content-type: application/sdp', '', 'x'), error: 'malformed-mime' },
  { name: 'malformed Content-Type', input: crlf('Content-Type: text', '', 'x'), error: 'malformed-mime' },
  { name: 'malformed Content-Disposition', input: crlf('Content-Disposition: attachment; handling', '', 'x'), error: 'malformed-mime' },
  { name: 'header line without a colon', input: crlf('Content-Type text/plain', '', 'x'), error: 'malformed-mime' },
  { name: 'continuation line first', input: crlf(' folded: x', '', 'x'), error: 'malformed-mime' },
  { name: 'space inside a header name', input: crlf('Content Type: text/plain', '', 'x'), error: 'malformed-mime' },
  { name: 'bare CR in a header', input: fromLatin1('Content-Type: text/plain\rX: y\r\n\r\n'), error: 'malformed-mime' },
  { name: 'NUL in a header', input: fromLatin1('Content-Type: text/plain\0\r\n\r\n'), error: 'malformed-mime' },
  {
    name: 'RFC 2046 section 5.1.1 example',
    input: RFC2046_EXAMPLE,
    want: {
      type: 'multipart/mixed',
      parts: [
        leaf('text/plain', 'This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.', []),
        leaf('text/plain', 'This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n', [['Content-type', 'text/plain; charset=us-ascii']]),
      ],
    },
  },
  {
    name: 'preamble, epilogue and transport padding',
    input: crlf('Content-Type: multipart/mixed; boundary=xyz', '', 'preamble --xyz', '--xyz  \t', '', 'one', '--xyz ', 'Content-Type: application/sdp', '', 'two', '--xyz-- \t', 'epilogue', '--xyz', 'not a part'),
    want: { type: 'multipart/mixed', parts: [leaf('text/plain', 'one'), leaf('application/sdp', 'two')] },
  },
  {
    name: 'multipart with bare LF line ends',
    input: lf('Content-Type: multipart/alternative; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'a', '--b', '', 'b', '', '--b--'),
    want: { type: 'multipart/alternative', parts: [leaf('text/plain', 'a'), leaf('text/plain', 'b\n')] },
  },
  {
    name: 'close delimiter at the very end, no CRLF',
    input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x', '--b--'),
    want: { type: 'multipart/mixed', parts: [leaf('text/plain', 'x')] },
  },
  {
    name: 'lines that only start like the delimiter are content',
    input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', '--bx', ' --b', '--b--x', '--b--'),
    want: { type: 'multipart/mixed', parts: [leaf('text/plain', '--bx\r\n --b\r\n--b--x')] },
  },
  {
    name: 'empty parts',
    input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '--b', '', '--b--'),
    want: { type: 'multipart/mixed', parts: [leaf('text/plain', '', []), leaf('text/plain', '', [])] },
  },
  {
    name: 'nested multipart',
    input: crlf(
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: application/sdp',
      '',
      'v=0',
      '--inner',
      'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; handling=optional; filename=smime.p7m',
      '',
      'MAMCAQA=',
      '--inner--',
      '--outer',
      'Content-Type: application/pkix-cert',
      'Content-Transfer-Encoding: binary',
      '',
      '\x30\x00',
      '--outer--',
    ),
    want: {
      type: 'multipart/mixed',
      parts: [
        { type: 'multipart/alternative', parts: [leaf('application/sdp', 'v=0'), leaf('application/pkcs7-mime', '\x30\x03\x02\x01\x00')] },
        leaf('application/pkix-cert', '\x30\x00'),
      ],
    },
  },
  { name: 'multipart without a boundary', input: crlf('Content-Type: multipart/mixed', '', '--b', '', 'x', '--b--'), error: 'malformed-mime' },
  { name: 'multipart with an invalid boundary', input: crlf(`Content-Type: multipart/mixed; boundary="${'b'.repeat(71)}"`, '', 'x'), error: 'malformed-mime' },
  { name: 'unterminated multipart', input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x', '--b', '', 'y'), error: 'malformed-mime' },
  { name: 'delimiter line at the end but no close', input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x', '--b'), error: 'malformed-mime' },
  { name: 'multipart without any delimiter', input: crlf('Content-Type: multipart/mixed; boundary=b', '', 'no parts here'), error: 'malformed-mime' },
  { name: 'multipart with only a close delimiter', input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b--'), error: 'malformed-mime' },
  { name: 'base64 on a multipart', input: crlf('Content-Type: multipart/mixed; boundary=b', 'Content-Transfer-Encoding: base64', '', '--b', '', 'x', '--b--'), error: 'malformed-mime' },
  { name: 'malformed part inside a multipart', input: crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', 'no colon', '', 'x', '--b--'), error: 'malformed-mime' },
  { name: 'nesting at the depth limit', input: nested(8), want: (s) => expect(s.type).toBe('multipart/mixed') },
  { name: 'nesting past the depth limit', input: nested(9), error: 'malformed-mime' },
  { name: 'lower depth limit', input: nested(3), limits: { maxDepth: 2 }, error: 'malformed-mime' },
  { name: 'parts at the limit', input: manyParts(64), want: (s) => expect(s.parts).toHaveLength(64) },
  { name: 'parts past the limit', input: manyParts(65), error: 'malformed-mime' },
  { name: 'parts past the limit across levels', input: nested(3), limits: { maxParts: 2 }, error: 'malformed-mime' },
  { name: 'input over the size limit', input: crlf('', 'x'.repeat(100)), limits: { maxBytes: 50 }, error: 'malformed-mime' },
  { name: 'too many header fields', input: crlf(...Array.from({ length: 65 }, (_, i) => `X-${i}: v`), '', ''), error: 'malformed-mime' },
];

describe('parseMimeEntity vectors', () => {
  it.each(vectors)('$name', ({ input, limits, want, error }) => {
    if (error) {
      let thrown: unknown;
      try {
        parseMimeEntity(input, { limits });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CoreError);
      expect((thrown as CoreError).kind).toBe(error);
      return;
    }
    const shape = shapeOf(parseMimeEntity(input, { limits }));
    if (typeof want === 'function') want(shape);
    else expect(shape).toMatchObject(want!);
  });
});

describe('parsed entities', () => {
  it('expose the exact bytes of each part for multipart/signed', () => {
    const signedPart = 'Content-Type: text/plain\r\n\r\nsigned text\r\n';
    const input = crlf(
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=s',
      '',
      '--s',
      signedPart,
      '--s',
      'Content-Type: application/pkcs7-signature',
      'Content-Transfer-Encoding: base64',
      '',
      'MAA=',
      '--s--',
      '',
    );
    const entity = parseMimeEntity(input);
    expect(latin1(entity.parts![0]!.raw!)).toBe(signedPart);
    expect(entity.parts![1]!.body).toEqual(new Uint8Array([0x30, 0]));
    expect(latin1(entity.raw!)).toBe(latin1(input));
  });

  it('read Content-Disposition and handling', () => {
    const entity = parseMimeEntity(crlf('Content-Disposition: attachment; handling=OPTIONAL; filename=smime.p7m', '', ''));
    expect(contentDisposition(entity)?.params.get('filename')).toBe('smime.p7m');
    expect(dispositionHandling(entity)).toBe('optional');
    expect(dispositionHandling(parseMimeEntity(crlf('Content-Disposition: session', '', '')))).toBe('required');
    expect(dispositionHandling(parseMimeEntity(crlf('', '')))).toBe('required');
  });
});

describe('parseMimeBody (headers carried outside, as in SIP)', () => {
  const body = crlf('--boundary42', 'Content-Type: application/sdp', '', 'v=0', '--boundary42', 'Content-Type: text/plain', '', 'hi', '--boundary42--', '');

  it('parses a multipart body under the carrier Content-Type', () => {
    const entity = parseMimeBody('multipart/alternative;boundary=boundary42', body);
    expect(shapeOf(entity)).toMatchObject({ type: 'multipart/alternative', parts: [leaf('application/sdp', 'v=0'), leaf('text/plain', 'hi')] });
  });

  it('applies carried Content-Transfer-Encoding and Content-Disposition', () => {
    const entity = parseMimeBody('application/pkcs7-mime; smime-type=enveloped-data', utf8('MAMCAQA=\r\n'), [
      ['Content-Transfer-Encoding', 'base64'],
      ['Content-Disposition', 'attachment; handling=required'],
    ]);
    expect(entity.body).toEqual(new Uint8Array([0x30, 3, 2, 1, 0]));
    expect(dispositionHandling(entity)).toBe('required');
  });

  it('takes a MimeHeaders as extra headers and no Content-Type at all', () => {
    const entity = parseMimeBody(undefined, utf8('hello'), new MimeHeaders([['Content-Disposition', 'render']]));
    expect(shapeOf(entity)).toEqual(leaf('text/plain', 'hello', [['Content-Disposition', 'render']]));
  });

  it.each([
    ['no boundary', 'multipart/mixed', body],
    ['wrong boundary', 'multipart/mixed; boundary=other', body],
    ['garbage content type', ';;;', body],
    ['empty content type', '', body],
    ['duplicate content type', 'text/plain', body, [['content-type', 'text/html']] as [string, string][]],
    ['header injection in extra headers', 'text/plain', body, [['X', 'a\r\nB: c']] as [string, string][]],
    ['base64 body that is not base64', 'application/pkix-cert', body, [['Content-Transfer-Encoding', 'base64']] as [string, string][]],
  ])('rejects %s', (_name, type, input, extra?: [string, string][]) => {
    expect(() => parseMimeBody(type, input, extra)).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
  });
});
