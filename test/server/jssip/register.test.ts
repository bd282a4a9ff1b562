/**
 * JsSIP 3.13.8 registers with the real server over WebSocket: MD5 digest with qop=auth against our challenge,
 * refresh, un-REGISTER, and a wrong password refused. The server's location service is checked as well as JsSIP's
 * events, so a UA that only believes it is registered does not pass.
 */
import JsSIP from 'jssip';
import { describe, expect, it } from 'vitest';
import { createUa, headerValues, isRequest, isResponse, once, RegistrationFailedError } from '../../helpers/jssip-node.ts';
import { useJsSipServer } from './server-fixture.ts';
import { TEST_DOMAIN } from '../../helpers/test-server.ts';

const fixture = useJsSipServer();
const ua = fixture.ua;
const bindings = (user: string) => fixture.server.server.sip!.location.lookup(`sip:${user}@${TEST_DOMAIN}`);

describe('JsSIP REGISTER through the server', () => {
  it('registers alice with an MD5 digest answer to our qop=auth challenge', async () => {
    const alice = await ua('alice');
    expect(alice.ua.isRegistered()).toBe(true);

    const registers = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'REGISTER'));
    expect(registers.length).toBe(2);
    const challenge = alice.trace.find((e) => e.direction === 'in' && isResponse(e.text, 'REGISTER', 401))[0];
    expect(challenge, alice.trace.dump()).toBeDefined();
    const offered = headerValues(challenge!.text, 'WWW-Authenticate');
    expect(offered.some((v) => /algorithm=MD5/i.test(v))).toBe(true);
    expect(offered.some((v) => /algorithm=SHA-256/i.test(v))).toBe(true);
    for (const v of offered) expect(v).not.toMatch(/auth-int/);

    const authorization = headerValues(registers[1]!.text, 'Authorization')[0] ?? '';
    expect(authorization).toMatch(/^Digest /);
    expect(authorization).toMatch(/algorithm=MD5/);
    expect(authorization).toMatch(/qop=auth(?!-)/);
    expect(authorization).toMatch(/username="alice"/);
    expect(authorization).toMatch(new RegExp(`realm="${TEST_DOMAIN}"`));

    const ok = alice.trace.find((e) => e.direction === 'in' && isResponse(e.text, 'REGISTER', 200));
    expect(ok.length).toBe(1);
    // The server keeps the binding JsSIP asked for: its `*.invalid` WebSocket contact, on the UA's connection.
    const contact = alice.ua.contact.toString();
    const registered = bindings('alice');
    expect(registered.length).toBe(1);
    expect(registered[0]!.uri.split(';')[0]).toBe(/<([^;>]+)/.exec(contact)?.[1]);
    expect(registered[0]!.uri).toMatch(/@[a-z0-9]+\.invalid;transport=ws$/);
    expect(registered[0]!.connection.transport).toBe('WS');
  });

  it('refreshes the registration (re-REGISTER) and keeps one binding with a renewed expiry', async () => {
    const alice = await ua('alice');
    const before = bindings('alice');
    expect(before.length).toBe(1);
    const from = alice.trace.entries.length;
    await new Promise((r) => setTimeout(r, 1_100)); // so a renewed expiry is visibly later
    alice.ua.register();
    const ok = await alice.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'REGISTER'), { from, what: 'the refresh response' });
    expect(ok.text.startsWith('SIP/2.0 200 '), alice.trace.dump()).toBe(true);
    const refresh = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'REGISTER'), from);
    expect(refresh.length).toBeGreaterThanOrEqual(1);
    // Same Call-ID, higher CSeq (RFC 3261 section 10.2.4).
    const firstRegister = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'REGISTER'))[0]!;
    expect(headerValues(refresh[0]!.text, 'Call-ID')).toEqual(headerValues(firstRegister.text, 'Call-ID'));
    expect(alice.ua.isRegistered()).toBe(true);
    const after = bindings('alice');
    expect(after.length).toBe(1);
    expect(after[0]!.uri).toBe(before[0]!.uri);
    expect(after[0]!.expiresAt).toBeGreaterThan(before[0]!.expiresAt);
    expect(after[0]!.cseq).toBeGreaterThan(before[0]!.cseq);
  });

  it('unregisters: JsSIP gets a 200 and the server drops the binding', async () => {
    const alice = await ua('alice');
    expect(bindings('alice').length).toBe(1);
    const unregistered = once<{ response: { status_code: number } | null; cause?: string | null }>(alice.ua as unknown as NodeJS.EventEmitter, 'unregistered');
    alice.ua.unregister();
    const e = await unregistered;
    expect(e.response?.status_code, alice.trace.dump()).toBe(200);
    expect(e.cause ?? null).toBeNull();
    expect(alice.ua.isRegistered()).toBe(false);
    expect(bindings('alice')).toEqual([]);
    const unregister = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'REGISTER')).at(-1)!;
    expect(headerValues(unregister.text, 'Expires')).toEqual(['0']);
  });

  it('two UAs of the same user hold two bindings; closing one WebSocket drops only its binding', async () => {
    const one = await ua('carol');
    const two = await ua('carol');
    expect(bindings('carol').length).toBe(2);
    await one.stop();
    await expect.poll(() => bindings('carol').length).toBe(1);
    expect(bindings('carol')[0]!.uri.split(';')[0]).toBe(/<([^;>]+)/.exec(two.ua.contact.toString())?.[1]);
  });

  it('refuses a wrong password: registrationFailed with the 401/403 cause, no binding', async () => {
    const failure = await fixture.ua('bob', 'not-bobs-password').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RegistrationFailedError);
    const { status, sipCause } = failure as RegistrationFailedError;
    expect([401, 403]).toContain(status);
    expect(sipCause).toBe(status === 401 ? JsSIP.C.causes.AUTHENTICATION_ERROR : JsSIP.C.causes.REJECTED);
    expect(bindings('bob')).toEqual([]);
  });

  it('refuses an unknown user', async () => {
    const failure = await createUa({ user: 'mallory', password: 'x', server: fixture.server }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistrationFailedError);
    expect([401, 403, 404]).toContain((failure as RegistrationFailedError).status);
    expect(bindings('mallory')).toEqual([]);
  });
});
