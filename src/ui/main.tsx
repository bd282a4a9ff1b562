import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { AppStoreProvider } from './store-context.tsx';
import { createAppStore } from '../stores/app-store.ts';
import { defaultServerUrl } from '../stores/session-slice.ts';
import { createSipDomainLookup } from '../services/sip-domain.ts';
import { createBrowserCheckService } from '../services/browser-check-service.ts';
import { createBrowserSettingsStorage } from '../services/settings-storage.ts';
import { createBrowserDirectory } from '../services/directory.ts';
import { createBrowserHistoryRecords } from '../services/history-records.ts';
import { createMessageHistory } from '../services/message-history.ts';
import { createBrowserMediaDevices } from '../services/media-devices.ts';
import { createWebAudioRinger } from '../services/ringer.ts';
import { createBrowserAudioCheck } from '../services/audio-check.ts';
import { createBrowserNotifications } from '../services/notifications.ts';
import { createBrowserDeviceKeyStore } from '../services/device-key-store.ts';
import { createBrowserCertificateCache } from '../services/certificate-cache.ts';
import { createBrowserVerifiedKeyStore } from '../services/verified-keys.ts';
import { createFingerprintScanner } from '../services/fingerprint-scanner.ts';
import { createAuthServiceCertificates } from '../services/auth-service-certificates.ts';
import { loadCredentialServices } from '../services/load-credential-services.ts';
import { createJsSipClient } from '../sip/jssip-client.ts';
import { watchMediaPermission } from '../services/media-permission.ts';
import './styles.css';

const store = createAppStore({
  browserCheck: createBrowserCheckService(globalThis.crypto),
  sip: createJsSipClient({ crypto: globalThis.crypto, mediaAllowed: watchMediaPermission() }),
  settings: createBrowserSettingsStorage(),
  directory: createBrowserDirectory(),
  messageHistory: createMessageHistory(createBrowserHistoryRecords(), globalThis.crypto, (what, error) => console.warn(`history: ${what}`, error)),
  mediaDevices: createBrowserMediaDevices(),
  ringer: createWebAudioRinger(),
  audioCheck: createBrowserAudioCheck(),
  notifications: createBrowserNotifications(),
  crypto: globalThis.crypto,
  credentials: loadCredentialServices,
  deviceKeys: createBrowserDeviceKeyStore(),
  certificateCache: createBrowserCertificateCache(),
  verifiedKeys: createBrowserVerifiedKeyStore(),
  fingerprintScanner: createFingerprintScanner(),
  authServiceCertificates: createAuthServiceCertificates({ fetch: (url, init) => globalThis.fetch(url, init) }),
  defaultServerUrl: defaultServerUrl(location.origin),
  sipDomainOf: createSipDomainLookup(),
  // Credential server names besides the AOR's domain, set when the app is built: VITE_CREDENTIAL_SERVERS=a.example,b.example.
  credentialServers: (import.meta.env.VITE_CREDENTIAL_SERVERS ?? '').split(',').map((name: string) => name.trim()).filter(Boolean),
  now: () => Date.now(),
});

// A sign-in the user left with the password remembered resumes by itself (session-slice.ts).
void store.getState().resumeSession();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
