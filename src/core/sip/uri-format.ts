/**
 * Writing URIs (rfc3261#section-19.1.1): the inverse of `parseUri`. Components parsed from a URI come back as they
 * were written; characters a component cannot hold raw are %-escaped, so any string is safe to put in a URI.
 */
import { CoreError } from '../errors.ts';
import { PASSWORD_CHARS, URI_HEADER_CHARS, URI_PARAM_CHARS, USER_CHARS } from './chars.ts';
import { isIpv4, isIpv6, isIpv6Reference } from './ip-address.ts';
import type { SipParamsInit } from './params.ts';
import type { Uri } from './uri.ts';
import { isHostName } from './uri.ts';
import { escapeUriComponent } from './uri-escape.ts';

export function formatUri(uri: Uri): string {
  if (uri.kind === 'other') {
    if (!/^[a-z][a-z0-9+.-]*$/i.test(uri.scheme)) throw new CoreError('invalid-argument', `"${uri.scheme.slice(0, 40)}" is not a URI scheme`);
    if (uri.opaque.length === 0 || /[\s<>"]/.test(uri.opaque)) throw new CoreError('invalid-argument', 'an opaque URI cannot be empty or hold spaces, <, > or "');
    return `${uri.scheme.toLowerCase()}:${uri.opaque}`;
  }
  if (uri.kind === 'tel') {
    if (!/^\+?[0-9A-Fa-f*#().-]+$/.test(uri.number)) throw new CoreError('invalid-argument', `"${uri.number.slice(0, 40)}" is not a telephone number`);
    return `tel:${uri.number}${formatUriParams(uri.params)}`;
  }
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    if (uri.user.length === 0) throw new CoreError('invalid-argument', 'a SIP URI user cannot be empty');
    out += escapeUriComponent(uri.user, USER_CHARS);
    if (uri.password !== undefined) out += ':' + escapeUriComponent(uri.password, PASSWORD_CHARS);
    out += '@';
  }
  out += formatHost(uri.host);
  if (uri.port !== undefined) {
    if (!Number.isInteger(uri.port) || uri.port < 0 || uri.port > 65535) throw new CoreError('invalid-argument', `port ${uri.port} is not 0..65535`);
    out += `:${uri.port}`;
  }
  out += formatUriParams(uri.params);
  let separator = '?';
  for (const [name, value] of uri.headers) {
    if (name.length === 0) throw new CoreError('invalid-argument', 'a URI header name cannot be empty');
    out += `${separator}${escapeUriComponent(name, URI_HEADER_CHARS)}=${escapeUriComponent(value, URI_HEADER_CHARS)}`;
    separator = '&';
  }
  return out;
}

/** A host as a URI or Via writes it: bare IPv6 addresses get their brackets. */
export function formatHost(host: string): string {
  if (isIpv6Reference(host) || isHostName(host) || isIpv4(host)) return host;
  if (isIpv6(host)) return `[${host}]`;
  throw new CoreError('invalid-argument', `"${host.slice(0, 60)}" is not a host name or IP address`);
}

function formatUriParams(params: SipParamsInit): string {
  let out = '';
  for (const [name, value] of params) {
    if (name.length === 0) throw new CoreError('invalid-argument', 'a URI parameter name cannot be empty');
    out += `;${escapeUriComponent(name, URI_PARAM_CHARS)}`;
    if (value !== null) {
      if (value.length === 0) throw new CoreError('invalid-argument', `URI parameter ${name.slice(0, 40)} has an empty value`);
      out += `=${escapeUriComponent(value, URI_PARAM_CHARS)}`;
    }
  }
  return out;
}
