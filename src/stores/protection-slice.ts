/**
 * End-to-end protection as people see it (docs/design.md "Secure calls"): the "Only end-to-end encrypted calls and
 * messages" choice, the short authentication string of each connected end-to-end encrypted call (from both DTLS
 * fingerprints, the same on both screens), and a downgrade warning when a peer reached encrypted before on this
 * device is not this time.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CallInfo } from '../sip/sip-client.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { peerKey } from './sip-address.ts';
import type { ProtectionSettings } from '../services/protection-settings.ts';

export interface ProtectionSlice {
  protection: {
    secureOnly: boolean;
    /** Short authentication strings by call id. */
    sasByCall: Record<string, string>;
    /** Calls that are not end-to-end encrypted although earlier calls with the same peer were. */
    downgradeByCall: Record<string, true>;
  };
  setSecureOnly: (on: boolean) => void;
  /** Called with every `call` event after the calls slice took it. */
  receiveCallProtection: (call: CallInfo) => void;
}

export const createProtectionSlice =
  (deps: AppDeps, settings: ProtectionSettings): StateCreator<AppState, [], [], ProtectionSlice> =>
  (set, get) => {
    const update = (change: Partial<ProtectionSlice['protection']>) => set({ protection: { ...get().protection, ...change } });
    const sasStarted = new Set<string>();
    return {
      protection: { secureOnly: settings.secureOnly(), sasByCall: {}, downgradeByCall: {} },
      setSecureOnly: (on) => {
        // The service first: the secure layer reads the choice there (certificate-services.ts).
        settings.setSecureOnly(on);
        update({ secureOnly: on });
      },
      receiveCallProtection: (call) => {
        const key = `${peerKey(get().session.aor)} ${peerKey(call.peer)}`;
        if (call.protection?.encrypted) settings.rememberEncrypted(key);
        const downgraded = call.protection !== undefined && !call.protection.encrypted && settings.encryptedBefore(key);
        if (downgraded && !get().protection.downgradeByCall[call.id]) update({ downgradeByCall: { ...get().protection.downgradeByCall, [call.id]: true } });
        // The four words only for an end-to-end encrypted call. There the peer's DTLS fingerprint came inside its signed
        // and encrypted SDP, so matching words prove the media keys are the ones its certified key vouched for, and the
        // person may then mark that key "Verified by you". On a clear call the fingerprints came in SDP every server on
        // the way could rewrite; words shown there would read as a promise the call does not keep and could not be
        // used to verify the peer's key, so none are shown (and a call that stops being encrypted loses its words).
        if (call.protection && !call.protection.encrypted && get().protection.sasByCall[call.id]) {
          const { [call.id]: _dropped, ...rest } = get().protection.sasByCall;
          update({ sasByCall: rest });
        }
        if (call.fingerprints && call.state === 'connected' && call.protection?.encrypted && !sasStarted.has(call.id)) {
          sasStarted.add(call.id);
          const { local, remote } = call.fingerprints;
          void deps
            .credentials()
            .then((services) => services.shortAuthenticationString(local, remote, deps.crypto))
            .then(
              (sas) => {
                if (get().calls.byId[call.id]?.protection?.encrypted !== false) update({ sasByCall: { ...get().protection.sasByCall, [call.id]: sas } });
              },
              (error: unknown) => console.warn('protection: cannot derive the short authentication string', error),
            );
        }
      },
    };
  };
