/**
 * The app's zustand store, built by a factory so that services are passed in (STYLE.md: no module-level
 * singletons). One slice per concern; the SipClient's events are wired to the slices' `receive*` actions here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBrowserCheckSlice, type BrowserCheckSlice } from './browser-check-slice.ts';
import { createSessionSlice, type SessionSlice } from './session-slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts';
import { createCallsSlice, type CallsSlice } from './calls-slice.ts';
import { createMessagesSlice, type MessagesSlice } from './messages-slice.ts';
import { createDirectorySlice, type DirectorySlice } from './directory-slice.ts';
import { createDevicesSlice, type DevicesSlice } from './devices-slice.ts';
import type { BrowserCheckService } from '../services/browser-check.ts';
import type { SettingsStorage } from '../services/settings-storage.ts';
import type { Directory } from '../services/directory.ts';
import type { SipClient } from '../sip/sip-client.ts';

export interface AppDeps {
  browserCheck: BrowserCheckService;
  sip: SipClient;
  settings: SettingsStorage;
  directory: Directory;
  /** The Server field's default, e.g. `defaultServerUrl(location.origin)`. */
  defaultServerUrl: string;
  now: () => number;
}

export type AppState = BrowserCheckSlice & SessionSlice & ConnectionSlice & CallsSlice & MessagesSlice & DirectorySlice & DevicesSlice;

export type AppStore = StoreApi<AppState> & { dispose: () => void };

export function createAppStore(deps: AppDeps): AppStore {
  const store = createStore<AppState>()((...a) => ({
    ...createBrowserCheckSlice(deps)(...a),
    ...createSessionSlice(deps)(...a),
    ...createConnectionSlice(deps)(...a),
    ...createCallsSlice(deps)(...a),
    ...createMessagesSlice(deps)(...a),
    ...createDirectorySlice(deps)(...a),
    ...createDevicesSlice()(...a),
  }));
  const s = () => store.getState();
  const off = [
    deps.sip.on('connection', (state) => s().receiveConnectionState(state)),
    deps.sip.on('registration', (state, failure) => s().receiveRegistrationState(state, failure)),
    deps.sip.on('call', (call) => s().receiveCall(call)),
    deps.sip.on('remoteStream', (id, stream) => s().receiveRemoteStream(id, stream)),
    deps.sip.on('localStream', (id, stream) => s().receiveLocalStream(id, stream)),
    deps.sip.on('message', (message) => s().receiveMessage(message)),
  ];
  return Object.assign(store, { dispose: () => off.forEach((f) => f()) });
}
