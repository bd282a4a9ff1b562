/** Connection and registration state as the SipClient reports them, with the reason of the last failure. */
import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionState, RegistrationState, SipFailure } from '../sip/sip-client.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { describeFailure } from './describe-failure.ts';

export interface ConnectionSlice {
  connection: { state: ConnectionState; registration: RegistrationState; failure: SipFailure | null };
  /** Driven by the SipClient's `connection` event. */
  receiveConnectionState: (state: ConnectionState) => void;
  /** Driven by the SipClient's `registration` event. */
  receiveRegistrationState: (state: RegistrationState, failure?: SipFailure) => void;
}

export const createConnectionSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], ConnectionSlice> =>
  (set, get) => ({
    connection: { state: deps.sip.connectionState, registration: deps.sip.registrationState, failure: null },
    receiveConnectionState: (state) => set({ connection: { ...get().connection, state } }),
    receiveRegistrationState: (registration, failure) =>
      set({ connection: { ...get().connection, registration, failure: failure ?? (registration === 'registered' ? null : get().connection.failure) } }),
  });

export const connectionSelectors = {
  state: (s: AppState) => s.connection.state,
  registration: (s: AppState) => s.connection.registration,
  /** One line for the Registration status element. */
  text: (s: AppState): string => {
    const { state, registration, failure } = s.connection;
    if (registration === 'failed') return `Not registered: ${failure ? describeFailure(failure, 'sign-in') : 'registration failed'}`;
    if (state === 'reconnecting') return 'Connection lost, reconnecting…';
    if (state === 'connecting') return 'Connecting…';
    if (registration === 'registered') return state === 'connected' ? 'Registered' : 'Registered, offline';
    if (registration === 'registering') return 'Registering…';
    if (state === 'disconnected') return 'Offline';
    return 'Not registered';
  },
  tone: (s: AppState): 'ok' | 'busy' | 'bad' => {
    const { state, registration } = s.connection;
    if (registration === 'registered' && state === 'connected') return 'ok';
    if (registration === 'failed' || state === 'disconnected') return 'bad';
    return 'busy';
  },
};
