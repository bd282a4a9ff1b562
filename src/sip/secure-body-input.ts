/** The core's reading input (src/core/secure-body SecureBodyInput) for one SIP message's body: what is read and with which keys. */
import type { Signer } from '../core/cms/sign-then-encrypt.ts';
import type { SecureBodyInput } from '../core/secure-body/index.ts';
import type { SipMessage } from '../core/sip/index.ts';
import type { SecurityContext } from './security-context.ts';

export function bodyInput(message: SipMessage, peer: string, own: Signer | null, certificate: Uint8Array | null, context: SecurityContext): SecureBodyInput {
  const disposition = message.headers.get('Content-Disposition');
  return {
    contentType: message.headers.get('Content-Type') ?? '',
    ...(disposition ? { contentDisposition: disposition } : {}),
    body: message.body,
    fromAor: peer,
    recipient: own,
    peerCertificate: certificate,
    crypto: context.crypto,
  };
}
