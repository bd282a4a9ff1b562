/**
 * The certificate event package (RFC 6072 section 6) over RFC 6665: the 200 and the immediate NOTIFY, its headers
 * (From = the subscribed AOR for the section 10.3 trust check), bodies, refresh, unsubscribe, expiry, and failures.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { equalBytes } from '../../../src/core/bytes.ts';
import { parseCSeq } from '../../../src/core/sip/index.ts';
import { parseCertificate } from '../../../src/core/x509/index.ts';
import { ALICE, BOB, FakeIncoming, makeCredential, notifyEntity, plain, setup, stateOf, subscribeRequest, tagFrom, tls } from './harness.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('SUBSCRIBE certificate', () => {
  it('answers 200 with our tag, Contact and the default Expires of one day, then NOTIFYs an empty body for an unknown AOR', async () => {
    const h = setup();
    const incoming = await h.subscribe({ aor: `sip:nobody@sealphone.test`, callId: 'c1', fromTag: 'bobtag' });
    const ok = incoming.final;
    expect(ok.status).toBe(200);
    const ourTag = tagFrom(ok.headers.get('To'));
    expect(ourTag).toMatch(/^cs-[0-9a-f]{16}$/);
    expect(ok.headers.get('Expires')).toBe('86400');
    expect(ok.headers.get('Contact')).toBe('<sip:192.0.2.1:5060;transport=ws>');
    await h.service.idle();

    const [notify, ...others] = h.services.notifies();
    expect(others).toHaveLength(0);
    expect(notify!.uri).toBe('sip:device@client.invalid;transport=ws');
    expect(notify!.headers.get('From')).toBe(`<sip:nobody@sealphone.test>;tag=${ourTag}`);
    expect(notify!.headers.get('To')).toBe(`<${BOB}>;tag=bobtag`);
    expect(notify!.headers.get('Call-ID')).toBe('c1');
    expect(notify!.headers.get('CSeq')).toBe('1 NOTIFY');
    expect(notify!.headers.get('Event')).toBe('certificate');
    expect(notify!.headers.get('Contact')).toBe('<sip:192.0.2.1:5060;transport=ws>');
    expect(stateOf(notify!)).toMatchObject({ state: 'active', expires: 86400 });
    expect(notify!.body).toHaveLength(0);
    expect(notify!.headers.has('Content-Type')).toBe(false);
    expect(notify!.headers.get('X-Test-Signed')).toBe('1');
  });

  it('NOTIFYs the DER certificate as base64 application/pkix-cert, which parses back to the same certificate', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    expect((await h.publishCredential(alice)).final.status).toBe(200);
    await h.subscribe({ aor: ALICE });
    await h.service.idle();
    const [notify] = h.services.notifies();
    expect(notify!.headers.get('Content-Type')).toBe('application/pkix-cert');
    expect(notify!.headers.get('Content-Transfer-Encoding')).toBe('base64');
    expect(notify!.headers.get('Content-Disposition')).toBe('signal');
    expect(notify!.body.every((b) => b < 0x80)).toBe(true);
    const entity = notifyEntity(notify!)!;
    expect(equalBytes(entity.body, alice.certificate)).toBe(true);
    const parsed = await parseCertificate(entity.body, crypto);
    expect(parsed.sanUris).toEqual([ALICE]);
  });

  it('sends the NOTIFY along the Record-Route set, echoes the Event id, and copies Record-Route into the 200', async () => {
    const h = setup();
    const edge = tls();
    h.services.routes.set('sip:edge.sealphone.test;transport=tcp;lr', edge);
    const incoming = await h.subscribe({
      aor: ALICE,
      event: 'certificate;id=42',
      recordRoute: ['<sip:edge.sealphone.test;transport=tcp;lr>', '<sip:inner.invalid;lr>'],
    });
    expect(incoming.final.headers.getAll('Record-Route')).toEqual(['<sip:edge.sealphone.test;transport=tcp;lr>', '<sip:inner.invalid;lr>']);
    await h.service.idle();
    const [sent] = h.services.sent;
    expect(sent!.connection).toBe(edge);
    expect(sent!.request.headers.get('Route')).toBe('<sip:edge.sealphone.test;transport=tcp;lr>, <sip:inner.invalid;lr>');
    expect(sent!.request.headers.get('Event')).toBe('certificate;id=42');
  });

  it('sends to the connection the stack knows for the Contact, else back where the SUBSCRIBE came from', async () => {
    const h = setup();
    const came = tls();
    const known = tls();
    h.services.routes.set('sip:known@client.invalid;transport=ws', known);
    await h.subscribe({ aor: ALICE, contact: 'sip:known@client.invalid;transport=ws' }, came);
    await h.subscribe({ aor: ALICE, contact: 'sip:unknown@client.invalid;transport=ws' }, came);
    await h.service.idle();
    expect(h.services.sent.map((s) => s.connection)).toEqual([known, came]);
  });

  it('refreshes in the dialog with 200 and a NOTIFY of the next CSeq, and unsubscribes with a terminated NOTIFY', async () => {
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE));
    const first = await h.subscribe({ aor: ALICE, callId: 'dlg', expires: 3600 });
    const toTag = tagFrom(first.final.headers.get('To'))!;
    const refresh = await h.subscribe({ aor: ALICE, callId: 'dlg', toTag, cseq: 2, expires: 7200, uri: 'sip:192.0.2.1:5060;transport=ws' });
    expect(refresh.final.status).toBe(200);
    expect(refresh.final.headers.get('Expires')).toBe('7200');
    expect(tagFrom(refresh.final.headers.get('To'))).toBe(toTag);
    await h.service.idle();
    const unsubscribe = await h.subscribe({ aor: ALICE, callId: 'dlg', toTag, cseq: 3, expires: 0 });
    expect(unsubscribe.final.status).toBe(200);
    expect(unsubscribe.final.headers.get('Expires')).toBe('0');
    await h.service.idle();

    const notifies = h.services.notifies('dlg');
    expect(notifies.map((n) => parseCSeq(n.headers.get('CSeq')!).seq)).toEqual([1, 2, 3]);
    expect(stateOf(notifies[1]!)).toMatchObject({ state: 'active', expires: 7200 });
    expect(stateOf(notifies[2]!)).toMatchObject({ state: 'terminated', reason: 'timeout' });
    expect(notifies[2]!.headers.get('Content-Type')).toBe('application/pkix-cert');
    expect(h.service.subscriptionCount).toBe(0);

    const late = await h.subscribe({ aor: ALICE, callId: 'dlg', toTag, cseq: 4, expires: 600 });
    expect(late.final.status).toBe(481);
  });

  it('answers a fetch (Expires: 0) with 200 and one terminated NOTIFY carrying the state, keeping no subscription', async () => {
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE));
    const fetch = await h.subscribe({ aor: ALICE, expires: 0 });
    expect(fetch.final.headers.get('Expires')).toBe('0');
    await h.service.idle();
    const [notify] = h.services.notifies();
    expect(stateOf(notify!)).toMatchObject({ state: 'terminated', reason: 'timeout' });
    expect(notify!.body.length).toBeGreaterThan(0);
    expect(h.service.subscriptionCount).toBe(0);
    expect(h.service.watchedAorCount).toBe(0);
  });

  it('refuses a refresh whose CSeq does not grow (500) and an in-dialog SUBSCRIBE with another Event id (481)', async () => {
    const h = setup();
    const first = await h.subscribe({ aor: ALICE, callId: 'd2', cseq: 5 });
    const toTag = tagFrom(first.final.headers.get('To'))!;
    expect((await h.subscribe({ aor: ALICE, callId: 'd2', toTag, cseq: 5 })).final.status).toBe(500);
    expect((await h.subscribe({ aor: ALICE, callId: 'd2', toTag, cseq: 6, event: 'certificate;id=9' })).final.status).toBe(481);
    expect((await h.subscribe({ aor: ALICE, callId: 'other', toTag, cseq: 7 })).final.status).toBe(481);
  });

  it('ends an unrefreshed subscription at its expiry with reason=timeout', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const h = setup();
    await h.subscribe({ aor: ALICE, callId: 'short', expires: 60 });
    await h.subscribe({ aor: ALICE, callId: 'long', expires: 3600 });
    await h.service.idle();
    h.services.clear();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(h.services.notifies()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await h.service.idle();
    const [ended, ...rest] = h.services.notifies();
    expect(rest).toHaveLength(0);
    expect(ended!.headers.get('Call-ID')).toBe('short');
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'timeout' });
    expect(h.service.subscriptionCount).toBe(1);
    h.service.close();
  });

  it.each([481, 408, 503])('drops the subscription when a NOTIFY is answered %i', async (status) => {
    const h = setup();
    h.services.answer = () => status;
    const first = await h.subscribe({ aor: ALICE, callId: 'gone' });
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(0);
    h.services.answer = () => 200;
    h.services.clear();
    await h.publishCredential(await makeCredential(ALICE));
    await h.service.idle();
    expect(h.services.notifies()).toHaveLength(0);
    const toTag = tagFrom(first.final.headers.get('To'))!;
    expect((await h.subscribe({ aor: ALICE, callId: 'gone', toTag, cseq: 2 })).final.status).toBe(481);
  });

  it('keeps the subscription when a NOTIFY gets another error, and when sendRequest throws it drops it', async () => {
    const h = setup();
    h.services.answer = () => 500;
    await h.subscribe({ aor: ALICE });
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(1);
    h.services.answer = () => Promise.reject(new Error('socket gone'));
    await h.publishCredential(await makeCredential(ALICE));
    await h.service.idle();
    expect(h.service.subscriptionCount).toBe(0);
  });

  it('does not send a NOTIFY the signer could not sign', async () => {
    const h = setup();
    h.signer.fail = true;
    await h.subscribe({ aor: ALICE });
    await h.service.idle();
    expect(h.services.sent).toHaveLength(0);
  });

  it('while a NOTIFY is in flight, sends only the newest state after it, with the next CSeq', async () => {
    const h = setup();
    let release!: () => void;
    const gate = new Promise<number>((resolve) => (release = () => resolve(200)));
    h.services.answer = () => gate;
    await h.subscribe({ aor: ALICE, callId: 'slow' });
    await h.publishCredential(await makeCredential(ALICE));
    const second = await makeCredential(ALICE);
    await h.publishCredential(second);
    await vi.waitFor(() => expect(h.services.notifies()).toHaveLength(1));
    release();
    await h.service.idle();
    const notifies = h.services.notifies('slow');
    expect(notifies).toHaveLength(2);
    expect(notifies[1]!.headers.get('CSeq')).toBe('2 NOTIFY');
    expect(equalBytes(notifyEntity(notifies[1]!)!.body, second.certificate)).toBe(true);
  });
});

describe('SUBSCRIBE refusals', () => {
  it('answers 489 with Allow-Events for an unknown, templated or missing Event, and 400 for an unreadable one', async () => {
    const h = setup();
    for (const event of ['presence', 'certificate.winfo', null]) {
      const incoming = await h.subscribe({ aor: ALICE, event });
      expect(incoming.final.status).toBe(489);
      expect(incoming.final.headers.get('Allow-Events')).toBe('certificate, credential');
    }
    expect((await h.subscribe({ aor: ALICE, event: 'certificate;;' })).final.status).toBe(400);
    expect(h.services.sent).toHaveLength(0);
  });

  it('leaves other packages to the next handler with passUnknownEvents, and other domains always', async () => {
    const h = setup({ passUnknownEvents: true });
    const presence = new FakeIncoming(subscribeRequest({ aor: ALICE, event: 'presence' }), plain(), null);
    expect(await h.service.handle(presence)).toBe(false);
    const elsewhere = new FakeIncoming(subscribeRequest({ aor: 'sip:alice@example.org' }), plain(), null);
    expect(await h.service.handle(elsewhere)).toBe(false);
    const foreignDialog = new FakeIncoming(subscribeRequest({ aor: ALICE, toTag: 'abc123' }), plain(), null);
    expect(await h.service.handle(foreignDialog)).toBe(false);
    expect(presence.answered || elsewhere.answered || foreignDialog.answered).toBe(false);
  });

  it('answers 423 with Min-Expires below 60 s, and cuts long intervals down to a week', async () => {
    const h = setup();
    const brief = await h.subscribe({ aor: ALICE, expires: 59 });
    expect(brief.final.status).toBe(423);
    expect(brief.final.headers.get('Min-Expires')).toBe('60');
    const long = await h.subscribe({ aor: ALICE, expires: 10_000_000 });
    expect(long.final.headers.get('Expires')).toBe('604800');
    const refresh = await h.subscribe({ aor: ALICE, toTag: tagFrom(long.final.headers.get('To'))!, callId: long.request.headers.get('Call-ID')!, cseq: 2, expires: 1 });
    expect(refresh.final.status).toBe(423);
    expect(h.service.subscriptionCount).toBe(1);
  });

  it('answers 406 when Accept leaves out application/pkix-cert, and takes */* and application/*', async () => {
    const h = setup();
    expect((await h.subscribe({ aor: ALICE, accept: 'application/pidf+xml' })).final.status).toBe(406);
    expect((await h.subscribe({ aor: ALICE, accept: 'application/pidf+xml, application/*' })).final.status).toBe(200);
    expect((await h.subscribe({ aor: ALICE, accept: '*/*;q=0.1' })).final.status).toBe(200);
    expect((await h.subscribe({ aor: ALICE, accept: 'application/pkix-cert' })).final.status).toBe(200);
  });

  it('answers 400 when To names another AOR than the Request-URI, or Contact is missing; 404 without a user part', async () => {
    const h = setup();
    const mismatch = new FakeIncoming(subscribeRequest({ aor: BOB, uri: ALICE }), plain(), null);
    await h.service.handle(mismatch);
    expect(mismatch.final.status).toBe(400);
    expect(mismatch.final.reason).toBe('To does not match the Request-URI');
    expect((await h.subscribe({ aor: ALICE, contact: null })).final.status).toBe(400);
    const domainOnly = new FakeIncoming(subscribeRequest({ aor: 'sip:sealphone.test' }), plain(), null);
    await h.service.handle(domainOnly);
    expect(domainOnly.final.status).toBe(404);
  });
});
