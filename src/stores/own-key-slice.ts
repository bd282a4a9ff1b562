/**
 * This device's key as the UI shows it: its state (services/own-credential-state.ts has the diagram), fingerprint and
 * publication, the dialog on screen and what went wrong. The own credential service (services/own-credential.ts) does
 * the work; this slice mirrors its snapshot (createAppStore wires the mirror) and hands it the user's actions.
 */
import type { StateCreator } from 'zustand/vanilla';
import { assessPassphrase, type PassphraseAssessment, type PassphraseContext } from '../core/credentials/passphrase-strength.ts';
import type { OwnCredential, OwnCredentialSnapshot } from '../services/own-credential.ts';
import type { AppState } from './app-store.ts';

export type { OwnCredentialStatus as OwnKeyStatus } from '../services/own-credential-state.ts';

export interface OwnKeySlice {
  ownKey: OwnCredentialSnapshot;
  openKeyDialog: (dialog: 'create' | 'rotate' | 'unlock') => void;
  /** "Not now": the dialog stays closed until the user opens it from the Security page. */
  closeKeyDialog: () => void;
  createKey: (passphrase: string) => Promise<void>;
  unlockKey: (passphrase: string) => Promise<void>;
  rotateKey: (passphrase: string) => Promise<void>;
  revokeCertificate: () => Promise<void>;
}

export const createOwnKeySlice =
  (credential: OwnCredential): StateCreator<AppState, [], [], OwnKeySlice> =>
  () => ({
    ownKey: credential.snapshot,
    openKeyDialog: (dialog) => credential.openDialog(dialog),
    closeKeyDialog: () => credential.closeDialog(),
    createKey: (passphrase) => credential.createKey(passphrase),
    unlockKey: (passphrase) => credential.unlockKey(passphrase),
    rotateKey: (passphrase) => credential.rotateKey(passphrase),
    revokeCertificate: () => credential.revokeCertificate(),
  });

/** The strength hint under "Key passphrase" (src/core/credentials/passphrase-strength.ts). */
export function passphraseHint(passphrase: string, context: PassphraseContext): PassphraseAssessment {
  return assessPassphrase(passphrase, context);
}

export const ownKeySelectors = {
  ownKey: (s: AppState) => s.ownKey,
  status: (s: AppState) => s.ownKey.status,
};
