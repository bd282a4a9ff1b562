/**
 * Loop detection (rfc3261#section-16.3 step 4, #section-16.6 step 8). The branch of every request we forward ends
 * in a key computed from the request as we received it: `z9hG4bK<random>.<key>`. A request that comes back to us
 * with one of our Vias in its Via stack and the same key has looped (482 Loop Detected); a different key is a
 * legitimate spiral (the Request-URI was changed on the way). The key covers what 16.6 step 8 lists except the
 * topmost Via, which differs on every arrival and would hide every loop: the Request-URI, the From and To tags, the
 * Call-ID, the CSeq number, and any Proxy-Require and Proxy-Authorization.
 */
import { createHash } from 'node:crypto';
import { parseNameAddr, parseVia, type SipRequest } from '../../../src/core/sip/index.ts';
import type { OwnAddresses } from './own-addresses.ts';

/** Between the branch's random part and the loop key; a token character (rfc3261#section-25.1). */
const SEPARATOR = '.';

/** The loop key of `request` as received. */
export function loopKey(request: SipRequest): string {
  const tag = (header: string): string => {
    try {
      return parseNameAddr(request.headers.get(header) ?? '').params.get('tag') ?? '';
    } catch {
      return '';
    }
  };
  const fields = [
    request.uri,
    tag('From'),
    tag('To'),
    request.headers.get('Call-ID') ?? '',
    (request.headers.get('CSeq') ?? '').trim().split(/\s+/)[0] ?? '',
    request.headers.getAll('Proxy-Require').join(','),
    request.headers.getAll('Proxy-Authorization').join(','),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}

/** The suffix our forwarded branch carries for `request`. */
export function branchSuffix(request: SipRequest): string {
  return `${SEPARATOR}${loopKey(request)}`;
}

/** Whether `request` has been through us before in this same form: one of our Vias carries its key. */
export function hasLooped(request: SipRequest, own: OwnAddresses): boolean {
  const suffix = branchSuffix(request);
  for (const value of request.headers.values('Via')) {
    let via;
    try {
      via = parseVia(value);
    } catch {
      continue;
    }
    const branch = via.params.get('branch');
    if (!branch || !branch.endsWith(suffix)) continue;
    const sentBy = { kind: 'sip' as const, scheme: 'sip' as const, host: via.host, params: new Map([['transport', via.transport.toLowerCase()]]), headers: [] };
    if (own.names(via.port === undefined ? sentBy : { ...sentBy, port: via.port })) return true;
  }
  return false;
}
