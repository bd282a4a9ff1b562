/** SipFailures in words a person can act on (docs/style.md convention 4). */
import type { SipFailure } from '../sip/sip-client.ts';

export type FailureContext = 'sign-in' | 'call' | 'message';

export function describeFailure(failure: SipFailure, context: FailureContext, target?: string): string {
  const who = target ?? 'They';
  switch (failure.kind) {
    case 'authentication':
      return context === 'sign-in' ? 'Wrong SIP address or password.' : 'The server refused the request: sign in again.';
    case 'network':
      return context === 'sign-in' ? 'Cannot reach the server. Check the server address and your connection.' : 'Lost the connection to the server.';
    case 'not-found':
      return context === 'sign-in' ? 'This SIP address is unknown to the server.' : `${who} is not a known address.`;
    case 'unavailable':
      return context === 'message' ? `${who} is offline: the message was not delivered.` : `${who} is not available right now.`;
    case 'busy':
      return `${who} is busy.`;
    case 'do-not-disturb':
      return context === 'call' ? `${who} does not take calls now.` : `${who} does not take calls or messages now.`;
    case 'rejected':
      return context === 'call' ? `${who} declined the call.` : `${who} refused the message.`;
    case 'canceled':
      return 'The call was canceled.';
    case 'answered-elsewhere':
      return 'Answered on another device.';
    case 'hung-up':
      return `${who} hung up.`;
    case 'connection-lost':
      return `Connection to ${target ?? 'them'} lost.`;
    case 'timeout':
      return context === 'sign-in' ? 'The server did not answer in time.' : `${who} did not answer in time.`;
    case 'not-encrypted':
      return notEncrypted(failure, context, target);
    case 'encryption-required':
      return encryptionRequired(failure, context, target);
    case 'incompatible':
      return context === 'call' ? `${who}’s phone cannot take this kind of call (it refused the audio or video offered).` : `${who}’s phone cannot take this kind of message.`;
    case 'media':
      return 'Cannot use the microphone or camera. Check the browser’s permissions.';
    default:
      return failure.detail ? `Something went wrong: ${failure.detail}` : 'Something went wrong.';
  }
}

export function failureOf(error: unknown): SipFailure {
  if (typeof error === 'object' && error !== null && 'failure' in error) {
    const f = (error as { failure: unknown }).failure;
    if (typeof f === 'object' && f !== null && 'kind' in f) return f as SipFailure;
  }
  return { kind: 'other', detail: error instanceof Error ? error.message : String(error) };
}

/** What kept a call or message from being end-to-end encrypted, in words. */
function missingWords(missing: SipFailure['missing'], target?: string): string {
  const who = target ?? 'they';
  switch (missing) {
    case 'own-key':
      return 'this device has no key (make one on the Security page)';
    case 'none':
      return `${who} has no certificate yet`;
    case 'rejected':
      return `the certificate the server gave for ${who} could not be verified`;
    default:
      return `the server did not provide ${target ? `${target}’s` : 'their'} certificate`;
  }
}

/** Only end-to-end encrypted calls and messages are wanted, and this one could not be: nothing was sent. */
function notEncrypted(failure: SipFailure, context: FailureContext, target?: string): string {
  const done = context === 'call' ? 'Not called' : 'Not sent';
  return `${done}: ${missingWords(failure.missing, target)}, so it cannot be end-to-end encrypted, and you chose only end-to-end encrypted calls and messages.`;
}

/** The peer accepts only end-to-end encrypted calls (or messages), and this one could not be encrypted. */
function encryptionRequired(failure: SipFailure, context: FailureContext, target?: string): string {
  const who = target ?? 'They';
  const what = context === 'message' ? 'messages' : 'calls';
  return `${who} accepts only end-to-end encrypted ${what}, and this one could not be encrypted: ${missingWords(failure.missing, target)}.`;
}
