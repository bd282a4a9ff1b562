/**
 * One out-of-dialog request (PUBLISH, OPTIONS) through JsSIP's own transaction layer: JsSIP has no PUBLISH
 * (docs/jssip-notes.md "PUBLISH"), but its `OutgoingRequest` and `RequestSender` send any request, answer one 401/407
 * challenge (rfc3261#section-22.2) and match responses by Via branch. Internals of JsSIP 3.13.8 (pinned), exercised by
 * test/sip/jssip-client-subscriptions.test.ts.
 */
import SIPMessage from 'jssip/lib/SIPMessage';
import RequestSender from 'jssip/lib/RequestSender';
import type { JsSipUa } from './jssip-types.ts';
import { SipClientError, type OutOfDialogRequest, type SipResponseInfo } from './sip-client.ts';

interface JsSipResponseMessage {
  status_code: number;
  reason_phrase: string;
  getHeader(name: string): string | undefined;
}

interface RequestSenderCtor {
  new (
    ua: unknown,
    request: unknown,
    handlers: { onRequestTimeout: () => void; onTransportError: () => void; onReceiveResponse: (response: JsSipResponseMessage) => void },
  ): { send(): void };
}

interface OutgoingRequestCtor {
  new (method: string, ruri: unknown, ua: unknown, params: Record<string, unknown>, extraHeaders: string[], body?: string): unknown;
}

export function sendOutOfDialogRequest(ua: JsSipUa, request: OutOfDialogRequest): Promise<SipResponseInfo> {
  if (request.headers.some((line) => line.includes('\r') || line.includes('\n'))) throw new TypeError('header lines must not contain line breaks');
  const target = (ua as unknown as { normalizeTarget(t: string): unknown }).normalizeTarget(request.target);
  if (!target) throw new TypeError(`not a SIP address: ${request.target}`);
  const headers = [...request.headers];
  if (request.body !== undefined) {
    if (!request.contentType) throw new TypeError('a body needs a Content-Type');
    headers.push(`Content-Type: ${request.contentType}`);
  }
  const outgoing = new ((SIPMessage as unknown as { OutgoingRequest: OutgoingRequestCtor }).OutgoingRequest)(request.method, target, ua, {}, headers, request.body);
  return new Promise<SipResponseInfo>((resolve, reject) => {
    const sender = new (RequestSender as unknown as RequestSenderCtor)(ua, outgoing, {
      onRequestTimeout: () => reject(new SipClientError({ kind: 'timeout', detail: `no answer to ${request.method}` })),
      onTransportError: () => reject(new SipClientError({ kind: 'network', detail: `${request.method} could not be sent` })),
      onReceiveResponse: (response) => {
        if (response.status_code < 200) return;
        resolve({
          status: response.status_code,
          reason: response.reason_phrase,
          header: (name) => response.getHeader(name) || undefined,
        });
      },
    });
    sender.send();
  });
}
