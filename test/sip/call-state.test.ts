/** The call state machine (src/sip/call-state.ts): every move of its diagram, and none other. */
import { describe, expect, it } from 'vitest';
import { InvalidStateTransitionError, nextCallState } from '../../src/sip/call-state.ts';
import type { CallState } from '../../src/sip/sip-client.ts';

const STATES: CallState[] = ['connecting', 'ringing', 'connected', 'ended'];
const ALLOWED = new Set(['connecting>ringing', 'connecting>connected', 'connecting>ended', 'ringing>connecting', 'ringing>connected', 'ringing>ended', 'connected>ended']);

describe('nextCallState', () => {
  for (const from of STATES) {
    for (const to of STATES) {
      const allowed = from === to || ALLOWED.has(`${from}>${to}`);
      it(`${from} -> ${to} ${allowed ? 'is allowed' : 'throws'}`, () => {
        if (allowed) expect(nextCallState(from, to)).toBe(to);
        else expect(() => nextCallState(from, to)).toThrow(new InvalidStateTransitionError(from, to));
      });
    }
  }
  it('names both states in the error', () => {
    expect(() => nextCallState('ended', 'connected')).toThrow('Invalid state transition from ended to connected');
  });
});
