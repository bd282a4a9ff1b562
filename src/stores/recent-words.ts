/** What the Recent list says of a call's outcome (issue 17: answered elsewhere, refused and why, in plain words). */
import type { CallRecord } from '../services/directory.ts';
import { displayAor } from './sip-address.ts';

const OUTCOME: Record<Exclude<CallRecord['outcome'], 'refused'>, string> = {
  answered: '',
  missed: 'missed',
  declined: 'declined',
  canceled: 'canceled',
  failed: 'failed',
  'answered-elsewhere': 'Answered on another device',
  'do-not-disturb': 'refused: do not disturb was on',
};

/** The outcome in words; '' for an answered call (its duration says it). */
export function outcomeWords(record: CallRecord): string {
  if (record.outcome !== 'refused') return OUTCOME[record.outcome];
  const what = `${displayAor(record.peer)}’s ${record.refusal?.what ?? 'call'}`;
  switch (record.refusal?.reason) {
    case 'undecipherable':
      return `Refused: ${what} was encrypted in a way this device could not open`;
    case 'headers-mismatch':
      return `Refused: ${what} did not match its signed headers (altered or replayed)`;
    case 'unreadable':
      return `Refused: ${what} could not be read`;
    default:
      return `Refused: ${what} was not end-to-end encrypted`;
  }
}
