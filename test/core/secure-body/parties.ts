/**
 * The people of the secure-body tests, made by the real openssl (test/core/cms/envelope/identities.ts): alice
 * (P-256), bob (RSA-2048), mallory (P-256, a stranger) and an impostor (P-256) whose certificate claims
 * sip:alice@example.test. Each certificate's subjectAltName URI is sip:<name>@example.test.
 */
import type { Signer } from '../../../src/core/cms/sign-then-encrypt.ts';
import type { SecureBodyInput } from '../../../src/core/secure-body/index.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { loadIdentity, makeIdentity, type Identity } from '../cms/envelope/identities.ts';

export interface Parties {
  w: Workdir;
  alice: Identity;
  bob: Identity;
  mallory: Identity;
  /** A P-256 key whose certificate names sip:alice@example.test. */
  impostor: Identity;
}

export const ALICE = 'sip:alice@example.test';
export const BOB = 'sip:bob@example.test';

export async function makeParties(): Promise<Parties> {
  const w = new Workdir();
  const [alice, bob, mallory] = await Promise.all([makeIdentity(w, 'alice', 'ec'), makeIdentity(w, 'bob', 'rsa'), makeIdentity(w, 'mallory', 'ec')]);
  w.openssl(
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=alice',
    '-addext', `subjectAltName=URI:${ALICE}`, '-keyout', 'impostor.key', '-out', 'impostor.crt', '-days', '30',
  );
  const impostor = await loadIdentity(w, 'impostor', 'impostor.crt', 'impostor.key');
  return { w, alice, bob, mallory, impostor };
}

export function signer(who: Identity): Signer {
  return { certificate: who.certificate, keys: who.keys };
}

/** What bob's UA passes when reading a body that claims to come from alice. */
export function fromAliceToBob(p: Parties, body: { contentType: string; contentDisposition?: string; body: Uint8Array | string }, change: Partial<SecureBodyInput> = {}): SecureBodyInput {
  return {
    contentType: body.contentType,
    ...(body.contentDisposition !== undefined ? { contentDisposition: body.contentDisposition } : {}),
    body: body.body,
    fromAor: ALICE,
    recipient: signer(p.bob),
    peerCertificate: p.alice.certificate,
    crypto: globalThis.crypto,
    ...change,
  };
}

export const FINGERPRINT = 'sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3A:90:6F:0E:F3:2E:1D:9A:2B:3C:4D:5E';
export const RELAY_FINGERPRINT = 'sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';

/** A WebRTC offer with the DTLS fingerprint at session level and an ICE candidate the servers should not see. */
export const SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  `a=fingerprint:${FINGERPRINT}`,
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y',
  'a=candidate:1 1 udp 2122260223 192.0.2.55 54321 typ host',
  'a=setup:actpass',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

/** Replaces one base64 character in the middle of the last base64 block of `body` (a relay flipping a byte). */
export function flipBase64(body: string): string {
  const lines = body.split('\r\n');
  let last = -1;
  lines.forEach((line, i) => {
    if (/^[A-Za-z0-9+/]{40,}$/.test(line)) last = i;
  });
  const at = Math.max(0, last - 3);
  const line = lines[at]!;
  const mid = Math.floor(line.length / 2);
  lines[at] = line.slice(0, mid) + (line[mid] === 'A' ? 'B' : 'A') + line.slice(mid + 1);
  return lines.join('\r\n');
}
