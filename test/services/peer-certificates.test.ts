/**
 * The peer certificate checker on NOTIFYs from the real server, received by the JsSIP client: verified with the
 * authentication service certificate fetched from Identity-Info (loopback), and the host rules for Identity-Info.
 */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes.ts';
import { parseSipMessage, serializeSipMessage } from '../../src/core/sip/index.ts';
import { parseCertificate } from '../../src/core/x509/index.ts';
import { createAuthServiceCertificates } from '../../src/services/auth-service-certificates.ts';
import { createPeerCertificateChecker } from '../../src/services/peer-certificates.ts';
import type { NotifyInfo } from '../../src/sip/sip-client.ts';
import { credentialBody, makeCredential } from '../server/credentials/harness.ts';
import { TEST_DOMAIN } from '../helpers/test-server.ts';
import { signIn, useSipClientServer } from '../sip/sip-client-harness.ts';

const crypto = webcrypto as unknown as Crypto;
const BOB = `sip:bob@${TEST_DOMAIN}`;
const fixture = useSipClientServer();

/** Bob publishes a certificate; alice subscribes to it; resolves with the certificate NOTIFY alice got. */
async function bobsCertificateNotify(): Promise<{ notify: NotifyInfo; certificate: Uint8Array }> {
  const alice = fixture.client('alice');
  const bob = fixture.client('bob');
  await Promise.all([signIn(alice, fixture.server), signIn(bob, fixture.server)]);
  const credential = await makeCredential(BOB);
  const body = credentialBody(credential.certificate, credential.encryptedKey);
  const published = await bob.client.sendRequest({ method: 'PUBLISH', target: BOB, headers: ['Event: credential', 'Expires: 3600'], body: latin1(body.body), contentType: body.contentType });
  expect(published.status).toBe(200);
  const notifies: NotifyInfo[] = [];
  alice.client.on('notify', (n) => notifies.push(n));
  alice.client.subscribe(BOB, { event: 'certificate', accept: ['application/pkix-cert'] });
  const notify = await alice.waitFor('the certificate', () => notifies.find((n) => parseSipMessage(n.message).body.length > 0));
  return { notify, certificate: credential.certificate };
}

describe('peer certificate checker', () => {
  it('verifies a real NOTIFY with the AS certificate fetched from Identity-Info', async () => {
    const { notify, certificate } = await bobsCertificateNotify();
    const fetched: string[] = [];
    const checker = createPeerCertificateChecker({
      crypto,
      authServiceCertificates: createAuthServiceCertificates({ fetch: (url, init) => (fetched.push(url), fetch(url, init)) }),
      trustedHosts: () => [],
    });
    const verdict = await checker.check(BOB, notify.message);
    expect(verdict.kind).toBe('verified');
    expect(verdict.kind === 'verified' && verdict.fingerprintHex).toBe((await parseCertificate(certificate, crypto)).fingerprintHex);
    expect(fetched).toEqual([`http://127.0.0.1:${fixture.server.httpPort}/identity/as.cer`]);
  });

  it('Identity-Info on a host that may not speak for the domain: rejected, nothing fetched', async () => {
    const { notify } = await bobsCertificateNotify();
    const message = parseSipMessage(notify.message);
    message.headers.set('Identity-Info', '<https://evil.example/as.cer>;alg=rsa-sha256');
    const fetched: string[] = [];
    const checker = createPeerCertificateChecker({
      crypto,
      authServiceCertificates: createAuthServiceCertificates({ fetch: (url, init) => (fetched.push(url), fetch(url, init)) }),
      trustedHosts: () => [],
    });
    const verdict = await checker.check(BOB, serializeSipMessage(message));
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'unknown-authentication-service' });
    expect(fetched).toEqual([]);
  });

  it('a flipped byte in the certificate: rejected as changed on the way', async () => {
    const { notify } = await bobsCertificateNotify();
    const message = parseSipMessage(notify.message);
    const body = new Uint8Array(message.body);
    body[40] = body[40] === 0x41 ? 0x42 : 0x41;
    message.body = body;
    const checker = createPeerCertificateChecker({ crypto, authServiceCertificates: createAuthServiceCertificates({ fetch }), trustedHosts: () => [] });
    const verdict = await checker.check(BOB, serializeSipMessage(message));
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'identity-invalid' });
  });

  it('garbage bytes: rejected as malformed, no exception', async () => {
    const checker = createPeerCertificateChecker({ crypto, authServiceCertificates: createAuthServiceCertificates({ fetch }), trustedHosts: () => [] });
    expect(await checker.check(BOB, new Uint8Array([1, 2, 3]))).toMatchObject({ kind: 'rejected', reason: 'malformed' });
  });
});
