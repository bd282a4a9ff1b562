/**
 * The RFC 4474 section 9 digest-string computed here, independently of the server, and the Identity signature of
 * a received request checked by `openssl dgst -sha256 -verify` with the certificate served at its Identity-Info URL.
 */
import type { SipRequest } from '../../src/core/sip/index.ts';
import { Workdir } from './openssl.ts';

const addrSpec = (v: string | undefined): string => (v === undefined ? '' : v.includes('<') ? v.slice(v.indexOf('<') + 1, v.indexOf('>')) : v.split(';')[0]!.trim());

/** True when openssl verifies the Identity over the request with `body` (its own body unless a test swaps it). */
export async function opensslVerifiesIdentity(request: SipRequest, body: Uint8Array | string = request.body): Promise<boolean> {
  const info = request.headers.get('Identity-Info')!;
  const cert = new Uint8Array(await (await fetch(info.slice(info.indexOf('<') + 1, info.indexOf('>')))).arrayBuffer());
  const [seq, method] = request.headers.get('CSeq')!.trim().split(/\s+/);
  const h = request.headers;
  const head = [addrSpec(h.get('From')), addrSpec(h.get('To')), h.get('Call-ID'), `${seq} ${method}`, h.get('Date'), addrSpec(h.values('Contact')[0])].join('|') + '|';
  const w = new Workdir();
  try {
    w.write('as.cer', cert);
    w.write('digest.bin', Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(body)]));
    w.write('sig.bin', Buffer.from(h.get('Identity')!.replace(/"/g, ''), 'base64'));
    w.openssl('x509', '-inform', 'DER', '-in', 'as.cer', '-pubkey', '-noout', '-out', 'pub.pem');
    const r = w.tryOpenssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'digest.bin');
    return r.status === 0 && r.stdout.toString().includes('Verified OK');
  } finally {
    w.cleanup();
  }
}
