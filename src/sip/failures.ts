/** JsSIP causes and SIP status codes as SipFailure kinds (docs/style.md convention 4). */
import type { SipFailure } from './sip-client.ts';

/** JsSIP's `C.causes` values (JsSIP 3.13.8 Constants.js) that have a kind of their own. */
const BY_CAUSE: Record<string, SipFailure['kind']> = {
  Busy: 'busy',
  Rejected: 'rejected',
  Canceled: 'canceled',
  'Not Found': 'not-found',
  'Address Incomplete': 'not-found',
  Unavailable: 'unavailable',
  Redirected: 'unavailable',
  'Authentication Error': 'authentication',
  'Connection Error': 'network',
  'Request Timeout': 'timeout',
  'No Answer': 'timeout',
  Expires: 'timeout',
  'No ACK': 'timeout',
  'User Denied Media Access': 'media',
  'Incompatible SDP': 'media',
  'Missing SDP': 'media',
  'Bad Media Description': 'media',
  'RTP Timeout': 'media',
  'WebRTC Error': 'media',
};

/** A final status code's kind, when it says more than the cause (e.g. 403 on REGISTER is an authentication issue). */
function kindOfStatus(status: number): SipFailure['kind'] | undefined {
  switch (status) {
    case 401:
    case 403:
    case 407:
      return 'authentication';
    case 404:
    case 484:
    case 604:
      return 'not-found';
    case 408:
      return 'timeout';
    case 410:
    case 480:
      return 'unavailable';
    case 486:
    case 600:
      return 'busy';
    case 603:
      return 'rejected';
    case 487:
      return 'canceled';
    case 488:
    case 606:
      return 'incompatible';
    case 493:
    case 437:
      return 'encryption-required';
    default:
      return undefined;
  }
}

/**
 * The SipFailure for a JsSIP failure: its `cause` and, when there was one, the response's status and reason, and
 * whether the response required end-to-end encryption (X-SIP-SECURE-REQUIRES naming S/MIME, seed 000 section 4.3):
 * that is said as such, whatever the status, never as a microphone or media fault.
 */
export function failureFrom(cause: string | undefined, status?: number, reason?: string, requiresEncryption = false): SipFailure {
  const byStatus = status !== undefined ? kindOfStatus(status) : undefined;
  const kind = (requiresEncryption && status !== undefined && status >= 400 && status !== 401 && status !== 407 ? 'encryption-required' : byStatus) ?? (cause !== undefined ? BY_CAUSE[cause] : undefined) ?? 'other';
  const detail = reason && status !== undefined ? `${status} ${reason}` : (cause ?? (status !== undefined ? String(status) : 'unknown failure'));
  return status === undefined ? { kind, detail } : { kind, status, detail };
}
