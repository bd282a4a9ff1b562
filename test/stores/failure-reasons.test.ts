/**
 * One mapping from SIP responses and security refusals to sentences (issue 17 deliverable 2), as a table: what the
 * caller or sender reads for each final response, through failureFrom (src/sip/failures.ts) and describeFailure.
 * Before, a refusal for want of encryption (488 with X-SIP-SECURE-REQUIRES) read "Cannot use the microphone or camera".
 */
import { describe, expect, it } from 'vitest';
import { failureFrom } from '../../src/sip/failures.ts';
import { describeFailure, type FailureContext } from '../../src/stores/describe-failure.ts';

const BOB = 'bob@example.com';

type Row = [status: number, reason: string, requiresEncryption: boolean, context: FailureContext, sentence: string | RegExp];

const ROWS: Row[] = [
  [488, 'Not Acceptable Here', true, 'call', `${BOB} accepts only end-to-end encrypted calls, and this one could not be encrypted: the server did not provide ${BOB}’s certificate.`],
  [606, 'Not Acceptable', true, 'call', /accepts only end-to-end encrypted calls/],
  [488, 'Not Acceptable Here', true, 'message', /accepts only end-to-end encrypted messages/],
  [493, 'Undecipherable', false, 'call', /accepts only end-to-end encrypted calls/],
  [488, 'Not Acceptable Here', false, 'call', `${BOB}’s phone cannot take this kind of call (it refused the audio or video offered).`],
  [606, 'Not Acceptable', false, 'call', /cannot take this kind of call/],
  [480, 'Temporarily Unavailable', false, 'call', `${BOB} is not available right now.`],
  [480, 'Temporarily Unavailable', false, 'message', `${BOB} is offline: the message was not delivered.`],
  [486, 'Busy Here', false, 'call', `${BOB} is busy.`],
  [600, 'Busy Everywhere', false, 'call', `${BOB} is busy.`],
  [603, 'Decline', false, 'call', `${BOB} declined the call.`],
  [404, 'Not Found', false, 'call', `${BOB} is not a known address.`],
  [604, 'Does Not Exist Anywhere', false, 'call', `${BOB} is not a known address.`],
  [408, 'Request Timeout', false, 'call', `${BOB} did not answer in time.`],
  [487, 'Request Terminated', false, 'call', 'The call was canceled.'],
  [403, 'Forbidden', false, 'call', 'The server refused the request: sign in again.'],
  [500, 'Server Internal Error', false, 'call', 'Something went wrong: 500 Server Internal Error'],
];

describe('failure reasons', () => {
  for (const [status, reason, requires, context, sentence] of ROWS) {
    it(`${status}${requires ? ' with X-SIP-SECURE-REQUIRES' : ''} (${context})`, () => {
      const failure = failureFrom('SIP Failure Code', status, reason, requires);
      const text = describeFailure(failure, context, BOB);
      if (typeof sentence === 'string') expect(text).toBe(sentence);
      else expect(text).toMatch(sentence);
      expect(text).not.toMatch(/microphone|camera/);
    });
  }

  it('a refusal for want of encryption names what was missing when the retry could not encrypt', () => {
    const own = describeFailure({ kind: 'encryption-required', status: 488, detail: '488', missing: 'own-key' }, 'call', BOB);
    expect(own).toBe(`${BOB} accepts only end-to-end encrypted calls, and this one could not be encrypted: this device has no key (make one on the Security page).`);
    expect(describeFailure({ kind: 'encryption-required', detail: '488', missing: 'none' }, 'message', BOB)).toMatch(/bob@example.com has no certificate yet\.$/);
  });
});
