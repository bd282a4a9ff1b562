/**
 * End-to-end protection as people see it (DESIGN.md "Secure calls"): the "Only end-to-end encrypted calls and
 * messages" choice, the short authentication string of each connected call (from both DTLS fingerprints, the same on
 * both screens), and a downgrade warning when a peer reached encrypted before on this device is not this time.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CallInfo } from '../sip/sip-client.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { peerKey } from './sip-address.ts';

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
  (deps: AppDeps): StateCreator<AppState, [], [], ProtectionSlice> =>
  (set, get) => {
    const stored = deps.settings.loadSecurity();
    const encryptedPeers = new Set(stored.encryptedPeers);
    const save = () => deps.settings.saveSecurity({ secureOnly: get().protection.secureOnly, encryptedPeers: [...encryptedPeers] });
    const update = (change: Partial<ProtectionSlice['protection']>) => set({ protection: { ...get().protection, ...change } });
    const sasStarted = new Set<string>();
    return {
      protection: { secureOnly: stored.secureOnly, sasByCall: {}, downgradeByCall: {} },
      setSecureOnly: (on) => {
        update({ secureOnly: on });
        save();
      },
      receiveCallProtection: (call) => {
        const key = `${peerKey(get().session.aor)} ${peerKey(call.peer)}`;
        if (call.protection?.encrypted && !encryptedPeers.has(key)) {
          encryptedPeers.add(key);
          save();
        }
        const downgraded = call.protection !== undefined && !call.protection.encrypted && encryptedPeers.has(key);
        if (downgraded && !get().protection.downgradeByCall[call.id]) update({ downgradeByCall: { ...get().protection.downgradeByCall, [call.id]: true } });
        if (call.fingerprints && call.state === 'connected' && !sasStarted.has(call.id)) {
          sasStarted.add(call.id);
          const { local, remote } = call.fingerprints;
          void deps
            .credentials()
            .then((services) => services.shortAuthenticationString(local, remote, deps.crypto))
            .then(
              (sas) => update({ sasByCall: { ...get().protection.sasByCall, [call.id]: sas } }),
              (error: unknown) => console.warn('protection: cannot derive the short authentication string', error),
            );
        }
      },
    };
  };

/** "End-to-end encrypted · verified sip:bob@…" or "Not end-to-end encrypted: <reason>" (QA contract, docs/qa.md). */
export function protectionText(call: CallInfo): string | null {
  const p = call.protection;
  if (!p) return null;
  return p.encrypted ? `End-to-end encrypted · verified ${p.verifiedPeer.replace(/^sips?:/, '')}` : `Not end-to-end encrypted: ${p.reason}`;
}
