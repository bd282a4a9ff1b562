/**
 * The app's zustand store, built by a factory so that services are passed in (docs/style.md, zustand: no module-level
 * singletons). One slice per concern; the SipClient's events are wired to the slices' `receive*` actions here, the
 * certificate services (certificate-services.ts) to the SipClient's secure layer and to the slices that mirror them,
 * and the store's changes to the services that ring, notify, list devices and follow the sign-in.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBrowserCheckSlice, type BrowserCheckSlice } from './browser-check-slice.ts';
import { createSessionSlice, type SessionSlice } from './session-slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts';
import { createCallsSlice, type CallsSlice } from './calls-slice.ts';
import { createMessagesSlice, type MessagesSlice } from './messages-slice.ts';
import { createDirectorySlice, type DirectorySlice } from './directory-slice.ts';
import { createDevicesSlice, type DevicesSlice } from './devices-slice.ts';
import { createOwnKeySlice, type OwnKeySlice } from './own-key-slice.ts';
import { createPeerCertificatesSlice, type PeerCertificatesSlice } from './peer-certificates-slice.ts';
import { createProtectionSlice, type ProtectionSlice } from './protection-slice.ts';
import { createFingerprintScanSlice, type FingerprintScanSlice } from './fingerprint-scan-slice.ts';
import type { FingerprintScanner } from '../services/fingerprint-scanner.ts';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.ts';
import type { AudioCheck } from '../services/audio-check.ts';
import type { BrowserCheckService } from '../services/browser-check.ts';
import type { SipDomainLookup } from '../services/sip-domain.ts';
import type { SettingsStorage } from '../services/settings-storage.ts';
import type { Directory } from '../services/directory.ts';
import type { MediaDevicesService } from '../services/media-devices.ts';
import type { Ringer, Tone } from '../services/ringer.ts';
import { afterThisTask } from './after-this-task.ts';
import type { Notifications } from '../services/notifications.ts';
import type { SipClient } from '../sip/sip-client.ts';
import type { PeerCertificateDirectory } from '../services/peer-certificate-directory.ts';
import { notificationsFor, toneFor } from './alerts.ts';
import { createCertificateServices, securityContextOf, type CertificateDeps, type CertificateServices } from './certificate-services.ts';
import { normalizeAor } from './sip-address.ts';
import type { MessageHistory } from '../services/message-history.ts';
import type { ConversationMessage } from './conversation-history.ts';

export interface AppDeps extends CertificateDeps {
  browserCheck: BrowserCheckService;
  sip: SipClient;
  settings: SettingsStorage;
  directory: Directory;
  /** The conversations kept on this device, encrypted (services/message-history.ts). */
  messageHistory: MessageHistory<ConversationMessage>;
  mediaDevices: MediaDevicesService;
  ringer: Ringer;
  notifications: Notifications;
  /** The camera and QR reader of "Scan a fingerprint"; without it the scan says there is no camera. */
  fingerprintScanner?: FingerprintScanner;
  /** The Settings page's microphone meter and test tone; absent where there is no Web Audio (the page says so). */
  audioCheck?: AudioCheck;
  /** The Server field's default, e.g. `defaultServerUrl(location.origin)`. */
  defaultServerUrl: string;
  /** The SIP domain a server says it serves (src/services/sip-domain.ts), for a bare user name at sign-in. */
  sipDomainOf?: SipDomainLookup;
  now: () => number;
}

export type AppState = BrowserCheckSlice &
  SessionSlice &
  ConnectionSlice &
  CallsSlice &
  MessagesSlice &
  DirectorySlice &
  DevicesSlice &
  OwnKeySlice &
  PeerCertificatesSlice &
  ProtectionSlice &
  FingerprintScanSlice &
  SettingsSlice;

export type AppStore = StoreApi<AppState> & { dispose: () => void };

