/** The bytes of a NOTIFY of the own `credential` subscription (RFC 6072 section 6), for the own credential's tests. */
import { buildCredentialBody } from '../../src/core/credentials/index.ts';
import { SipHeaders, serializeSipMessage } from '../../src/core/sip/index.ts';
import type { DeviceKey } from '../../src/services/device-key-store.ts';

/** A NOTIFY to `aor` about its own credential: the one the server holds (certificate and encrypted key), or none. */
export function credentialNotify(aor: string, credential: Pick<DeviceKey, 'certificateDer' | 'encryptedKey'> | null, crypto: Crypto, state = 'active;expires=3600'): Uint8Array {
  const body = credential ? buildCredentialBody({ certificate: credential.certificateDer, encryptedKey: credential.encryptedKey }, { crypto }) : null;
  const headers = new SipHeaders([
    ['Via', 'SIP/2.0/WSS example.test;branch=z9hG4bK-n1'],
    ['From', `<${aor}>;tag=server`],
    ['To', `<${aor}>;tag=device`],
    ['Call-ID', 'credential-1@example.test'],
    ['CSeq', '1 NOTIFY'],
    ['Event', 'credential'],
    ['Subscription-State', state],
    ...(body ? ([['Content-Type', body.contentType]] as [string, string][]) : []),
  ]);
  return serializeSipMessage({ kind: 'request', method: 'NOTIFY', uri: 'sip:device@192.0.2.4;transport=ws', headers, body: body?.body ?? new Uint8Array(0) });
}
