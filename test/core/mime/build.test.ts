import { describe, expect, it } from 'vitest';
import { fromLatin1, latin1, utf8 } from '../../../src/core/bytes.ts';
import {
  buildMimeBody,
  buildMimeEntity,
  contentDisposition,
  contentType,
  dispositionHandling,
  leafEntity,
  MimeHeaders,
  multipartEntity,
  parseMimeBody,
  parseMimeEntity,
  type MimeEntity,
} from '../../../src/core/mime/index.ts';
import { shapeOf } from './helpers.ts';

const SDP = 'v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 UDP/TLS/RTP/SAVPF 111\r\n';
const CMS = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);

/** The secure-call offer (docs/design.md "Secure calls"): clear SDP first, encrypted SDP last, handling=optional. */
function secureOffer(): MimeEntity {
  return multipartEntity('alternative', [
    leafEntity({ contentType: 'application/sdp', body: SDP }),
    leafEntity({
      contentType: { value: 'application/pkcs7-mime', params: { 'smime-type': 'auth-enveloped-data', name: 'smime.p7m' } },
      body: CMS,
      transferEncoding: 'base64',
      disposition: 'attachment; handling=optional; filename=smime.p7m',
    }),
  ]);
}

/** The credential of RFC 6072: certificate and encrypted key, both binary. */
function credential(): MimeEntity {
  return multipartEntity('mixed', [
    leafEntity({ contentType: 'application/pkix-cert', body: CMS.subarray(0, 120), transferEncoding: 'binary' }),
    leafEntity({ contentType: 'application/pkcs8', body: CMS.subarray(120), transferEncoding: 'binary' }),
  ]);
}

