/**
 * Checks the RFC 4474 Identity header on a request exactly as a JsSIP UA received it off the wire (from its trace):
 * the signature must cover the From, To, Call-ID, CSeq, Date, Contact and body the UA got, with the certificate the
 * server serves at its Identity-Info path.
 */
import { identityDigestString, parseIdentityInfo, verifyIdentity, type VerifiedIdentity } from '../../../src/core/identity/index.ts';
import { parseCSeq, parseSipMessage, type SipRequest } from '../../../src/core/sip/index.ts';
import { IDENTITY_INFO_PATH } from '../../../server/server.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { TEST_DOMAIN } from '../../helpers/test-server.ts';

export async function verifyReceivedIdentity(rawRequest: string, ts: TestServer): Promise<VerifiedIdentity> {
  const request = parseSipMessage(new TextEncoder().encode(rawRequest)) as SipRequest;
  const h = request.headers;
  const identity = h.get('Identity');
  const info = h.get('Identity-Info');
  const date = h.get('Date');
  if (!identity || !info || !date) throw new Error(`no Identity, Identity-Info or Date in:\n${rawRequest}`);
  const { alg } = parseIdentityInfo(info);
  const response = await fetch(`http://127.0.0.1:${ts.httpPort}${IDENTITY_INFO_PATH}`);
  if (!response.ok) throw new Error(`certificate fetch: HTTP ${response.status}`);
  const certificate = new Uint8Array(await response.arrayBuffer());
  const contact = h.values('Contact')[0];
  const digestInput = identityDigestString({
    fromUri: h.get('From') ?? '',
    toUri: h.get('To') ?? '',
    callId: h.get('Call-ID') ?? '',
    cseq: parseCSeq(h.get('CSeq') ?? ''),
    date,
    ...(contact !== undefined ? { contactUri: contact } : {}),
    body: request.body,
  });
  return verifyIdentity({ identityHeader: identity, alg, digestInput, certificate, date, domain: TEST_DOMAIN }, globalThis.crypto);
}
