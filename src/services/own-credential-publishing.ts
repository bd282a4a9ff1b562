/**
 * Keeps this device's credential published (RFC 3903 through the user agent's publication, which refreshes it and
 * republishes after a reconnect) until its certificate's end, so peers find it while this browser is closed, and
 * renews the certificate of the same key in its renewal window (RFC 6072 section 5; the window: docs/certificates.md).
 */
import type { DeviceKey, DeviceKeyStore } from './device-key.ts';
import type { CredentialServices } from './load-credential-services.ts';
import type { Publication } from './user-agent-port.ts';

export interface CredentialPublishingDeps {
  /** A publication of the `credential` package for `aor`. */
  publication: (aor: string) => Publication;
  deviceKeys: DeviceKeyStore;
  credentials: () => Promise<CredentialServices>;
  crypto: Crypto;
  /** The signed-in AOR. */
  aor: () => string;
  /** The key in use now: work begun for another one is dropped. */
  current: () => DeviceKey | null;
  /** The same key with a renewed certificate, stored: make it the one in use. */
  renewed: (key: DeviceKey) => Promise<void>;
  /** The publication's phase (`none` once stopped) and its last failure in words. */
  onStatus: (change: { publication: string; publicationFailure?: string }) => void;
}

export interface CredentialPublishing {
  /** Publishes `key`'s credential until its certificate's end, or renews the certificate first when it is due. */
  publish(key: DeviceKey): Promise<void>;
  /** Expires: 0 (RFC 6072 section 6: revocation). */
  remove(): void;
  /** Stops publishing and renewing (the server keeps what it has until it expires). */
  stop(): void;
  /** Whether a publication is under way. */
  readonly active: boolean;
}

/** Timers are capped near 24.8 days, so the renewal is looked at least daily (and not more than once a minute). */
const MIN_CHECK_MS = 60_000;
const MAX_CHECK_MS = 86_400_000;

export function createCredentialPublishing(deps: CredentialPublishingDeps): CredentialPublishing {
  let publication: Publication | null = null;
  let renewTimer: ReturnType<typeof setTimeout> | null = null;

  const ensure = (): Publication => {
    if (!publication) {
      publication = deps.publication(deps.aor());
      publication.onStatus((s) => deps.onStatus({ publication: s.phase, publicationFailure: s.failure }));
    }
    return publication;
  };
  const publish = async (k: DeviceKey): Promise<void> => {
    const services = await deps.credentials();
    if (deps.current() !== k) return;
    const renewal = services.renewalOf(k, () => new Date());
    if (renewal.due) {
      await renew(k);
      return;
    }
    ensure().publish(services.credentialBodyOf(k, deps.crypto), renewal.expiresSeconds);
    // Check again at renewAt.
    if (renewTimer) clearTimeout(renewTimer);
    renewTimer = setTimeout(() => void (deps.current() === k && publish(k)), Math.min(Math.max(renewal.renewAt - Date.now(), MIN_CHECK_MS), MAX_CHECK_MS));
  };
  /** RFC 6072 section 5: a new certificate for the same key before notAfter; no passphrase needed. */
  const renew = async (k: DeviceKey): Promise<void> => {
    try {
      const services = await deps.credentials();
      const renewed = await services.renewDeviceKey(k, deps.crypto);
      if (deps.current() !== k) return;
      await deps.deviceKeys.put(renewed.aor, renewed);
      await deps.renewed(renewed);
      await publish(renewed);
    } catch (error) {
      console.warn('credentials: renewing the certificate failed', error);
    }
  };

  return {
    publish,
    remove: () => ensure().remove(),
    stop: () => {
      if (renewTimer) clearTimeout(renewTimer);
      renewTimer = null;
      publication?.dispose();
      publication = null;
      deps.onStatus({ publication: 'none' });
    },
    get active() {
      return publication !== null;
    },
  };
}