describe('buildMimeBody', () => {
  it('writes the secure-call offer with CRLF framing and 76-column base64', () => {
    const { contentType: type, headers, body } = buildMimeBody(secureOffer());
    expect(type).toBe('multipart/alternative; boundary=sealphone-boundary-1');
    expect([...headers]).toEqual([['Content-Type', type]]);
    const text = latin1(body);
    expect(text.startsWith('--sealphone-boundary-1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n')).toBe(true);
    expect(text).toContain(
      '\r\n--sealphone-boundary-1\r\n' +
        'Content-Type: application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m\r\n' +
        'Content-Transfer-Encoding: base64\r\n' +
        'Content-Disposition: attachment; handling=optional; filename=smime.p7m\r\n\r\n',
    );
    expect(text.endsWith('\r\n--sealphone-boundary-1--\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const base64Lines = text.split('\r\n').filter((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l));
    expect(base64Lines.length).toBeGreaterThan(1);
    expect(base64Lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
  });

  it('round-trips the secure-call offer through parseMimeBody', () => {
    const { contentType: type, body } = buildMimeBody(secureOffer());
    const parsed = parseMimeBody(type, body);
    expect(parsed.parts).toHaveLength(2);
    const [clear, secret] = parsed.parts!;
    expect(contentType(clear!).value).toBe('application/sdp');
    expect(latin1(clear!.body)).toBe(SDP);
    expect(contentType(secret!).params.get('smime-type')).toBe('auth-enveloped-data');
    expect(contentDisposition(secret!)?.params.get('filename')).toBe('smime.p7m');
    expect(dispositionHandling(secret!)).toBe('optional');
    expect(secret!.body).toEqual(CMS);
  });

  it('round-trips the credential pair, binary bytes intact', () => {
    const { contentType: type, body } = buildMimeBody(credential());
    const parsed = parseMimeBody(type, body);
    expect(parsed.parts!.map((p) => contentType(p).value)).toEqual(['application/pkix-cert', 'application/pkcs8']);
    expect(parsed.parts![0]!.body).toEqual(CMS.subarray(0, 120));
    expect(parsed.parts![1]!.body).toEqual(CMS.subarray(120));
  });

  it('carries leaf headers for the outside carrier', () => {
    const { contentType: type, headers, body } = buildMimeBody(
      leafEntity({ contentType: 'application/pkcs7-mime; smime-type=enveloped-data', body: CMS, transferEncoding: 'base64', disposition: 'attachment; handling=required' }),
    );
    expect(type).toBe('application/pkcs7-mime; smime-type=enveloped-data');
    expect(headers.get('content-disposition')).toBe('attachment; handling=required');
    expect(parseMimeBody(type, body, headers).body).toEqual(CMS);
  });
});

describe('buildMimeEntity', () => {
  it('nests, and parse(build(x)) then build again gives the same bytes', () => {
    const tree = multipartEntity('mixed', [secureOffer(), credential(), leafEntity({ contentType: 'text/plain; charset=utf-8', body: 'grüße\r\n', transferEncoding: 'quoted-printable' })]);
    const bytes = buildMimeEntity(tree);
    const parsed = parseMimeEntity(bytes);
    expect(shapeOf(parsed).parts!.map((p) => p.type)).toEqual(['multipart/alternative', 'multipart/mixed', 'text/plain']);
    expect(latin1(parsed.parts![2]!.body)).toBe(latin1(utf8('grüße\r\n')));
    expect(buildMimeEntity(parsed)).toEqual(bytes);
  });

  it('uses a given boundary and refuses one that occurs in a part', () => {
    const ok = multipartEntity('mixed', [leafEntity({ contentType: 'text/plain', body: 'x --b y' })], { boundary: 'b' });
    expect(latin1(buildMimeEntity(ok))).toBe('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx --b y\r\n--b--\r\n');
    const bad = multipartEntity('mixed', [leafEntity({ contentType: 'text/plain', body: 'x\r\n--b\r\ny' })], { boundary: 'b' });
    expect(() => buildMimeEntity(bad)).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });

  it('regenerates a generated boundary that collides with part content', () => {
    const tricky = leafEntity({ contentType: 'text/plain', body: 'see --sealphone-boundary-1 and --sealphone-boundary-2' });
    const type = buildMimeBody(multipartEntity('mixed', [tricky])).contentType;
    expect(type).toBe('multipart/mixed; boundary=sealphone-boundary-3');
  });

  it('uses the given crypto for random boundaries, and retries on a collision', () => {
    let calls = 0;
    const fake = {
      getRandomValues<T extends ArrayBufferView | null>(array: T): T {
        calls++;
        if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(calls === 1 ? 0xaa : 0xbb);
        return array;
      },
    };
    const first = `sealphone-${'aa'.repeat(16)}`;
    const part = leafEntity({ contentType: 'text/plain', body: `--${first}` });
    const type = buildMimeBody(multipartEntity('mixed', [part]), { crypto: fake }).contentType;
    expect(type).toBe(`multipart/mixed; boundary=sealphone-${'bb'.repeat(16)}`);
    const random = buildMimeBody(multipartEntity('mixed', [part]), { crypto: globalThis.crypto }).contentType;
    expect(random).toMatch(/^multipart\/mixed; boundary=sealphone-[0-9a-f]{32}$/);
  });

  it('keeps other multipart parameters and does not change the input entity', () => {
    const signed = multipartEntity('signed', [leafEntity({ contentType: 'text/plain', body: 'x' })], { protocol: 'application/pkcs7-signature', micalg: 'sha-256' });
    const before = signed.headers.get('content-type');
    const { contentType: type } = buildMimeBody(signed);
    expect(type).toBe('multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=sealphone-boundary-1');
    expect(signed.headers.get('content-type')).toBe(before);
  });

  it('writes an entity without headers as an empty line and the body', () => {
    expect(latin1(buildMimeEntity({ headers: new MimeHeaders(), body: utf8('hi') }))).toBe('\r\nhi');
  });

  it.each<[string, () => MimeEntity]>([
    ['7bit with 8-bit data', () => leafEntity({ contentType: 'text/plain', body: fromLatin1('\xe9'), transferEncoding: '7bit' })],
    ['8bit with a bare LF', () => leafEntity({ contentType: 'text/plain', body: 'a\nb', transferEncoding: '8bit' })],
    ['8bit with NUL', () => leafEntity({ contentType: 'text/plain', body: '\0', transferEncoding: '8bit' })],
    ['7bit with a 999-octet line', () => leafEntity({ contentType: 'text/plain', body: 'a'.repeat(999), transferEncoding: '7bit' })],
    ['an unknown transfer encoding', () => ({ headers: new MimeHeaders([['Content-Transfer-Encoding', 'x-gzip']]), body: new Uint8Array() })],
    ['base64 on a multipart', () => {
      const m = multipartEntity('mixed', [leafEntity({ contentType: 'text/plain', body: 'x' })]);
      m.headers.append('Content-Transfer-Encoding', 'base64');
      return m;
    }],
    ['a multipart without parts', () => ({ headers: new MimeHeaders([['Content-Type', 'multipart/mixed']]), body: new Uint8Array() })],
    ['parts on a leaf', () => ({ headers: new MimeHeaders([['Content-Type', 'text/plain']]), body: new Uint8Array(), parts: [] })],
    ['an invalid boundary', () => multipartEntity('mixed', [leafEntity({ contentType: 'text/plain', body: 'x' })], { boundary: 'bad boundary ' })],
    ['nesting deeper than the parser allows', () => {
      let e = leafEntity({ contentType: 'text/plain', body: 'x' });
      for (let i = 0; i < 9; i++) e = multipartEntity('mixed', [e]);
      return e;
    }],
    ['more parts than the parser allows', () => multipartEntity('mixed', Array.from({ length: 65 }, () => leafEntity({ contentType: 'text/plain', body: 'x' })))],
    ['a malformed Content-Type', () => ({ headers: new MimeHeaders([['Content-Type', 'text']]), body: new Uint8Array() })],
  ])('refuses %s with invalid-argument', (_name, make) => {
    expect(() => buildMimeEntity(make())).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });

  it('accepts 7bit and 8bit data that follow the rules', () => {
    const e = multipartEntity('mixed', [
      leafEntity({ contentType: 'text/plain', body: 'a\r\n'.repeat(3) + 'b'.repeat(998), transferEncoding: '7bit' }),
      leafEntity({ contentType: 'text/plain', body: 'é\r\n', transferEncoding: '8bit' }),
    ]);
    e.headers.append('Content-Transfer-Encoding', '8bit');
    expect(parseMimeEntity(buildMimeEntity(e)).parts![1]!.body).toEqual(utf8('é\r\n'));
  });
});

describe('leafEntity and multipartEntity', () => {
  it('refuse bad arguments', () => {
    expect(() => leafEntity({ contentType: 'multipart/mixed; boundary=x', body: '' })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => leafEntity({ contentType: 'nonsense', body: '' })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => leafEntity({ contentType: 'text/plain', body: '', disposition: 'a/b' })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => leafEntity({ contentType: 'text/plain', body: '', extraHeaders: [['X', 'a\nb']] })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => multipartEntity('mixed', [])).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => multipartEntity('a/b', [leafEntity({ contentType: 'text/plain', body: '' })])).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });
});
