/** The bytes of a NOTIFY of the own `credential` subscription (RFC 6072 section 6), for the own credential's tests. */
import { buildCredentialBody } from '../../src/core/credentials/index.ts';
import { createAuthServiceCertificate, formatIdentityInfo, formatSipDate, identityDigestString, signIdentity } from '../../src/core/identity/index.ts';
import { parseSipMessage, SipHeaders, serializeSipMessage } from '../../src/core/sip/index.ts';
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

/** An authentication service of `domain` for tests: its certificate (pinned by `url` in the app) and signing key. */
export interface TestAuthority {
  url: string;
  certificateDer: Uint8Array;
  privateKey: CryptoKey;
}

/** A fresh RSA-2048 authentication service of `domain`, its certificate valid at `now`. */
export async function createTestAuthority(domain: string, crypto: Crypto, now: Date): Promise<TestAuthority> {
  const pair = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificateDer = await createAuthServiceCertificate({ domain, publicKey: pair.publicKey, privateKey: pair.privateKey }, crypto, () => now);
  return { url: `https://${domain}/identity.cer`, certificateDer, privateKey: pair.privateKey };
}

/** `credentialNotify`, dated `date` and signed by `authority` (RFC 4474 Identity and Identity-Info, as the server signs it). */
export async function signedCredentialNotify(
  aor: string,
  credential: Pick<DeviceKey, 'certificateDer' | 'encryptedKey'> | null,
  crypto: Crypto,
  authority: TestAuthority,
  options: { state?: string; date: Date },
): Promise<Uint8Array> {
  const parsed = parseSipMessage(credentialNotify(aor, credential, crypto, options.state));
  if (parsed.kind !== 'request') throw new TypeError('not a request');
  const date = formatSipDate(options.date);
  const h = parsed.headers;
  h.set('Date', date);
  const digestInput = identityDigestString({ fromUri: h.get('From')!, toUri: h.get('To')!, callId: h.get('Call-ID')!, cseq: { seq: 1, method: 'NOTIFY' }, date, body: parsed.body });
  h.set('Identity', `"${await signIdentity(digestInput, authority.privateKey, crypto)}"`);
  h.set('Identity-Info', formatIdentityInfo(authority.url));
  return serializeSipMessage(parsed);
}
