/**
 * The authentication service as the credential service sees it (RFC 6072 section 8, RFC 4474 section 6.1): every
 * NOTIFY the service originates is signed before it is sent, so that a subscriber can check that the certificate in
 * the body was vouched for by the domain of the From (RFC 6072 section 10.3).
 */
import { parseCSeq, type SipRequest } from '../../src/core/sip/index.ts';
import { signRequestIdentity, type IdentityKey } from '../identity/index.ts';

export interface IdentitySigner {
  /**
   * Adds Identity and Identity-Info (and Date when the request has none) to `request`, signing its From, To, Call-ID,
   * CSeq, Date, Contact and body. Rejects when it cannot sign; the request is then not sent.
   */
  sign(request: SipRequest): Promise<void>;
  /**
   * Resolves when the signer has room for more: a fan-out builds its next NOTIFYs then, so that few wait for their
   * signature at a time. Absent: always.
   */
  ready?(): Promise<void>;
}

/**
 * An IdentitySigner over the server's authentication service (server/identity): rsa-sha256 with its key, Identity-Info
 * naming `identityInfoUrl` (where the HTTP server serves as.cer).
 */
export function authServiceSigner(
  service: IdentityKey,
  identityInfoUrl: string,
  crypto: Crypto = globalThis.crypto,
  now: () => Date = () => new Date(),
): IdentitySigner {
  return {
    ...('ready' in service ? { ready: () => service.ready() } : {}),
    async sign(request: SipRequest): Promise<void> {
      const h = request.headers;
      const from = h.get('From');
      const to = h.get('To');
      const callId = h.get('Call-ID');
      const cseq = h.get('CSeq');
      if (from === undefined || to === undefined || callId === undefined || cseq === undefined) {
        throw new TypeError('a request to sign needs From, To, Call-ID and CSeq');
      }
      const contact = h.firstValue('Contact');
      const date = h.get('Date');
      const signed = await signRequestIdentity(
        service,
        {
          fromUri: from,
          toUri: to,
          callId,
          cseq: parseCSeq(cseq),
          ...(contact === undefined ? {} : { contactUri: contact }),
          ...(date === undefined ? {} : { date }),
          body: request.body,
        },
        identityInfoUrl,
        crypto,
        now,
      );
      if (signed.dateAdded) h.set('Date', signed.date);
      h.set('Identity', signed.identity);
      h.set('Identity-Info', signed.identityInfo);
    },
  };
}
