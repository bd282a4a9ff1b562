/**
 * The life of one call, as `CallInfo.state` shows it:
 *
 *   outgoing:  connecting --18x--> ringing --2xx--> connected --BYE, hang-up--> ended
 *                   \------------------2xx------------^
 *   incoming:  ringing --Answer--> connecting --200 OK sent, ACK--> connected --> ended
 *   any live state --failure, CANCEL, decline, hang-up, sign-out--> ended (for good)
 *
 * (RFC 3261 sections 13 and 17.1.1: provisional responses, then one final; a dialog ends with BYE.) A call set
 * moves a call only through `nextCallState`, which throws on any other move: a bug, not a state to show.
 */
import type { CallState } from './sip-client.ts';

const NEXT: Readonly<Record<CallState, readonly CallState[]>> = {
  connecting: ['ringing', 'connected', 'ended'],
  ringing: ['connecting', 'connected', 'ended'],
  connected: ['ended'],
  ended: [],
};

export class InvalidStateTransitionError extends Error {
  constructor(from: CallState, to: CallState) {
    super(`Invalid state transition from ${from} to ${to}`);
    this.name = 'InvalidStateTransitionError';
  }
}

/** `to` when a call in `from` may move there (staying put is no move); throws InvalidStateTransitionError otherwise. */
export function nextCallState(from: CallState, to: CallState): CallState {
  if (from === to || NEXT[from].includes(to)) return to;
  throw new InvalidStateTransitionError(from, to);
}
