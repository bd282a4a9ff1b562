/**
 * Where this device's key and its credential on the server are (RFC 6072 sections 4-6), as an explicit state machine:
 *
 *   idle --start (signed in)--> checking
 *   checking --(credential NOTIFY, or the subscription ended)--> ready          our key is the one published (or none is)
 *                                                             \-> needs-new-key  no key here, none on the server
 *                                                             \-> needs-unlock   the server holds a key this device lacks
 *                                                             \-> revoked        revoked on another device meanwhile
 *   needs-new-key | revoked --createKey--> working --> ready | needs-new-key (failed)
 *   needs-unlock --unlockKey--> working --> ready | needs-unlock (wrong passphrase)
 *   ready --rotateKey--> working --> ready
 *   ready --revokeCertificate, or a NOTIFY with reason=deactivated (rfc6072#section-6)--> revoked
 *   ready --renewed, same key (rfc6072#section-5)--> ready
 *   ready | needs-new-key | needs-unlock | revoked --NOTIFY: another device made or rotated the key--> needs-unlock
 *   needs-unlock --NOTIFY: no credential--> needs-new-key;  --our key renewed elsewhere--> ready;  --deactivated--> revoked
 *   needs-unlock --createKey | rotateKey (a dialog still open)--> working
 *   needs-new-key | needs-unlock --the same NOTIFY again--> itself
 *   any --reset (signed out)--> idle
 *
 * `transition` is the only way between states: anything else throws `Invalid state transition from X to Y`. The
 * snapshot is the state as the UI shows it.
 */

export type OwnCredentialStatus = 'idle' | 'checking' | 'needs-new-key' | 'needs-unlock' | 'working' | 'ready' | 'revoked';

export const OWN_CREDENTIAL_TRANSITIONS: Readonly<Record<OwnCredentialStatus, readonly OwnCredentialStatus[]>> = {
  idle: ['checking'],
  checking: ['ready', 'needs-new-key', 'needs-unlock', 'revoked', 'idle'],
  'needs-new-key': ['working', 'needs-new-key', 'needs-unlock', 'idle'],
  'needs-unlock': ['working', 'needs-unlock', 'needs-new-key', 'ready', 'revoked', 'idle'],
  working: ['ready', 'needs-new-key', 'needs-unlock', 'idle'],
  ready: ['ready', 'working', 'needs-unlock', 'revoked', 'idle'],
  revoked: ['working', 'needs-unlock', 'idle'],
};

/** The dialog on screen: "Protect your key" (create, rotate) or "Unlock your key". */
export type KeyDialog = 'create' | 'rotate' | 'unlock';

/** What the UI shows of the own credential. */
export interface OwnCredentialSnapshot {
  status: OwnCredentialStatus;
  /** `AB12 CD34 ...` of our certificate, when ready. */
  fingerprint?: string;
  fingerprintHex?: string;
  notAfter?: number;
  /** publishing / published / failed..., from the publication. */
  publication: string;
  publicationFailure?: string;
  /** What went wrong with the last action, for the dialog (wrong passphrase...). */
  error?: string;
  /**
   * A credential NOTIFY that was not acted on because its Identity did not verify (RFC 6072 section 8): what it was,
   * in words, for the Security page. It stays until sign-out: a later NOTIFY that verifies does not undo the attempt.
   */
  ignoredNotify?: string;
  /** Why the credential package is not used over the server signed in to (credential-transport.ts), in words. */
  transportRefused?: string;
  /** Who revoked the key, when revoked: the person on this device, or a credential NOTIFY (reason=deactivated). */
  revokedBy?: 'this-device' | 'another-device';
  /** Set while working: what for, in words. */
  working?: string;
  dialog: KeyDialog | null;
}

/** Whether the diagram above has an arrow from `from` to `to`. */
export function canTransition(from: OwnCredentialStatus, to: OwnCredentialStatus): boolean {
  return OWN_CREDENTIAL_TRANSITIONS[from].includes(to);
}

/** `to`, when the diagram allows it from `from`; throws otherwise. */
export function transition(from: OwnCredentialStatus, to: OwnCredentialStatus): OwnCredentialStatus {
  if (!canTransition(from, to)) throw new Error(`Invalid state transition from ${from} to ${to}`);
  return to;
}
