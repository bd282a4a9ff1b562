/** Credentials to PUBLISH (RFC 6072 `credential` package): a fresh certificate for the AOR and its encrypted key. */
import { buildMimeBody, leafEntity, multipartEntity } from '../../src/core/mime/index.ts';
import { encryptPrivateKeyInfo } from '../../src/core/pkcs8/index.ts';
import type { SipResponse } from '../../src/core/sip/index.ts';
import { createSelfSignedCertificate } from '../../src/core/x509/index.ts';
import type { SipUser } from '../../test/helpers/sip-session.ts';

export interface CredentialBody {
  contentType: string;
  body: Uint8Array;
}

export async function credentialBody(aor: string): Promise<CredentialBody> {
  const c = await createSelfSignedCertificate({ aor }, globalThis.crypto);
  const key = await encryptPrivateKeyInfo(c.privateKeyInfo, 'bench passphrase', globalThis.crypto, { iterations: 1000 });
  return buildMimeBody(
    multipartEntity('mixed', [
      leafEntity({ contentType: 'application/pkix-cert', transferEncoding: 'base64', body: c.certificateDer }),
      leafEntity({ contentType: 'application/pkcs8', transferEncoding: 'base64', body: key }),
    ]),
  );
}

/** PUBLISH `Event: credential` for the user's own AOR; `etag` makes it a modification (SIP-If-Match). */
export function publishCredential(user: SipUser, credential: CredentialBody, etag?: string): Promise<SipResponse> {
  return user.send({
    method: 'PUBLISH',
    uri: user.aor,
    to: `<${user.aor}>`,
    headers: { Event: 'credential', Expires: '3600', 'Content-Type': credential.contentType, ...(etag === undefined ? {} : { 'SIP-If-Match': etag }) },
    body: credential.body,
  });
}
