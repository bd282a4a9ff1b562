/** Which of the secure layer's own answers are refusals the callee's Recent keeps (src/sip/refused-request.ts). */
import { describe, expect, it } from 'vitest';
import { SipHeaders, type SipRequest } from '../../src/core/sip/index.ts';
import { refusedRequest } from '../../src/sip/refused-request.ts';

function request(method: string, to = '<sip:bob@example.com>', body = ''): SipRequest {
  const headers = new SipHeaders([['From', '"Alice" <sip:alice@example.com>;tag=a1'], ['To', to], ['Call-ID', 'c1'], ['CSeq', `1 ${method}`], ['Content-Type', 'application/sdp']]);
  return { kind: 'request', method, uri: 'sip:bob@example.com', headers, body: new TextEncoder().encode(body) };
}

describe('refusedRequest', () => {
  it.each([
    { name: 'a clear call while encrypted-only', req: request('INVITE', undefined, 'v=0\r\nm=audio 9 RTP/AVP 0\r\n'), status: 488, want: { what: 'call', reason: 'not-encrypted', video: false } },
    { name: 'a clear video call', req: request('INVITE', undefined, 'v=0\r\nm=audio 9 RTP/AVP 0\r\nm=video 9 RTP/AVP 96\r\n'), status: 488, want: { what: 'call', reason: 'not-encrypted', video: true } },
    { name: 'an undecipherable message', req: request('MESSAGE'), status: 493, want: { what: 'message', reason: 'undecipherable', video: false } },
    { name: 'a replayed call', req: request('INVITE'), status: 403, want: { what: 'call', reason: 'headers-mismatch', video: false } },
  ])('$name', ({ req, status, want }) => {
    expect(refusedRequest(req, status, 5)).toEqual({ id: 'c1 1 ' + req.method, peer: 'sip:alice@example.com', at: 5, ...want });
  });

  it('a re-INVITE inside a call, other methods and other statuses are no refused attempt', () => {
    expect(refusedRequest(request('INVITE', '<sip:bob@example.com>;tag=b1'), 488, 0)).toBeNull();
    expect(refusedRequest(request('UPDATE'), 488, 0)).toBeNull();
    expect(refusedRequest(request('MESSAGE'), 415, 0)).toBeNull();
  });
});
