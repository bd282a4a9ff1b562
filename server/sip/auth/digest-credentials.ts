/**
 * Reading Digest credentials from Authorization / Proxy-Authorization lines (RFC 3261 sections 20.7, 20.28 and
 * 22.4; RFC 7616 section 3.4). A request may carry several lines (one per realm it was challenged for, RFC 3261
 * section 22.3); we take the Digest line whose realm is ours.
 */
import { parseAuthParams, SipParseError } from '../../../src/core/sip/index.ts';

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  /** digest-uri as sent. */
  uri: string;
  response: string;
  algorithm?: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

export type FoundCredentials =
  | { found: true; credentials: DigestCredentials }
  | { found: false; why: 'missing' | 'wrong-realm' | 'malformed' | 'unsupported'; detail: string };

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;

export function findDigestCredentials(lines: readonly string[], realm: string): FoundCredentials {
  let otherRealm: string | undefined;
  let problem: FoundCredentials | undefined;
  for (const line of lines) {
    // Other schemes (Basic's token68, Bearer, ...) need not parse as auth-params: skip them unread.
    if (!/^[ \t]*digest(?:[ \t]|$)/i.test(line)) continue;
    let params: Map<string, string>;
    try {
      const parsed = parseAuthParams(line);
      if (parsed.scheme.toLowerCase() !== 'digest') continue;
      params = parsed.params;
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      problem ??= { found: false, why: 'malformed', detail: error.message };
      continue;
    }
    const lineRealm = params.get('realm');
    if (lineRealm !== realm) {
      if (lineRealm !== undefined) otherRealm ??= lineRealm;
      else problem ??= { found: false, why: 'malformed', detail: 'Digest credentials without a realm' };
      continue;
    }
    // RFC 7616 section 3.4.4: hashed or extended-notation usernames; we have no use for either.
    if (params.has('username*') || params.get('userhash')?.toLowerCase() === 'true') {
      return { found: false, why: 'unsupported', detail: 'userhash and username* are not supported' };
    }
    for (const name of REQUIRED) {
      if (!params.get(name)) return { found: false, why: 'malformed', detail: `Digest credentials without ${name}` };
    }
    const credentials: DigestCredentials = {
      username: params.get('username')!,
      realm,
      nonce: params.get('nonce')!,
      uri: params.get('uri')!,
      response: params.get('response')!,
    };
    for (const name of ['algorithm', 'qop', 'nc', 'cnonce', 'opaque'] as const) {
      const value = params.get(name);
      if (value !== undefined) credentials[name] = value;
    }
    return { found: true, credentials };
  }
  if (problem) return problem;
  if (otherRealm !== undefined) return { found: false, why: 'wrong-realm', detail: `credentials for realm ${JSON.stringify(otherRealm.slice(0, 60))}, not ${realm}` };
  return { found: false, why: 'missing', detail: 'no Digest credentials' };
}
