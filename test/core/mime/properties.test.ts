import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromLatin1, latin1, toBase64 } from '../../../src/core/bytes.ts';
import { CoreError, isCoreError } from '../../../src/core/errors.ts';
import {
  buildMimeBody,
  buildMimeEntity,
  contentType,
  leafEntity,
  multipartEntity,
  parseMimeBody,
  parseMimeEntity,
  type MimeEntity,
  type TransferEncoding,
} from '../../../src/core/mime/index.ts';

const RUNS = 2000;

/** Bodies that are random bytes, or text made of the pieces most likely to confuse the framing. */
const bodyArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .array(fc.constantFrom('--', 'sealphone-boundary-1', 'sealphone-boundary-2', 'b', '\r\n', '\n', '\r', '=', ' ', '\t', 'A', '\xff', '\0'), { maxLength: 40 })
    .map((pieces) => fromLatin1(pieces.join(''))),
);

const leafArb: fc.Arbitrary<MimeEntity> = fc
  .record({
    type: fc.constantFrom('application/sdp', 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m', 'application/pkix-cert', 'text/plain; charset=utf-8'),
    body: bodyArb,
    cte: fc.constantFrom<TransferEncoding | undefined>('base64', 'binary', 'quoted-printable', undefined),
    disposition: fc.constantFrom(undefined, 'attachment; handling=optional; filename=smime.p7m', 'render', 'session; handling=required'),
  })
  .map(({ type, body, cte, disposition }) => leafEntity({ contentType: type, body, transferEncoding: cte, disposition }));

const { tree: treeArb } = fc.letrec<{ tree: MimeEntity; multi: MimeEntity }>((tie) => ({
  tree: fc.oneof({ maxDepth: 3, depthIdentifier: 'mime' }, leafArb, tie('multi')),
  multi: fc
    .record({
      subtype: fc.constantFrom('mixed', 'alternative', 'related', 'signed'),
      parts: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
      boundary: fc.constantFrom(undefined, 'b', 'simple boundary', "'()+_,-./:=?"),
    })
    .map(({ subtype, parts, boundary }) => multipartEntity(subtype, parts, boundary === undefined ? undefined : { boundary })),
}));

/** Builds, skipping trees whose caller-given boundaries collide (a nested part reusing its parent's boundary). */
function buildOrSkip(entity: MimeEntity): Uint8Array {
  try {
    return buildMimeEntity(entity);
  } catch (error) {
    if (isCoreError(error, 'invalid-argument') && error.message.includes('occurs inside a part')) fc.pre(false);
    throw error;
  }
}

function expectSameTree(parsed: MimeEntity, original: MimeEntity): void {
  const want = contentType(original);
  const got = contentType(parsed);
  expect(got.value).toBe(want.value);
  if (!original.parts) {
    expect([...parsed.headers]).toEqual([...original.headers]);
    expect(parsed.body).toEqual(original.body);
    expect(parsed.parts).toBeUndefined();
    return;
  }
  const gotParams = new Map(got.params);
  const wantParams = new Map(want.params);
  if (!wantParams.has('boundary')) gotParams.delete('boundary');
  expect(gotParams).toEqual(wantParams);
  expect(parsed.parts).toHaveLength(original.parts.length);
  original.parts.forEach((part, i) => expectSameTree(parsed.parts![i]!, part));
}

/** Parsing may succeed or fail, but a failure must be a CoreError of kind malformed-mime. */
function parsesOrMalformed(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    expect(error.kind).toBe('malformed-mime');
  }
}

describe('round trip (property)', () => {
  it('parseMimeEntity(buildMimeEntity(tree)) has the same structure, headers and bodies', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const bytes = buildOrSkip(tree);
        const parsed = parseMimeEntity(bytes);
        expectSameTree(parsed, tree);
        expect(buildMimeEntity(parsed)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseMimeBody(buildMimeBody(tree)) has the same structure, also with random boundaries', () => {
    fc.assert(
      fc.property(treeArb, fc.boolean(), (tree, random) => {
        buildOrSkip(tree);
        const built = buildMimeBody(tree, random ? { crypto: globalThis.crypto } : {});
        expectSameTree(parseMimeBody(built.contentType, built.body, built.headers), tree);
      }),
      { numRuns: RUNS },
    );
  });
});

type Mutation = { kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'duplicate'; at: number; len: number; byte: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 16 }),
  byte: fc.constantFrom(0, 9, 10, 13, 32, 34, 40, 41, 45, 59, 61, 92, 0x80, 0xff, 65),
});

function mutate(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = input;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    const copy = Array.from(out);
    if (m.kind === 'flip' && copy.length > 0) copy[at] = copy[at]! ^ (1 << m.len % 8);
    else if (m.kind === 'insert') copy.splice(at, 0, ...new Array<number>(m.len).fill(m.byte));
    else if (m.kind === 'delete') copy.splice(at, m.len);
    else if (m.kind === 'truncate') copy.length = at;
    else if (m.kind === 'duplicate') copy.splice(at, 0, ...copy.slice(at, at + m.len * 4));
    out = Uint8Array.from(copy);
  }
  return out;
}

const contentTypeArb = fc.oneof(
  fc.constantFrom('multipart/mixed; boundary=b', 'multipart/alternative; boundary="simple boundary"', 'application/sdp', 'multipart/signed', 'text/plain (x'),
  fc.string({ maxLength: 60 }),
);

