/**
 * This device's key and its credential on the server (RFC 6072 sections 4-6), through the states of
 * own-credential-state.ts: the key kept on this device (device-key-store.ts), the own `credential` subscription and
 * its NOTIFY guard, the publication of the credential and the renewal of its certificate (own-credential-publishing.ts),
 * and what the user is asked (make, unlock, rotate the key; revoke the certificate).
 *
 * The own `credential` subscription stays up while signed in, so a rotation on another device reaches this one (it
 * then asks to unlock the new key) and a revocation elsewhere drops the key here. While a key is ready, this device
 * keeps it published unless the server shows another one. A snapshot of what the UI shows is observable (`snapshot`,
 * `onChange`): the own-key slice mirrors it.
 */
import { equalBytes } from '../core/bytes.ts';
import type { Signer } from '../core/cms/sign-then-encrypt.ts';
import type { CredentialParts } from '../core/credentials/credential-body.ts';
import type { NotifyIdentityVerdict } from '../core/credentials/check-certificate-notify.ts';
import { isCoreError } from '../core/errors.ts';
import type { DeviceKey, DeviceKeyStore } from './device-key.ts';
import type { CredentialServices } from './load-credential-services.ts';
import { credentialTransportRefusal } from './credential-transport.ts';
import { createCredentialPublishing } from './own-credential-publishing.ts';
import { canTransition, transition, type KeyDialog, type OwnCredentialSnapshot } from './own-credential-state.ts';
import type { GuardedSubscriptions, Publication, ReceivedNotify, SubscriptionChange } from './user-agent-port.ts';

export type { KeyDialog, OwnCredentialSnapshot } from './own-credential-state.ts';

export interface OwnCredentialDeps {
  /** The SipClient: the own `credential` subscription, its NOTIFYs and their guard. */
  sip: GuardedSubscriptions;
  /** A publication of the `credential` package (RFC 3903) for `aor`: src/sip/publication.ts over the SipClient. */
  publication: (aor: string) => Publication;
  deviceKeys: DeviceKeyStore;
  /** The crypto core, loaded on first use (load-credential-services.ts). */
  credentials: () => Promise<CredentialServices>;
  crypto: Crypto;
  /** PBKDF2 iterations of the published key blob; default the core's (about 0.5 s). Tests pass fewer. */
  keyIterations?: number;
  /**
   * Whether a NOTIFY of the subscription to `aor` is signed by a trusted authentication service of its domain over
   * this very message (peer-certificate-directory.ts, RFC 6072 section 8): a credential NOTIFY that is not changes
   * nothing (issue 16: an unsigned `terminated;reason=deactivated` must not delete the key).
   */
  checkIdentity: (aor: string, message: Uint8Array) => Promise<NotifyIdentityVerdict>;
  /** Credential server names besides the AOR's domain that the key may be sent to over wss:// (credential-transport.ts). */
  credentialServers?: readonly string[];
}

export interface OwnCredential {
  readonly snapshot: OwnCredentialSnapshot;
  onChange(listener: (snapshot: OwnCredentialSnapshot) => void): () => void;
  /**
   * Signed in as `aor` through `serverUrl`: loads this device's key and subscribes to our own credential, unless the
   * key may not travel to that server (credential-transport.ts): then the key stays on this device, unpublished.
   */
  start(aor: string, serverUrl: string): Promise<void>;
  createKey(passphrase: string): Promise<void>;
  rotateKey(passphrase: string): Promise<void>;
  unlockKey(passphrase: string): Promise<void>;
  revokeCertificate(): Promise<void>;
  openDialog(dialog: KeyDialog): void;
  /** "Not now": the dialog stays closed until the user opens it from the Security page. */
  closeDialog(): void;
  /** This device's key and certificate while ready (for signing and decrypting calls and messages), else null. */
  signer(): Signer | null;
  /** Signed out: stops publishing, ends the subscription, forgets the key in memory. */
  reset(): void;
  /** Stops listening to the SipClient. */
  dispose(): void;
}

export const CREDENTIAL_ACCEPT = ['multipart/mixed', 'application/pkix-cert', 'application/pkcs8'];

const warn = (message: string, error: unknown) => console.warn(`credentials: ${message}`, error);
const idle = (): OwnCredentialSnapshot => ({ status: 'idle', publication: 'none', dialog: null });

