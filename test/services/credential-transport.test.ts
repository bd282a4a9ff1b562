/**
 * Where this device's key may travel (seed 002 section 5, issue 16 deliverable 3): over wss:// to the AOR's domain or
 * a configured credential server, over ws:// to this machine only.
 */
import { describe, expect, it } from 'vitest';
import { credentialTransportRefusal } from '../../src/services/credential-transport.ts';

const ALICE = 'sip:alice@example.com';

describe('credentialTransportRefusal', () => {
  const allowed: [string, string, string[]][] = [
    ['wss://example.com/sip', ALICE, []],
    ['wss://EXAMPLE.com./sip', ALICE, []],
    ['wss://sip.example.net/sip', ALICE, ['sip.example.net']],
    ['ws://127.0.0.1:8080/sip', ALICE, []],
    ['ws://localhost:8080/sip', ALICE, []],
    ['ws://[::1]:8080/sip', ALICE, []],
    ['wss://127.0.0.1:8443/sip', ALICE, []],
  ];
  for (const [url, aor, servers] of allowed) it(`allows ${url}${servers.length ? ` (configured ${servers.join(', ')})` : ''}`, () => expect(credentialTransportRefusal(url, aor, servers)).toBeNull());

  const refused: [string, string[], RegExp][] = [
    ['ws://example.com/sip', [], /the connection \(ws:\/\/\) is not encrypted/],
    ['ws://192.0.2.10:8080/sip', [], /not encrypted/],
    ['wss://evil.example.org/sip', [], /neither example\.com nor a credential server you configured/],
    ['wss://example.com.evil.org/sip', [], /neither example\.com/],
    ['wss://sip.example.net/sip', ['other.example.net'], /neither example\.com/],
    ['http://example.com/sip', [], /only wss:\/\/ servers take it/],
    ['not a url', [], /not a server address/],
  ];
  for (const [url, servers, why] of refused) it(`refuses ${url}`, () => expect(credentialTransportRefusal(url, ALICE, servers)).toMatch(why));
});