describe('hostile input (property)', () => {
  it('random bytes give an entity or a malformed-mime CoreError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), contentTypeArb, (bytes, type) => {
        parsesOrMalformed(() => parseMimeEntity(bytes));
        parsesOrMalformed(() => parseMimeBody(type, bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated valid messages give an entity or a malformed-mime CoreError', () => {
    fc.assert(
      fc.property(treeArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (tree, mutations) => {
        const bytes = buildOrSkip(tree);
        parsesOrMalformed(() => parseMimeEntity(mutate(bytes, mutations)));
        const built = buildMimeBody(tree);
        parsesOrMalformed(() => parseMimeBody(built.contentType, mutate(built.body, mutations)));
        parsesOrMalformed(() => parseMimeBody(latin1(mutate(fromLatin1(built.contentType), mutations)), built.body));
      }),
      { numRuns: RUNS },
    );
  });
});

const MB = 1_000_000;

/** Deterministic noise (an LCG), biased towards the bytes that matter to the framing. */
function pseudoRandom(length: number): Uint8Array {
  const special = [10, 13, 32, 45, 45, 58, 61, 98];
  const out = new Uint8Array(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 8) % 4 === 0 ? special[(x >>> 16) % special.length]! : (x >>> 16) & 0xff;
  }
  return out;
}

function repeat(piece: string, total = MB): string {
  return piece.repeat(Math.ceil(total / piece.length)).slice(0, total);
}

describe('large hostile inputs finish (linear-ish time)', () => {
  const cases: [string, () => void][] = [
    ['1 MB of pseudo-random bytes', () => parseMimeEntity(pseudoRandom(MB))],
    ['1 MB of pseudo-random multipart body', () => parseMimeBody('multipart/mixed; boundary=b', pseudoRandom(MB))],
    ['1 MB of LFs', () => parseMimeEntity(fromLatin1(repeat('\n')))],
    ['a 1 MB header value of blanks', () => parseMimeEntity(fromLatin1(`X: a${repeat(' ', MB - 20)}b\r\n\r\n`))],
    ['a 1 MB header of folded lines', () => parseMimeEntity(fromLatin1(`X: a${repeat('\r\n a', MB - 20)}\r\n\r\n`))],
    ['1 MB of header lines', () => parseMimeEntity(fromLatin1(repeat('X: y\r\n')))],
    ['a 1 MB Content-Type of comments', () => parseMimeBody(`text/plain ${repeat('(', MB - 20)}`, new Uint8Array())],
    ['a 1 MB Content-Type of escapes', () => parseMimeBody(`text/plain; a="${repeat('\\"', MB - 20)}"`, new Uint8Array())],
    ['1 MB of delimiter lines', () => parseMimeBody('multipart/mixed; boundary=b', fromLatin1(repeat('--b\r\n')))],
    ['1 MB of near-delimiter lines', () => parseMimeBody('multipart/mixed; boundary=b', fromLatin1(repeat('--bx\r\n')))],
    ['1 MB of dashes', () => parseMimeBody('multipart/mixed; boundary=b', fromLatin1(repeat('-')))],
    ['1 MB of a long boundary prefix', () => parseMimeBody(`multipart/mixed; boundary=${'a'.repeat(70)}`, fromLatin1(repeat(`--${'a'.repeat(69)}\n`)))],
    ['1 MB of boundary text mid-line', () => parseMimeBody('multipart/mixed; boundary=b', fromLatin1(`--b\r\n\r\n${repeat('x--b', MB - 20)}`))],
    ['1 MB of valid base64', () => parseMimeBody('application/pkcs7-mime', fromLatin1(toBase64(new Uint8Array(740_000), 76)), [['Content-Transfer-Encoding', 'base64']])],
    ['1 MB of base64 whitespace', () => parseMimeBody('application/pkcs7-mime', fromLatin1(repeat(' \r\n\t')), [['Content-Transfer-Encoding', 'base64']])],
    ['1 MB of quoted-printable blanks', () => parseMimeBody('text/plain', fromLatin1(`${repeat(' ', MB - 2)}x`), [['Content-Transfer-Encoding', 'quoted-printable']])],
    ['1 MB of quoted-printable soft breaks', () => parseMimeBody('text/plain', fromLatin1(repeat('=  \r\n')), [['Content-Transfer-Encoding', 'quoted-printable']])],
    ['1 MB leaf under 8 levels of multipart', () => {
      let inner = `Content-Type: application/octet-stream\r\n\r\n${repeat('x', MB - 2000)}`;
      for (let d = 8; d >= 1; d--) inner = `Content-Type: multipart/mixed; boundary=b${d}\r\n\r\n--b${d}\r\n${inner}\r\n--b${d}--`;
      expect(parseMimeEntity(fromLatin1(inner)).parts).toHaveLength(1);
    }],
    ['1 MB built and parsed back', () => {
      const body = new Uint8Array(700_000).map((_, i) => (i * 7) & 0xff);
      const built = buildMimeBody(multipartEntity('mixed', [leafEntity({ contentType: 'application/octet-stream', body, transferEncoding: 'base64' })]));
      expect(equalBytes(parseMimeBody(built.contentType, built.body).parts![0]!.body, body)).toBe(true);
    }],
  ];

  it.each(cases)('%s', (_name, run) => {
    parsesOrMalformed(run);
  });

  it('refuses input over the size limit before looking at it', () => {
    expect(() => parseMimeEntity(new Uint8Array(1024 * 1024 + 1))).toThrow(expect.objectContaining({ kind: 'malformed-mime' }));
  });
});