export function createOwnCredential(deps: OwnCredentialDeps): OwnCredential {
  let state = idle();
  const listeners = new Set<(snapshot: OwnCredentialSnapshot) => void>();
  let aor = '';
  let key: DeviceKey | null = null;
  /** The credential the server holds, when it differs from ours (to unlock). */
  let serverCredential: CredentialParts | null = null;
  let subscriptionId: string | null = null;
  let deactivated = false;
  /** One per sign-in: work begun before a sign-out changes nothing after it. */
  let generation = 0;
  let offGuard: (() => void) | null = null;
  /** Dialogs the user put off ("Not now") during this sign-in. */
  const putOff = new Set<KeyDialog>();

  const emit = (next: OwnCredentialSnapshot) => {
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch (error) {
        warn('a listener failed', error);
      }
    }
  };
  const update = (change: Partial<Omit<OwnCredentialSnapshot, 'status'>>) => emit({ ...state, ...change });
  const move = (next: OwnCredentialSnapshot) => {
    transition(state.status, next.status);
    emit(next);
  };
  /** A state that needs the user: its dialog opens unless they put it off. */
  const ask = (status: 'needs-new-key' | 'needs-unlock', change: Partial<OwnCredentialSnapshot> = {}) => {
    const dialog = status === 'needs-new-key' ? 'create' : 'unlock';
    move({ ...state, working: undefined, ...change, status, dialog: putOff.has(dialog) ? state.dialog : dialog });
  };
  const ready = async (k: DeviceKey) => {
    transition(state.status, 'ready');
    key = k;
    const services = await deps.credentials();
    if (key !== k) return;
    const { error: _e, working: _w, ...rest } = state;
    move({ ...rest, status: 'ready', fingerprint: services.readableFingerprint(k.fingerprintHex), fingerprintHex: k.fingerprintHex, notAfter: k.notAfter, dialog: null });
  };
  const publishing = createCredentialPublishing({
    ...deps,
    aor: () => aor,
    current: () => key,
    renewed: (k) => ready(k),
    onStatus: update,
  });
  /**
   * Works on a key (`working`, saying `what`): the key `obtain` gives is kept on this device, made ready and published;
   * a failure goes back to `failed(error)`. Work begun before a sign-out changes nothing after it.
   */
  const workOnKey = async (what: string, obtain: (services: CredentialServices) => Promise<DeviceKey>, failed: (error: unknown) => Pick<OwnCredentialSnapshot, 'status' | 'error'> & { dialog?: KeyDialog }) => {
    const mine = generation;
    move({ ...state, status: 'working', working: what, error: undefined });
    try {
      const k = await obtain(await deps.credentials());
      await deps.deviceKeys.put(k.aor, k);
      if (mine !== generation) return;
      serverCredential = null;
      await ready(k);
      await publishing.publish(k);
    } catch (error) {
      if (mine !== generation) return;
      move({ ...state, working: undefined, ...failed(error) });
    }
  };
  const makeKey = async (passphrase: string, what: string) => {
    if (!canTransition(state.status, 'working')) return;
    await workOnKey(
      what,
      (services) => services.createDeviceKey(aor, passphrase, deps.crypto, deps.keyIterations === undefined ? {} : { iterations: deps.keyIterations }),
      (error) => ({ status: key ? 'ready' : 'needs-new-key', error: `The key could not be made: ${isCoreError(error) ? error.message : String(error)}` }),
    );
  };

  /** A NOTIFY of the own `credential` subscription (RFC 6072 section 6). */
  const receive = async (notify: ReceivedNotify) => {
    if (notify.subscriptionId !== subscriptionId) return;
    const mine = generation;
    const signed = await deps.checkIdentity(aor, notify.message);
    if (mine !== generation || notify.subscriptionId !== subscriptionId) return;
    if (signed.kind !== 'signed') {
      warn(`a credential NOTIFY whose Identity does not verify was ignored (${signed.reason})`, signed.cause);
      update({ ignoredNotify: `A change to your key was ignored because the server did not prove it: ${signed.message}` });
      return;
    }
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
      warn('an unreadable credential NOTIFY was ignored', error);
      return;
    }
    if (notify.subscriptionId !== subscriptionId) return;
    const status = state.status;
    if (status === 'working') return;
    if (!parts) {
      if (key && deactivated) {
        // Revoked on another device: this key is no longer ours to use.
        await deps.deviceKeys.delete(aor).catch(() => undefined);
        if (mine !== generation) return;
        key = null;
        publishing.stop();
        move({ status: 'revoked', revokedBy: 'another-device', publication: 'none', dialog: null });
      } else if (key) {
        await publishing.publish(key);
      } else if (status !== 'revoked') {
        ask('needs-new-key');
      }
      deactivated = false;
      return;
    }
    deactivated = false;
    if (key && equalBytes(parts.certificate, key.certificateDer)) {
      if (!publishing.active) await publishing.publish(key);
      return;
    }
    if (!parts.encryptedKey) return;
    if (key && equalBytes(parts.encryptedKey, key.encryptedKey)) {
      // Another device renewed the certificate of this same key (RFC 6072 section 5): take it, no passphrase.
      try {
        const adopted = await (await deps.credentials()).adoptCertificate(key, parts.certificate, deps.crypto);
        await deps.deviceKeys.put(adopted.aor, adopted);
        if (mine !== generation) return;
        await ready(adopted);
        return;
      } catch (error) {
        warn('a renewed certificate does not fit this key', error);
      }
      if (mine !== generation) return;
    }
    // Another device made or rotated the key: stop publishing ours and ask for the passphrase.
    publishing.stop();
    serverCredential = parts;
    ask('needs-unlock', { error: undefined });
  };

  /** The own subscription ended for good while still checking: what this device holds decides. */
  const subscriptionChanged = (change: SubscriptionChange) => {
    if (change.id !== subscriptionId || change.state !== 'terminated') return;
    if (state.status !== 'checking') return;
    if (key) void ready(key);
    else ask('needs-new-key');
  };

  const offs = [
    deps.sip.on('notify', (notify) => {
      if (notify.event === 'credential') receive(notify).catch((error: unknown) => warn('a credential NOTIFY could not be handled', error));
    }),
    deps.sip.on('subscription', subscriptionChanged),
  ];

  return {
    get snapshot() {
      return state;
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    signer: () => (key && state.status === 'ready' ? { certificate: key.certificateDer, keys: key.keys } : null),
    start: async (account, serverUrl) => {
      const mine = ++generation;
      aor = account;
      move({ ...state, status: 'checking' });
      const stored = await deps.deviceKeys.get(aor).catch(() => undefined);
      if (mine !== generation) return;
      if (stored) await ready(stored);
      if (mine !== generation) return;
      const refusal = credentialTransportRefusal(serverUrl, aor, deps.credentialServers);
      if (refusal) {
        // Neither fetched nor published over this server: a key kept here is used as it is; none is asked for.
        warn('the credential package is not used over this server', refusal);
        publishing.stop();
        update({ transportRefused: refusal });
        if (!stored) move({ ...state, status: 'revoked', publication: 'none', dialog: null, transportRefused: refusal });
        return;
      }
      if (state.transportRefused) update({ transportRefused: undefined });
      deactivated = false;
      offGuard?.();
      // RFC 6072 (issue 5): a credential this device cannot read or use is answered 437 Unsupported Certificate.
      offGuard = deps.sip.guardNotifies('credential', async (notify) => {
        try {
          (await deps.credentials()).readCredentialNotify(notify.message);
          return undefined;
        } catch (error) {
          warn('an unusable credential NOTIFY is answered 437', error);
          return 437;
        }
      });
      subscriptionId = deps.sip.subscribe(aor, { event: 'credential', accept: CREDENTIAL_ACCEPT });
    },
    createKey: (passphrase) => makeKey(passphrase, 'Creating your key…'),
    rotateKey: (passphrase) => makeKey(passphrase, 'Making a new key…'),
    unlockKey: async (passphrase) => {
      const credential = serverCredential;
      if (!credential?.encryptedKey || !canTransition(state.status, 'working')) return;
      const encryptedKey = credential.encryptedKey;
      await workOnKey(
        'Unlocking your key…',
        (services) => services.unlockDeviceKey(aor, { certificateDer: credential.certificate, encryptedKey }, passphrase, deps.crypto),
        (error) => ({
          status: 'needs-unlock',
          dialog: 'unlock',
          error: isCoreError(error, 'wrong-passphrase') ? 'That passphrase does not open your key.' : `The key could not be unlocked: ${isCoreError(error) ? error.message : String(error)}`,
        }),
      );
    },
    revokeCertificate: async () => {
      if (!key || !canTransition(state.status, 'revoked')) return;
      const mine = generation;
      // With no publication of ours yet, Expires: 0 without SIP-If-Match revokes what the server holds.
      publishing.remove();
      await deps.deviceKeys.delete(aor).catch(() => undefined);
      // A sign-out, or a revocation NOTIFY, came first.
      if (mine !== generation || state.status === 'revoked') return;
      key = null;
      move({ status: 'revoked', revokedBy: 'this-device', publication: state.publication, dialog: null });
    },
    openDialog: (dialog) => {
      putOff.delete(dialog);
      update({ dialog, error: undefined });
    },
    closeDialog: () => {
      const dialog = state.dialog;
      if (dialog) putOff.add(dialog);
      update({ dialog: null, error: undefined });
    },
    reset: () => {
      generation++;
      publishing.stop();
      if (subscriptionId) deps.sip.unsubscribe(subscriptionId);
      offGuard?.();
      offGuard = null;
      subscriptionId = null;
      key = null;
      serverCredential = null;
      putOff.clear();
      if (state.status !== 'idle') transition(state.status, 'idle');
      emit(idle());
    },
    dispose: () => {
      offs.forEach((off) => off());
      listeners.clear();
    },
  };
}
