/**
 * Everything keys and certificates need from the crypto core, in one module the app loads lazily (the core with
 * PKI.js is about 100 kB gzip; the first screen does not need it): `loadCredentialServices()` in
 * load-credential-services.ts imports this file on first use.
 */
import { latin1 } from '../core/bytes.ts';
import { buildCredentialBody, formatFingerprintForPeople, parseCredentialBody, type CredentialParts } from '../core/credentials/index.ts';
import { fromHex } from '../core/bytes.ts';
import { parseSipMessage, parseSubscriptionState } from '../core/sip/index.ts';
import { createDeviceKey, unlockDeviceKey, type DeviceKey } from './device-key.ts';
import { createPeerCertificateChecker } from './peer-certificates.ts';

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

export const credentialServices = {
  createDeviceKey,
  unlockDeviceKey,
  readCredentialNotify,
  credentialBodyOf,
  readableFingerprint,
  createPeerCertificateChecker,
};

export type CredentialServices = typeof credentialServices;
