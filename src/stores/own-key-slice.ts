/**
 * This device's key and certificate, and their credential on the server (RFC 6072 sections 4-6):
 *
 *   idle --signed in--> checking --(credential NOTIFY)--> ready            our key is the one published (or none is)
 *                                                     \-> needs-new-key    no key here, none on the server
 *                                                     \-> needs-unlock     the server holds a key this device lacks
 *   needs-new-key --createKey--> working --> ready        (P-256, self-signed, PUBLISHed)
 *   needs-unlock --unlockKey--> working --> ready | needs-unlock (wrong passphrase)
 *   ready --rotateKey--> working --> ready;  ready --revokeCertificate--> revoked
 *
 * The own `credential` subscription stays up while signed in, so a rotation on another device reaches this one
 * (it then asks to unlock the new key) and a revocation elsewhere drops the key here. While a key is ready, this
 * device keeps it published (RFC 3903 refresh, republish after reconnects) unless the server shows another one.
 */
import type { StateCreator } from 'zustand/vanilla';
import { equalBytes } from '../core/bytes.ts';
import type { CredentialParts } from '../core/credentials/credential-body.ts';
import { assessPassphrase, type PassphraseAssessment, type PassphraseContext } from '../core/credentials/passphrase-strength.ts';
import { isCoreError } from '../core/errors.ts';
import type { DeviceKey, DeviceKeyStore } from '../services/device-key.ts';
import type { CredentialServices } from '../services/load-credential-services.ts';
import { createPublication, type Publication } from '../sip/publication.ts';
import type { NotifyInfo, SipClient, SubscriptionStatus } from '../sip/sip-client.ts';
import { consoleLogger } from '../sip/sip-logger.ts';
import type { AppState } from './app-store.ts';
import { normalizeAor } from './sip-address.ts';

export interface OwnKeyDeps {
  sip: SipClient;
  deviceKeys: DeviceKeyStore;
  /** The crypto core, loaded on first use (services/load-credential-services.ts). */
  credentials: () => Promise<CredentialServices>;
  crypto: Crypto;
  /** PBKDF2 iterations of the published key blob; default the core's (about 0.5 s). Tests pass fewer. */
  keyIterations?: number;
}

export type OwnKeyStatus = 'idle' | 'checking' | 'needs-new-key' | 'needs-unlock' | 'working' | 'ready' | 'revoked';

export interface OwnKeySlice {
  ownKey: {
    status: OwnKeyStatus;
    /** `AB12 CD34 ...` of our certificate, when ready. */
    fingerprint?: string;
    fingerprintHex?: string;
    notAfter?: number;
    /** publishing / published / failed..., from the publication. */
    publication: string;
    publicationFailure?: string;
    /** What went wrong with the last action, for the dialog (wrong passphrase...). */
    error?: string;
    /** Set while working: what for, in words. */
    working?: string;
    /** The dialog on screen: "Protect your key" (create, rotate) or "Unlock your key". */
    dialog: 'create' | 'rotate' | 'unlock' | null;
  };
  openKeyDialog: (dialog: 'create' | 'rotate' | 'unlock') => void;
  /** "Not now": the dialog stays closed until the user opens it from the Security page. */
  closeKeyDialog: () => void;
  /** Called once registered: loads this device's key and subscribes to our own credential. */
  startOwnKey: () => Promise<void>;
  receiveCredentialNotify: (notify: NotifyInfo) => Promise<void>;
  receiveCredentialSubscription: (status: SubscriptionStatus) => void;
  createKey: (passphrase: string) => Promise<void>;
  unlockKey: (passphrase: string) => Promise<void>;
  rotateKey: (passphrase: string) => Promise<void>;
  revokeCertificate: () => Promise<void>;
  resetOwnKey: () => void;
  /** This device's key and certificate while ready (for signing and decrypting calls and messages), else null. */
  ownSigner: () => { certificate: Uint8Array; keys: DeviceKey['keys'] } | null;
}

export const CREDENTIAL_ACCEPT = ['multipart/mixed', 'application/pkix-cert', 'application/pkcs8'];

