/** The RFC 4474 section 9 digest-string fields of a SIP request, for the authentication service. */
import { parseCSeq, type SipRequest } from '../../src/core/sip/index.ts';
import type { IdentityDigestFields } from '../../src/core/identity/index.ts';

export function identityFieldsOf(request: SipRequest): Omit<IdentityDigestFields, 'date'> & { date?: string } {
  const cseq = parseCSeq(request.headers.get('CSeq') ?? '');
  const contact = request.headers.firstValue('Contact');
  const date = request.headers.get('Date');
  return {
    fromUri: request.headers.get('From') ?? '',
    toUri: request.headers.get('To') ?? '',
    callId: request.headers.get('Call-ID') ?? '',
    cseq: { seq: cseq.seq, method: cseq.method },
    ...(date !== undefined ? { date } : {}),
    ...(contact !== undefined ? { contactUri: contact } : {}),
    body: request.body,
  };
}
