/**
 * The security policy inside the SipClient (src/sip/security-policy.ts), over a real server: a call or message waits
 * for the peer's certificate when this device could encrypt but does not hold it (the one certificate wait), goes out
 * as planned, says why it is clear, and never lets the plan header reach the wire (protection-note.ts).
 */
import { describe, expect, it } from 'vitest';
import * as secureBodies from '../../src/core/secure-body/index.ts';
import type { Signer } from '../../src/core/cms/sign-then-encrypt.ts';
import { PLAN_HEADER } from '../../src/sip/protection-note.ts';
import { CERTIFICATE_WAIT_MS } from '../../src/sip/security-policy.ts';
import type { SecurityContext } from '../../src/sip/sip-client.ts';
import { signIn, useSipClientServer } from './sip-client-harness.ts';

const { client, server } = (() => {
  const fixture = useSipClientServer();
  return { client: fixture.client, server: () => fixture.server };
})();

/** A context whose own key is `key`, and whose peer certificates never come: each ask is recorded with its time. */
function contextWithout(key: Signer | null): { context: SecurityContext; asked: { aor: string; waitMs: number; at: number }[] } {
  const asked: { aor: string; waitMs: number; at: number }[] = [];
  const context: SecurityContext = {
    codec: async () => secureBodies,
    ownKey: () => key,
    cachedPeerCertificate: () => null,
    peerCertificate: async (aor, { waitMs }) => {
      asked.push({ aor, waitMs, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 80));
      return null;
    },
    secureOnly: () => false,
    missingCertificate: () => 'unanswered',
    crypto: globalThis.crypto,
  };
  return { context, asked };
}

/** Never used to sign: the plan is clear because no certificate of the peer's is at hand. */
const someKey = { certificate: new Uint8Array([0x30]), keys: {} } as unknown as Signer;

describe('the certificate wait and the plan', () => {
  it('a call with a key of ours and no certificate of the peer: waits for it, then goes clear and says why', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server()), signIn(bob, server())]);
    const { context, asked } = contextWithout(someKey);
    alice.client.useSecurity(context);

    const id = await alice.client.call('bob', { video: false });
    expect(asked).toEqual([{ aor: bob.aor, waitMs: CERTIFICATE_WAIT_MS, at: expect.any(Number) }]);
    const invite = await alice.trace.waitFor((e) => e.direction === 'out' && e.text.startsWith('INVITE '), { what: 'the INVITE' });
    expect(invite.at).toBeGreaterThanOrEqual(asked[0]!.at + 80); // it left after the wait
    expect(invite.text).not.toContain(PLAN_HEADER);
    const ringing = await bob.waitFor('the call at bob', () => bob.calls.find((c) => c.state === 'ringing'));
    expect(ringing.protection).toBeUndefined(); // bob has protection off: no claim either way
    const mine = alice.calls.find((c) => c.id === id)!;
    expect(mine.protection).toEqual({ encrypted: false, kind: 'peer-certificate-missing' });
    alice.client.hangUp(id);
  });

  it('a message without a key of ours: no wait, it leaves in this very call, and "delivered" says why it is clear', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server()), signIn(bob, server())]);
    const { context, asked } = contextWithout(null);
    alice.client.useSecurity(context);
    const before = alice.trace.entries.length;
    const sending = alice.client.sendMessage('bob', 'no key here');
    expect(alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('MESSAGE '), before)).toHaveLength(1); // synchronously
    const sent = await sending;
    const delivered = await alice.waitFor('delivered', () => alice.messages.find((m) => m.id === sent.id && m.state === 'delivered'));
    expect(delivered.protection).toEqual({ encrypted: false, kind: 'own-key-missing' });
    expect(asked).toEqual([]);
    const wire = alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('MESSAGE '), before)[0]!;
    expect(wire.text).not.toContain(PLAN_HEADER);
    await bob.waitFor('the message at bob', () => bob.messages.find((m) => m.text === 'no key here'));
  });

  it('a message with a key of ours and no certificate of the peer waits before it leaves', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server()), signIn(bob, server())]);
    const { context, asked } = contextWithout(someKey);
    alice.client.useSecurity(context);
    const before = alice.trace.entries.length;
    const sending = alice.client.sendMessage('bob', 'waited');
    expect(alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('MESSAGE '), before)).toHaveLength(0);
    const sent = await sending;
    expect(asked.map((a) => a.aor)).toEqual([bob.aor]);
    const delivered = await alice.waitFor('delivered', () => alice.messages.find((m) => m.id === sent.id && m.state === 'delivered'));
    expect(delivered.protection).toEqual({ encrypted: false, kind: 'peer-certificate-missing' });
  });
});

describe('only end-to-end encrypted wanted, and the peer\'s certificate withheld (issue 16 deliverable 2)', () => {
  it('a call and a message are refused with what was missing, and nothing leaves; clear goes only when chosen', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, server()), signIn(bob, server())]);
    const { context } = contextWithout(someKey);
    alice.client.useSecurity({ ...context, secureOnly: () => true, missingCertificate: () => 'unanswered' });
    const before = alice.trace.entries.length;

    await expect(alice.client.call('bob', { video: false })).rejects.toMatchObject({ failure: { kind: 'not-encrypted', missing: 'unanswered' } });
    await expect(alice.client.sendMessage('bob', 'the secret')).rejects.toMatchObject({ failure: { kind: 'not-encrypted', missing: 'unanswered' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = alice.trace.entries.slice(before).filter((e) => e.direction === 'out').map((e) => e.text.split('\r\n', 1)[0]);
    expect(sent.filter((line) => /^(INVITE|MESSAGE) /.test(line!))).toEqual([]);
    expect(alice.calls).toEqual([]);

    // The explicit choice: it leaves clear, and says why.
    const chosen = await alice.client.sendMessage('bob', 'chosen clear', { allowClear: true });
    const delivered = await alice.waitFor('delivered', () => alice.messages.find((m) => m.id === chosen.id && m.state === 'delivered'));
    expect(delivered.protection).toEqual({ encrypted: false, kind: 'peer-certificate-missing' });
    await bob.waitFor('the message at bob', () => bob.messages.find((m) => m.text === 'chosen clear'));
    expect(bob.messages.some((m) => m.text === 'the secret')).toBe(false);
  });
});
