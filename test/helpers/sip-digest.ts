/** The client side of SIP digest (RFC 7616, qop=auth), computed with node:crypto, independent of server code. */
import { createHash, randomBytes } from 'node:crypto';
import { parseAuthParams, type SipResponse } from '../../src/core/sip/index.ts';

export function digestAuthorization(
  challenge: SipResponse,
  opts: { username: string; password: string; method: string; uri: string; algorithm?: 'MD5' | 'SHA-256'; nc?: number },
): { header: 'Authorization' | 'Proxy-Authorization'; value: string } {
  const proxy = challenge.status === 407;
  const lines = challenge.headers.getAll(proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate');
  const wanted = opts.algorithm ?? 'MD5';
  const chosen = lines.map((l) => parseAuthParams(l)).find((c) => (c.params.get('algorithm') ?? 'MD5').toUpperCase() === wanted);
  if (!chosen) throw new Error(`no ${wanted} challenge in ${lines.join(' | ')}`);
  const realm = chosen.params.get('realm')!;
  const nonce = chosen.params.get('nonce')!;
  const opaque = chosen.params.get('opaque');
  const h = (s: string) => createHash(wanted === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const nc = (opts.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = h(`${opts.username}:${realm}:${opts.password}`);
  const ha2 = h(`${opts.method}:${opts.uri}`);
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const value =
    `Digest username="${opts.username}", realm="${realm}", nonce="${nonce}", uri="${opts.uri}", response="${response}", ` +
    `algorithm=${wanted}, qop=auth, nc=${nc}, cnonce="${cnonce}"${opaque ? `, opaque="${opaque}"` : ''}`;
  return { header: proxy ? 'Proxy-Authorization' : 'Authorization', value };
}
