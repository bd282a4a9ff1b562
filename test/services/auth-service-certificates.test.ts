import { describe, expect, it } from 'vitest';
import { toPem } from '../../src/core/pem.ts';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';

const DER = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);

function fakeFetch(answers: Record<string, { status?: number; body: Uint8Array | string }>) {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url);
    const answer = answers[url];
    if (!answer) throw new TypeError('network error');
    return new Response(answer.body as BodyInit, { status: answer.status ?? 200 });
  };
  return { fetch, calls };
}

describe('authentication service certificates', () => {
  it('fetches over HTTPS once per URL, DER or PEM', async () => {
    const { fetch, calls } = fakeFetch({ 'https://example.test/as.cer': { body: DER }, 'https://example.test/as.pem': { body: toPem('CERTIFICATE', DER) } });
    const source = createAuthServiceCertificates({ fetch });
    expect(await source.fetch('https://example.test/as.cer')).toEqual(DER);
    expect(await source.fetch('https://example.test/as.cer')).toEqual(DER);
    expect(await source.fetch('https://example.test/as.pem')).toEqual(DER);
    expect(calls).toEqual(['https://example.test/as.cer', 'https://example.test/as.pem']);
  });

  it('plain http only from this machine', async () => {
    const { fetch, calls } = fakeFetch({ 'http://127.0.0.1:8080/identity/as.cer': { body: DER }, 'http://example.test/as.cer': { body: DER } });
    const source = createAuthServiceCertificates({ fetch });
    expect(await source.fetch('http://127.0.0.1:8080/identity/as.cer')).toEqual(DER);
    await expect(source.fetch('http://example.test/as.cer')).rejects.toThrow(/must come over HTTPS/);
    await expect(source.fetch('ftp://example.test/as.cer')).rejects.toThrow(/must come over HTTPS/);
    await expect(source.fetch('not a url')).rejects.toThrow(/not a URL/);
    expect(calls).toEqual(['http://127.0.0.1:8080/identity/as.cer']);
  });

  it('a pinned certificate is used without fetching', async () => {
    const { fetch, calls } = fakeFetch({});
    const source = createAuthServiceCertificates({ fetch, pinned: { 'https://example.test/as.cer': DER } });
    expect(await source.fetch('https://example.test/as.cer')).toEqual(DER);
    expect(calls).toEqual([]);
  });

  it('errors, too large, and a failed fetch is tried again next time', async () => {
    const answers: Record<string, { status?: number; body: Uint8Array | string }> = {
      'https://example.test/missing': { status: 404, body: '' },
      'https://example.test/huge': { body: new Uint8Array(64 * 1024 + 1) },
    };
    const { fetch, calls } = fakeFetch(answers);
    const source = createAuthServiceCertificates({ fetch });
    await expect(source.fetch('https://example.test/missing')).rejects.toThrow(/answered 404/);
    await expect(source.fetch('https://example.test/huge')).rejects.toThrow(/larger than 64 KB/);
    await expect(source.fetch('https://example.test/down')).rejects.toThrow(/network error/);
    answers['https://example.test/down'] = { body: DER };
    expect(await source.fetch('https://example.test/down')).toEqual(DER);
    expect(calls.filter((u) => u.endsWith('/down'))).toHaveLength(2);
  });
});
