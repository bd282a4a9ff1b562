/**
 * OPTIONS addressed to the server itself (a Request-URI with no user part in our domain, or our own address):
 * 200 with what we support (RFC 3261 section 11.2). Edge proxies and phones use it as a keep-alive ping.
 */
import { parseUri } from '../../src/core/sip/index.ts';
import type { IncomingRequest, RequestHandler } from './request-context.ts';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, REFER, INFO, UPDATE, PRACK';

export class OptionsHandler implements RequestHandler {
  constructor(private readonly domain: string) {}

  handle(incoming: IncomingRequest): boolean {
    const { request, connection } = incoming;
    if (request.method !== 'OPTIONS') return false;
    let uri;
    try {
      uri = parseUri(request.uri);
    } catch {
      return false;
    }
    if (uri.kind !== 'sip' || uri.user !== undefined) return false;
    const host = uri.host.replace(/^\[|\]$/g, '').toLowerCase();
    if (host !== this.domain.toLowerCase() && host !== connection.localAddress) return false;
    incoming.respond(200, {
      headers: [
        ['Allow', ALLOW],
        ['Accept', 'application/sdp, application/pkcs7-mime, multipart/mixed, multipart/alternative, text/plain'],
        ['Allow-Events', 'certificate, credential'],
      ],
    });
    return true;
  }
}
