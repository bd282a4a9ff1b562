/**
 * The services behind end-to-end protection, built once per app store from its deps (the own credential, the peer
 * certificate directory, the protection settings), and the secure layer's context (SipClient.useSecurity) made of
 * them alone: no call from src/sip reaches a store. The slices only mirror what the UI shows of them.
 */
import type { AuthServiceCertificates } from '../services/auth-service-certificates.ts';
import type { CertificateCache } from '../services/certificate-cache.ts';
import type { VerifiedKeyStore } from '../services/verified-keys.ts';
import type { DeviceKeyStore } from '../services/device-key.ts';
import type { CredentialServices } from '../services/load-credential-services.ts';
import { createOwnCredential, type OwnCredential } from '../services/own-credential.ts';
import { createPeerCertificateDirectory, type PeerCertificateDirectory } from '../services/peer-certificate-directory.ts';
import { peerKey } from '../services/sip-address.ts';
import { createProtectionSettings, type ProtectionSettings } from '../services/protection-settings.ts';
import type { SettingsStorage } from '../services/settings-storage.ts';
import { createPublication } from '../sip/publication.ts';
import type { SecurityContext, SipClient } from '../sip/sip-client.ts';
import { consoleLogger } from '../sip/sip-logger.ts';

export interface CertificateDeps {
  sip: SipClient;
  settings: SettingsStorage;
  deviceKeys: DeviceKeyStore;
  /** The crypto core, loaded on first use (services/load-credential-services.ts). */
  credentials: () => Promise<CredentialServices>;
  authServiceCertificates: AuthServiceCertificates;
  certificateCache: CertificateCache;
  /** Keys the person marked "Verified by you" (IndexedDB in the browser; memory when not given). */
  verifiedKeys?: VerifiedKeyStore;
  crypto: Crypto;
  now: () => number;
  /** PBKDF2 iterations of the published key blob; default the core's (about 0.5 s). Tests pass fewer. */
  keyIterations?: number;
  /** Credential server names besides the AOR's domain the key may go to over wss:// (services/credential-transport.ts). */
  credentialServers?: readonly string[];
}

export interface CertificateServices {
  ownCredential: OwnCredential;
  peerCertificates: PeerCertificateDirectory;
  protectionSettings: ProtectionSettings;
  /** Stops their listening to the SipClient. */
  dispose(): void;
}

export function createCertificateServices(deps: CertificateDeps): CertificateServices {
  const peerCertificates = createPeerCertificateDirectory(deps);
  const ownCredential = createOwnCredential({
    ...deps,
    publication: (aor) => createPublication(deps.sip, { target: aor, event: 'credential', log: consoleLogger }),
    checkIdentity: (aor, message) => peerCertificates.checkIdentity(aor, message),
  });
  return {
    ownCredential,
    peerCertificates,
    protectionSettings: createProtectionSettings(deps.settings),
    dispose: () => {
      ownCredential.dispose();
      peerCertificates.dispose();
    },
  };
}

/** What the secure layer (src/sip) asks, answered by the services; the crypto core is loaded lazily. */
export function securityContextOf(services: CertificateServices, deps: Pick<CertificateDeps, 'credentials' | 'crypto'>): SecurityContext {
  return {
    codec: async () => (await deps.credentials()).secureBodies,
    ownKey: () => services.ownCredential.signer(),
    cachedPeerCertificate: (aor) => services.peerCertificates.cached(aor),
    peerCertificate: (aor, options) => services.peerCertificates.awaitCertificate(aor, options),
    secureOnly: () => services.protectionSettings.secureOnly(),
    missingCertificate: (aor) => {
      const status = services.peerCertificates.byPeer[peerKey(aor)]?.status;
      return status === 'none' ? 'none' : status === 'rejected' ? 'rejected' : 'unanswered';
    },
    crypto: deps.crypto,
  };
}