export function createAppStore(deps: AppDeps): AppStore {
  const services = createCertificateServices(deps);
  const store = createStore<AppState>()((...a) => ({
    ...createBrowserCheckSlice(deps)(...a),
    ...createSessionSlice(deps)(...a),
    ...createConnectionSlice(deps)(...a),
    ...createCallsSlice(deps)(...a),
    ...createMessagesSlice(deps)(...a),
    ...createDirectorySlice(deps)(...a),
    ...createDevicesSlice(deps)(...a),
    ...createOwnKeySlice(services.ownCredential)(...a),
    ...createPeerCertificatesSlice(services.peerCertificates)(...a),
    ...createProtectionSlice(deps, services.protectionSettings)(...a),
    ...createFingerprintScanSlice(deps.fingerprintScanner)(...a),
    ...createSettingsSlice(deps)(...a),
  }));
  const s = () => store.getState();
  const off = [
    deps.sip.on('connection', (state) => s().receiveConnectionState(state)),
    deps.sip.on('registration', (state, failure) => {
      s().receiveRegistrationState(state, failure);
      s().messagesOnline(state === 'registered');
    }),
    deps.sip.on('call', (call) => {
      s().receiveCall(call);
      s().receiveCallProtection(call);
    }),
    deps.sip.on('remoteStream', (id, stream) => s().receiveRemoteStream(id, stream)),
    deps.sip.on('localStream', (id, stream) => {
      s().receiveLocalStream(id, stream);
      // The first microphone of a call lets the browser name the devices.
      if (!s().devices.lists.named) void s().refreshDevices();
    }),
    deps.sip.on('message', (message) => s().receiveMessage(message)),
    deps.sip.on('refused', (refused) => s().receiveRefusal(refused)),
    deps.mediaDevices.onChange(() => void s().refreshDevices()),
    // The slices mirror what the UI shows of the certificate services.
    services.ownCredential.onChange((ownKey) => store.setState({ ownKey })),
    services.peerCertificates.onChange((byPeer) => store.setState({ peerCertificates: { byPeer } })),
    services.dispose,
  ];
  // End-to-end protection of calls and messages (src/sip/secure-layer.ts): keys, certificates and the user's choice
  // come from the services, never from the store.
  deps.sip.useSecurity(securityContextOf(services, deps));
  const alerts = effects(deps, services, s);
  off.push(store.subscribe(alerts.onChange), alerts.silence);
  return Object.assign(store, { dispose: () => off.forEach((f) => f()) });
}

/** What the services do when the state changes: ask, list, ring, notify and follow the sign-in. */
function effects(deps: AppDeps, services: CertificateServices, s: () => AppState) {
  let tone: Tone | null = null;
  /** The tone the ringer was last told. */
  let told: Tone | null = null;
  let toneDue = false;
  const tell = () => {
    if (tone === told) return;
    told = tone;
    deps.ringer.play(told);
  };
  /**
   * The ringer hears of a new tone after this task: starting one sets up Web Audio (milliseconds on the main
   * thread), which must not come before the incoming call's Answer button is on screen. Changes within one task
   * come to the last of them.
   */
  const play = (next: Tone | null) => {
    if (next === tone) return;
    tone = next;
    if (toneDue) return;
    toneDue = true;
    void afterThisTask().then(() => {
      toneDue = false;
      tell();
    });
  };
  const silence = () => {
    tone = null;
    tell();
  };
  const onChange = (next: AppState, prev: AppState) => {
    if (next.session.status !== prev.session.status) {
      // Still inside the Sign in click: browsers accept a permission request only from a user gesture, which the
      // automatic sign-in of a load (`resuming`) is not; the next Sign in click asks.
      if (next.session.status === 'signing-in' && !next.session.resuming) deps.notifications.requestPermission();
      if (next.session.status === 'signed-in') {
        services.peerCertificates.start({ aor: next.session.aor, serverUrl: next.session.serverUrl });
        void s().refreshDevices();
        void services.ownCredential.start(normalizeAor(next.session.aor) ?? '', next.session.serverUrl);
      }
      if (next.session.status === 'signed-out') {
        services.ownCredential.reset();
        services.peerCertificates.reset();
      }
    }
    play(toneFor(next));
    if (next.calls !== prev.calls || next.messages !== prev.messages) {
      const { show, close } = notificationsFor(prev, next, () => deps.notifications.environment());
      close.forEach((tag) => deps.notifications.close(tag));
      show.forEach((n) => deps.notifications.show(n));
    }
    // Last: subscribing changes the state again, and the listeners above must have seen `next` first.
    if (next.session.status === 'signed-in') watchPeers(services.peerCertificates, next, prev);
  };
  return { onChange, silence };
}

/** RFC 6072 section 4: the certificate of every contact and every peer of a call or message is subscribed to. */
function watchPeers(directory: PeerCertificateDirectory, next: AppState, prev: AppState): void {
  const changed = next.session.status !== prev.session.status || next.directory !== prev.directory || next.calls.byId !== prev.calls.byId;
  if (!changed) return;
  const peers = new Set<string>(next.directory.contacts.map((c) => c.aor));
  if (next.directory.selectedPeer) peers.add(next.directory.selectedPeer);
  for (const call of Object.values(next.calls.byId)) peers.add(call.peer);
  for (const peer of peers) directory.watch(peer);
}
