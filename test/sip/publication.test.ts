/**
 * The RFC 3903 publication adapter over the JsSIP client against the real credential server: publish, 423 ->
 * Min-Expires, removal (watchers get the empty NOTIFY), and a full republish after the server restarts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes.ts';
import { buildCredentialBody } from '../../src/core/credentials/index.ts';
import { parseSipMessage } from '../../src/core/sip/index.ts';
import { createPublication, type Publication, type PublicationStatus } from '../../src/sip/publication.ts';
import type { NotifyInfo } from '../../src/sip/sip-client.ts';
import { silentLogger } from '../../src/sip/sip-logger.ts';
import { makeCredential } from '../server/credentials/harness.ts';
import { removeDir, startTestServer, TEST_DOMAIN } from '../helpers/test-server.ts';
import { signIn, startServerAt, useSipClientServer, type ClientUnderTest } from './sip-client-harness.ts';

const BOB = `sip:bob@${TEST_DOMAIN}`;
const fixture = useSipClientServer();
const publications: Publication[] = [];

async function body(): Promise<{ contentType: string; text: string; certificate: Uint8Array }> {
  const credential = await makeCredential(BOB);
  const built = buildCredentialBody({ certificate: credential.certificate, encryptedKey: credential.encryptedKey });
  return { contentType: built.contentType, text: latin1(built.body), certificate: credential.certificate };
}

function publicationOf(c: ClientUnderTest): { publication: Publication; statuses: PublicationStatus[] } {
  const publication = createPublication(c.client, { target: BOB, event: 'credential', log: silentLogger });
  publications.push(publication);
  const statuses: PublicationStatus[] = [];
  publication.onStatus((s) => statuses.push(s));
  return { publication, statuses };
}

function watch(c: ClientUnderTest): NotifyInfo[] {
  const notifies: NotifyInfo[] = [];
  c.client.on('notify', (n) => notifies.push(n));
  c.client.subscribe(BOB, { event: 'certificate', accept: ['application/pkix-cert'] });
  return notifies;
}

const bodies = (notifies: NotifyInfo[]) => notifies.map((n) => parseSipMessage(n.message).body.length);

afterEach(() => {
  publications.splice(0).forEach((p) => p.dispose());
});

describe('publication', () => {
  it('publishes, asks again with Min-Expires after 423, and removal empties the watchers', async () => {
    const bob = fixture.client('bob');
    const alice = fixture.client('alice');
    await Promise.all([signIn(bob, fixture.server), signIn(alice, fixture.server)]);
    const notifies = watch(alice);
    await alice.waitFor('the first NOTIFY', () => notifies[0]);
    const { publication, statuses } = publicationOf(bob);
    publication.publish(await body(), 1);
    await bob.waitFor('published', () => statuses.find((s) => s.phase === 'published'));
    const publishes = bob.trace.find((e) => e.direction === 'out' && e.text.startsWith('PUBLISH '));
    expect(publishes.some((e) => /\r\nExpires: 1\r\n/.test(e.text))).toBe(true);
    expect(bob.trace.find((e) => e.direction === 'in' && e.text.startsWith('SIP/2.0 423 ')).length).toBeGreaterThan(0);
    await alice.waitFor('the certificate NOTIFY', () => (bodies(notifies).some((n) => n > 0) ? true : undefined));

    publication.remove();
    await bob.waitFor('removed', () => statuses.find((s) => s.phase === 'removed'));
    const removal = bob.trace.find((e) => e.direction === 'out' && e.text.startsWith('PUBLISH ') && /\r\nExpires: 0\r\n/.test(e.text))[0];
    expect(removal?.text).toMatch(/\r\nSIP-If-Match: \S+\r\n/);
    await alice.waitFor('the empty NOTIFY after revocation', () => (bodies(notifies).at(-1) === 0 && bodies(notifies).length >= 3 ? true : undefined));
  });

  it('publishes again in full after the server restarts', async () => {
    const seed = await startTestServer();
    await seed.stop();
    let current = await startServerAt(seed.dir, 0);
    try {
      const bob = fixture.client('bob');
      await signIn(bob, current);
      const { publication, statuses } = publicationOf(bob);
      publication.publish(await body(), 3600);
      await bob.waitFor('published', () => statuses.find((s) => s.phase === 'published'));
      const port = current.httpPort;
      await current.stop();
      current = await startServerAt(current.dir, port);
      await bob.waitFor('registered again', () => (bob.client.registrationState === 'registered' && bob.connections.includes('reconnecting') ? true : undefined), 15_000);
      await bob.waitFor('republished', () => (bob.trace.find((e) => e.direction === 'out' && e.text.startsWith('PUBLISH ') && !/SIP-If-Match/.test(e.text)).length >= 2 ? true : undefined), 10_000);
      await bob.waitFor('published again', () => (statuses.filter((s) => s.phase === 'published').length >= 2 ? true : undefined));
    } finally {
      publications.splice(0).forEach((p) => p.dispose());
      await fixture.signOutAll();
      await current.stop();
      removeDir(current.dir);
    }
  }, 30_000);
});