export const createOwnKeySlice =
  (deps: OwnKeyDeps): StateCreator<AppState, [], [], OwnKeySlice> =>
  (set, get) => {
    let key: DeviceKey | null = null;
    /** The credential the server holds, when it differs from ours (to unlock). */
    let serverCredential: CredentialParts | null = null;
    let subscriptionId: string | null = null;
    let publication: Publication | null = null;
    let deactivated = false;
    let generation = 0;
    let offGuard: (() => void) | null = null;
    /** Dialogs the user put off ("Not now") during this sign-in. */
    const putOff = new Set<string>();

    const aor = () => normalizeAor(get().session.aor) ?? '';
    const update = (change: Partial<OwnKeySlice['ownKey']>) => set({ ownKey: { ...get().ownKey, ...change } });
    /** A state that needs the user: its dialog opens unless they put it off. */
    const ask = (status: 'needs-new-key' | 'needs-unlock', change: Partial<OwnKeySlice['ownKey']> = {}) => {
      const dialog = status === 'needs-new-key' ? 'create' : 'unlock';
      update({ status, working: undefined, ...change, dialog: putOff.has(dialog) ? get().ownKey.dialog : dialog });
    };
    const ready = async (k: DeviceKey) => {
      key = k;
      const services = await deps.credentials();
      if (key !== k) return;
      const { error: _e, working: _w, ...rest } = get().ownKey;
      set({ ownKey: { ...rest, status: 'ready', fingerprint: services.readableFingerprint(k.fingerprintHex), fingerprintHex: k.fingerprintHex, notAfter: k.notAfter, dialog: null } });
    };
    const ensurePublication = (): Publication => {
      if (!publication) {
        publication = createPublication(deps.sip, { target: aor(), event: 'credential', log: consoleLogger });
        publication.onStatus((s) => update({ publication: s.phase, ...(s.failure ? { publicationFailure: s.failure } : { publicationFailure: undefined }) }));
      }
      return publication;
    };
    let renewTimer: ReturnType<typeof setTimeout> | null = null;
    const publishKey = async (k: DeviceKey) => {
      const services = await deps.credentials();
      if (key !== k) return;
      const renewal = services.renewalOf(k, () => new Date());
      if (renewal.due) {
        await renewKey(k);
        return;
      }
      ensurePublication().publish(services.credentialBodyOf(k, deps.crypto), renewal.expiresSeconds);
      // Check again at renewAt (timers are capped near 24.8 days, so look at least daily).
      if (renewTimer) clearTimeout(renewTimer);
      renewTimer = setTimeout(() => void (key === k && publishKey(k)), Math.min(Math.max(renewal.renewAt - Date.now(), 60_000), 86_400_000));
    };
    /** RFC 6072 section 5: a new certificate for the same key before notAfter; no passphrase needed. */
    const renewKey = async (k: DeviceKey) => {
      try {
        const services = await deps.credentials();
        const renewed = await services.renewDeviceKey(k, deps.crypto);
        if (key !== k) return;
        await deps.deviceKeys.put(renewed.aor, renewed);
        await ready(renewed);
        await publishKey(renewed);
      } catch (error) {
        console.warn('credentials: renewing the certificate failed', error);
      }
    };
    const stopPublishing = () => {
      if (renewTimer) clearTimeout(renewTimer);
      renewTimer = null;
      publication?.dispose();
      publication = null;
      update({ publication: 'none' });
    };
    const makeKey = async (passphrase: string, what: string) => {
      update({ status: 'working', working: what, error: undefined });
      try {
        const services = await deps.credentials();
        const k = await services.createDeviceKey(aor(), passphrase, deps.crypto, deps.keyIterations === undefined ? {} : { iterations: deps.keyIterations });
        await deps.deviceKeys.put(k.aor, k);
        serverCredential = null;
        await ready(k);
        await publishKey(k);
      } catch (error) {
        update({ status: key ? 'ready' : 'needs-new-key', working: undefined, error: `The key could not be made: ${isCoreError(error) ? error.message : String(error)}` });
      }
    };

    return {
      ownKey: { status: 'idle', publication: 'none', dialog: null },
      ownSigner: () => (key && get().ownKey.status === 'ready' ? { certificate: key.certificateDer, keys: key.keys } : null),
      openKeyDialog: (dialog) => {
        putOff.delete(dialog);
        update({ dialog, error: undefined });
      },
      closeKeyDialog: () => {
        const dialog = get().ownKey.dialog;
        if (dialog) putOff.add(dialog);
        update({ dialog: null, error: undefined });
      },
      startOwnKey: async () => {
        const mine = ++generation;
        update({ status: 'checking' });
        const stored = await deps.deviceKeys.get(aor()).catch(() => undefined);
        if (mine !== generation) return;
        if (stored) await ready(stored);
        if (mine !== generation) return;
        deactivated = false;
        offGuard?.();
        // RFC 6072 (issue 5): a credential this device cannot read or use is answered 437 Unsupported Certificate.
        offGuard = deps.sip.guardNotifies('credential', async (notify) => {
          try {
            (await deps.credentials()).readCredentialNotify(notify.message);
            return undefined;
          } catch (error) {
            console.warn('credentials: an unusable credential NOTIFY is answered 437', error);
            return 437;
          }
        });
        subscriptionId = deps.sip.subscribe(aor(), { event: 'credential', accept: CREDENTIAL_ACCEPT });
      },
      receiveCredentialNotify: async (notify) => {
        if (notify.subscriptionId !== subscriptionId) return;
        let parts: CredentialParts | null = null;
        try {
          const read = (await deps.credentials()).readCredentialNotify(notify.message);
          if (read.state === 'terminated') {
            // rfc6072#section-6: a revoked credential ends the credential subscriptions with reason=deactivated.
            if (read.reason === 'deactivated') deactivated = true;
            return;
          }
          parts = read.credential;
        } catch (error) {
          console.warn('credentials: an unreadable credential NOTIFY was ignored', error);
          return;
        }
        if (notify.subscriptionId !== subscriptionId) return;
        const status = get().ownKey.status;
        if (status === 'working') return;
        if (!parts) {
          if (key && deactivated) {
            // Revoked on another device: this key is no longer ours to use.
            await deps.deviceKeys.delete(aor()).catch(() => undefined);
            key = null;
            stopPublishing();
            set({ ownKey: { status: 'revoked', publication: 'none', dialog: null } });
          } else if (key) {
            await publishKey(key);
          } else if (status !== 'revoked') {
            ask('needs-new-key');
          }
          deactivated = false;
          return;
        }
        deactivated = false;
        if (key && equalBytes(parts.certificate, key.certificateDer)) {
          if (!publication) await publishKey(key);
          return;
        }
        if (!parts.encryptedKey) return;
        if (key && equalBytes(parts.encryptedKey, key.encryptedKey)) {
          // Another device renewed the certificate of this same key (RFC 6072 section 5): take it, no passphrase.
          try {
            const adopted = await (await deps.credentials()).adoptCertificate(key, parts.certificate, deps.crypto);
            await deps.deviceKeys.put(adopted.aor, adopted);
            await ready(adopted);
            return;
          } catch (error) {
            console.warn('credentials: a renewed certificate does not fit this key', error);
          }
        }
        // Another device made or rotated the key: stop publishing ours and ask for the passphrase.
        stopPublishing();
        serverCredential = parts;
        ask('needs-unlock', { error: undefined });
      },
      receiveCredentialSubscription: (status) => {
        if (status.id !== subscriptionId || status.state !== 'terminated') return;
        if (get().ownKey.status !== 'checking') return;
        if (key) void ready(key);
        else ask('needs-new-key');
      },
      createKey: (passphrase) => makeKey(passphrase, 'Creating your key…'),
      rotateKey: (passphrase) => makeKey(passphrase, 'Making a new key…'),
      unlockKey: async (passphrase) => {
        const credential = serverCredential;
        if (!credential?.encryptedKey) return;
        update({ status: 'working', working: 'Unlocking your key…', error: undefined });
        try {
          const services = await deps.credentials();
          const k = await services.unlockDeviceKey(aor(), { certificateDer: credential.certificate, encryptedKey: credential.encryptedKey }, passphrase, deps.crypto);
          await deps.deviceKeys.put(k.aor, k);
          serverCredential = null;
          await ready(k);
          await publishKey(k);
        } catch (error) {
          const text = isCoreError(error, 'wrong-passphrase') ? 'That passphrase does not open your key.' : `The key could not be unlocked: ${isCoreError(error) ? error.message : String(error)}`;
          update({ status: 'needs-unlock', working: undefined, error: text, dialog: 'unlock' });
        }
      },
      revokeCertificate: async () => {
        if (!key) return;
        // With no publication of ours yet, Expires: 0 without SIP-If-Match revokes what the server holds.
        ensurePublication().remove();
        await deps.deviceKeys.delete(aor()).catch(() => undefined);
        key = null;
        set({ ownKey: { status: 'revoked', publication: get().ownKey.publication, dialog: null } });
      },
      resetOwnKey: () => {
        generation++;
        stopPublishing();
        if (subscriptionId) deps.sip.unsubscribe(subscriptionId);
        offGuard?.();
        offGuard = null;
        subscriptionId = null;
        key = null;
        serverCredential = null;
        putOff.clear();
        set({ ownKey: { status: 'idle', publication: 'none', dialog: null } });
      },
    };
  };

/** The strength hint under "Key passphrase" (src/core/credentials/passphrase-strength.ts). */
export function passphraseHint(passphrase: string, context: PassphraseContext): PassphraseAssessment {
  return assessPassphrase(passphrase, context);
}

export const ownKeySelectors = {
  ownKey: (s: AppState) => s.ownKey,
  status: (s: AppState) => s.ownKey.status,
};
