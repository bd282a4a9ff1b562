/**
 * One Via value (rfc3261#section-20.42, grammar in rfc3261#section-25.1):
 *
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport     ; SLASH = SWS "/" SWS
 *   sent-by       = host [ COLON port ]
 *   via-params    = ttl / maddr / received / branch / rport (RFC 3581) / generic-param
 *
 * Checked parameters: `branch` a token, `received` an IPv4 or IPv6 address (bracketed or not, RFC 5118 section 4.5),
 * `rport` empty (a request asking for it) or a port, `maddr` a host, `ttl` 0..255. Split a Via header into values
 * with `SipHeaders.values('Via')` first.
 */
import { CoreError } from '../errors.ts';
import { isDigit, isToken, parseDigits, Scanner } from './chars.ts';
import { isIpv4, isIpv6, isIpv6Reference } from './ip-address.ts';
import { formatParams, readParams, type SipParams } from './params.ts';
import { formatHost } from './uri-format.ts';
import { isHostName, readHost } from './uri.ts';

export interface Via {
  /** "SIP". */
  protocol: string;
  /** "2.0". */
  version: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS, ... */
  transport: string;
  host: string;
  port?: number;
  /** branch, received, rport (null when asked for without a value), maddr, ttl and extensions, names lower-cased. */
  params: SipParams;
}

const REASON = 'Bad Via';

export function parseVia(text: string): Via {
  const s = new Scanner(text, REASON);
  s.skipWs();
  const protocol = s.token('a protocol name');
  slash(s);
  const version = s.token('a protocol version');
  slash(s);
  const transport = s.token('a transport').toUpperCase();
  if (s.skipWs() === 0) s.fail('expected whitespace before sent-by');
  const host = readHost(s);
  const via: Via = { protocol, version, transport, host, params: new Map() };
  const save = s.pos;
  s.skipWs();
  if (s.eat(58)) {
    s.skipWs();
    const start = s.pos;
    while (isDigit(s.peek())) s.pos++;
    const port = parseDigits(text.slice(start, s.pos), 65535);
    if (port < 0) s.fail('bad port');
    via.port = port;
  } else {
    s.pos = save;
  }
  readParams(s, via.params);
  s.end();
  checkParams(s, via.params);
  return via;
}

function slash(s: Scanner): void {
  s.skipWs();
  s.expect(47, '"/"');
  s.skipWs();
}

function checkParams(s: Scanner, params: SipParams): void {
  const branch = params.get('branch');
  if (branch !== undefined && (branch === null || !isToken(branch))) s.fail('branch must be a token');
  const received = params.get('received');
  if (received !== undefined && (received === null || !(isIpv4(received) || isIpv6(received) || isIpv6Reference(received)))) {
    s.fail('received must be an IP address');
  }
  const rport = params.get('rport');
  if (rport !== undefined && rport !== null && parseDigits(rport, 65535) < 0) s.fail('rport must be a port');
  const maddr = params.get('maddr');
  if (maddr !== undefined && (maddr === null || !(isHostName(maddr) || isIpv4(maddr) || isIpv6Reference(maddr) || isIpv6(maddr)))) {
    s.fail('maddr must be a host');
  }
  const ttl = params.get('ttl');
  if (ttl !== undefined && (ttl === null || parseDigits(ttl, 255) < 0)) s.fail('ttl must be 0..255');
}

/** `SIP/2.0/UDP host:port;params`. */
export function formatVia(via: Via): string {
  for (const part of [via.protocol, via.version, via.transport]) {
    if (!isToken(part)) throw new CoreError('invalid-argument', `"${part.slice(0, 40)}" is not a token`);
  }
  let out = `${via.protocol}/${via.version}/${via.transport} ${formatHost(via.host)}`;
  if (via.port !== undefined) {
    if (!Number.isInteger(via.port) || via.port < 0 || via.port > 65535) throw new CoreError('invalid-argument', `port ${via.port} is not 0..65535`);
    out += `:${via.port}`;
  }
  return out + formatParams(via.params);
}
