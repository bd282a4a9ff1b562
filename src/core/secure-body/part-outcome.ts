/** What opening one S/MIME part gave: the verified content and who signed it, or why it cannot be used. */
import type { ClearReason } from './clear-reason.ts';

export interface OpenedPart {
  ok: true;
  /** The signed content (a MIME entity, RFC 3261 section 23.4.1.1). */
  content: Uint8Array;
  /** The signer certificate's subjectAltName URI that equals the From AOR. */
  signerAor: string;
}

export interface UnusablePart {
  ok: false;
  reason: ClearReason;
  /** The technical cause, for logs and the "(...)" after the reason text. */
  detail: string;
}

export type PartOutcome = OpenedPart | UnusablePart;

export function unusable(reason: ClearReason, detail: string): UnusablePart {
  return { ok: false, reason, detail };
}
