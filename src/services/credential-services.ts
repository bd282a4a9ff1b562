/**
 * Everything keys and certificates need from the crypto core, in one module the app loads lazily (the core with
 * PKI.js is about 100 kB gzip; the first screen does not need it): `loadCredentialServices()` in
 * load-credential-services.ts imports this file on first use.
 */
import { latin1 } from '../core/bytes.ts';
import { assertKeyMatchesCertificate, buildCredentialBody, formatFingerprintForPeople, parseCredentialBody, type CredentialParts } from '../core/credentials/index.ts';
import { parseCertificate } from '../core/x509/index.ts';
import { fromHex } from '../core/bytes.ts';
import { parseSipMessage, parseSubscriptionState } from '../core/sip/index.ts';
import { createDeviceKey, renewDeviceKey, unlockDeviceKey, type DeviceKey } from './device-key.ts';
import { publicationExpiresSeconds, renewalStatus } from '../core/credentials/renewal.ts';
import { createPeerCertificateChecker } from './peer-certificates.ts';
import { shortAuthenticationString } from '../core/sas/index.ts';
import * as secureBodies from '../core/secure-body/index.ts';

/** What a `credential` NOTIFY says (RFC 6072 section 6): the subscription state, and the credential or none. */
export interface CredentialNotify {
  state: 'active' | 'pending' | 'terminated';
  reason?: string;
  credential: CredentialParts | null;
}

/** Reads a `credential` NOTIFY's bytes; throws CoreError when it is not one. */
function readCredentialNotify(message: Uint8Array): CredentialNotify {
  const notify = parseSipMessage(message);
  const subscription = parseSubscriptionState(notify.headers.get('Subscription-State') ?? 'active');
  const cte = notify.headers.get('Content-Transfer-Encoding');
  const credential = notify.body.length === 0 ? null : parseCredentialBody(notify.headers.get('Content-Type'), notify.body, cte === undefined ? undefined : [['Content-Transfer-Encoding', cte]]);
  const state = subscription.state === 'terminated' || subscription.state === 'pending' ? subscription.state : 'active';
  return { state, ...(subscription.reason ? { reason: subscription.reason } : {}), credential };
}

/** The PUBLISH body for a device key's credential (certificate + encrypted key, base64 parts). */
function credentialBodyOf(key: DeviceKey, crypto: Crypto): { contentType: string; text: string } {
  const body = buildCredentialBody({ certificate: key.certificateDer, encryptedKey: key.encryptedKey }, { crypto });
  return { contentType: body.contentType, text: latin1(body.body) };
}

/** `AB12 CD34 ...` from `AB:12:CD:34:...` (docs/certificates.md). */
function readableFingerprint(fingerprintHex: string): string {
  return formatFingerprintForPeople(fromHex(fingerprintHex.replace(/:/g, '')));
}

/**
 * Whether a key's certificate is due for renewal (RFC 6072 section 5, window in docs/certificates.md), when it will
 * be, and how long to publish it for (until notAfter, so peers find it while this browser is closed).
 */
function renewalOf(key: DeviceKey, now: () => Date): { due: boolean; renewAt: number; expiresSeconds: number } {
  const validity = { notBefore: new Date(key.notBefore), notAfter: new Date(key.notAfter) };
  const status = renewalStatus(validity, now);
  return { due: status.state === 'renew' || status.state === 'expired', renewAt: status.renewAt.getTime(), expiresSeconds: Math.max(60, publicationExpiresSeconds(validity, now)) };
}

/** Our key with the certificate another device renewed for it (same encrypted key, so the same private key). */
async function adoptCertificate(key: DeviceKey, certificateDer: Uint8Array, crypto: Crypto): Promise<DeviceKey> {
  const parsed = await parseCertificate(certificateDer, crypto);
  await assertKeyMatchesCertificate(key.keys, parsed, crypto);
  return { ...key, certificateDer, fingerprintHex: parsed.fingerprintHex, notBefore: parsed.notBefore.getTime(), notAfter: parsed.notAfter.getTime(), storedAt: Date.now() };
}

export const credentialServices = {
  adoptCertificate,
  createDeviceKey,
  renewDeviceKey,
  renewalOf,
  unlockDeviceKey,
  readCredentialNotify,
  credentialBodyOf,
  readableFingerprint,
  createPeerCertificateChecker,
  /** Signed-then-encrypted SDP and messages (src/sip/secure-layer.ts uses them). */
  secureBodies,
  /** Four PGP words from both sides' DTLS fingerprints (docs/security.md). */
  shortAuthenticationString: async (local: string[], remote: string[], crypto: Crypto) => (await shortAuthenticationString(local, remote, crypto)).text,
};

export type CredentialServices = typeof credentialServices;
