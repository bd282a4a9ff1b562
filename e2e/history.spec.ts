/**
 * History on the device (issue 17, deliverable 5): conversations kept encrypted in IndexedDB and shown again after a
 * reload, deleted at sign-out when asked; a message to someone offline waits and is sent again until it is delivered;
 * Recent calls redial.
 */
import { freshAccount } from './support/accounts.ts';
import { relayedText } from './support/mitm-relay.ts';
import { closePeople, openPerson, startRelay } from './support/person.ts';
import { expect, PhonePage, test } from './fixtures.ts';
import { rawHistoryRecords, recentCalls, reloadAndSignIn, signOut } from './support/history.ts';

test.afterEach(closePeople);

test.describe('conversations kept on the device', () => {
  test('messages survive a reload on both sides, with the protection noted when they were received', async ({ alice, bob }) => {
    await alice.sendMessage(bob.account, 'Kept after a reload?');
    await expect(alice.message('Kept after a reload?')).toContainText('Delivered');
    await bob.sendMessage(alice.account, 'Kept here too.');
    await expect(bob.message('Kept here too.')).toContainText('Delivered');

    await reloadAndSignIn(alice);
    await reloadAndSignIn(bob);
    await alice.openConversation(bob.account);
    await bob.openConversation(alice.account);
    for (const [phone, mine, theirs] of [
      [alice, 'Kept after a reload?', 'Kept here too.'],
      [bob, 'Kept here too.', 'Kept after a reload?'],
    ] as const) {
      await expect(phone.message(mine)).toContainText('Delivered');
      // Neither put a key on this device: the notes say so, as they did when the messages were sent and received.
      await expect(phone.message(mine)).toContainText('Not end-to-end encrypted');
      await expect(phone.message(theirs)).toContainText('Not end-to-end encrypted');
      await expect(phone.message(theirs)).toContainText('as checked when received');
    }
  });

  test('the records in IndexedDB hold no plaintext, and their key cannot be read out', async ({ alice, bob }) => {
    const secret = 'Meet me at the blue door at nine';
    await alice.sendMessage(bob.account, secret);
    await expect(bob.message(secret)).toBeVisible();
    await expect(alice.message(secret)).toContainText('Delivered');
    for (const phone of [alice, bob]) {
      await expect.poll(async () => (await rawHistoryRecords(phone)).filter((r) => r.store === 'messages').length, { message: `${phone.account.name} stored the message` }).toBe(1);
      const records = await rawHistoryRecords(phone);
      for (const record of records) {
        expect(record.text).not.toContain(secret);
        expect(record.text).not.toContain('blue door');
        expect(record.text).not.toContain(phone === alice ? bob.account.name : alice.account.name);
      }
      const keys = records.flatMap((r) => r.cryptoKeys);
      expect(keys).toEqual([{ extractable: false, algorithm: 'AES-GCM', usages: ['encrypt', 'decrypt'] }]);
    }
  });

  test('sign-out keeps the history by default, and deletes it, key and all, when asked', async ({ alice, bob }) => {
    await alice.sendMessage(bob.account, 'Still here after sign-out?');
    await expect(alice.message('Still here after sign-out?')).toContainText('Delivered');

    await signOut(alice);
    await alice.signIn();
    await alice.openConversation(bob.account);
    await expect(alice.message('Still here after sign-out?')).toContainText('Delivered');
    expect((await rawHistoryRecords(alice)).length).toBeGreaterThan(0);

    await signOut(alice, { deleteHistory: true });
    expect(await rawHistoryRecords(alice)).toEqual([]);
    await alice.signIn();
    await alice.openConversation(bob.account);
    await expect(alice.conversation.getByRole('listitem')).toHaveCount(0);
    await expect(recentCalls(alice)).toContainText('No calls yet.');
  });
});

test.describe('a message to someone offline', () => {
  test('waits for carol, survives a reload, can be cancelled, and arrives when carol signs in', async ({ alice, accounts, browser }) => {
    await alice.sendMessage(accounts.carol, 'Carol, read this when you are back.');
    await alice.sendMessage(accounts.carol, 'Never mind this one.');
    await expect(alice.message('Carol, read this when you are back.')).toContainText('Waiting for carol@sealphone.test');
    await expect(alice.message('Never mind this one.')).toContainText('Waiting for carol@sealphone.test');
    await expect(alice.message('Carol, read this when you are back.')).not.toContainText('Not delivered');

    await reloadAndSignIn(alice);
    await alice.openConversation(accounts.carol);
    await expect(alice.message('Carol, read this when you are back.')).toContainText('Waiting for carol@sealphone.test');
    await alice.button('Cancel sending', alice.message('Never mind this one.')).click();
    await expect(alice.message('Never mind this one.')).toHaveCount(0);

    const context = await browser.newContext();
    const carol = new PhonePage(await context.newPage(), accounts.carol);
    await carol.open();
    await carol.signIn();
    await carol.openConversation(alice.account);
    // Tried again with back-off while alice is online: 5 s after the last refusal, then 10 s, 20 s, ... at most 60 s.
    await expect(carol.message('Carol, read this when you are back.')).toBeVisible({ timeout: 30_000 });
    await expect(alice.message('Carol, read this when you are back.')).toContainText('Delivered');
    await expect(carol.message('Never mind this one.')).toHaveCount(0);
    await context.close();
  });
});

test.describe('an encrypted message to someone offline', () => {
  test('each attempt is sealed anew (its own Call-ID and Date), so the receiver takes the one that arrives', async ({ browser, baseURL }) => {
    const [a, b] = [freshAccount('amy'), freshAccount('ben')];
    const ben = await openPerson(browser, b);
    await ben.security.createKey(b.keyPassphrase);
    await signOut(ben.phone);
    const relay = await startRelay(baseURL!);
    const amy = await openPerson(browser, a, relay.url);
    await amy.security.createKey(a.keyPassphrase);
    await amy.phone.openConversation(b);
    await expect(amy.security.peerCertificate).toHaveText(/^Certified by /);

    const secret = `the spare key is under stone ${Math.random().toString(36).slice(2)}`;
    await amy.phone.sendMessage(b, secret);
    await expect(amy.phone.message(secret)).toContainText(`Waiting for ${b.address}`);
    await expect(amy.phone.message(secret)).toContainText('End-to-end encrypted');
    const attempts = () => relay.log.filter((m) => m.direction === 'to-server' && m.startLine.startsWith('MESSAGE ')).map(relayedText);
    // The first attempt, and the one 5 s after its refusal.
    await expect.poll(() => attempts().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    await ben.phone.signIn();
    await ben.phone.openConversation(a);
    await expect(ben.phone.message(secret)).toContainText(`End-to-end encrypted, signed by ${a.address}`, { timeout: 30_000 });
    await expect(amy.phone.message(secret)).toContainText('Delivered');
    const sent = attempts();
    const header = (text: string, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]+)`, 'i').exec(text)?.[1];
    expect(new Set(sent.map((t) => header(t, 'Call-ID'))).size).toBe(sent.length);
    // Attempts are seconds apart: each carries its own Date, which its signed protected headers repeat.
    expect(new Set(sent.map((t) => header(t, 'Date'))).size).toBe(sent.length);
    for (const text of sent) {
      expect(text).not.toContain(secret);
      expect(text).toMatch(/application\/pkcs7-mime/i);
    }
    await expect(ben.phone.conversation.getByRole('listitem').filter({ hasText: secret })).toHaveCount(1);
  });
});

test.describe('Recent calls', () => {
  test('an entry calls the same person again, with the same kind of call', async ({ alice, bob }) => {
    await alice.call(bob.account, { video: true });
    await bob.expectCall(alice.account, 'Ringing');
    await alice.hangUp();
    await alice.button('Close', alice.callRegion).click();
    await bob.button('Close', bob.callRegion).click();
    // The entry and its button fit a 360 px phone without sideways scrolling.
    await alice.page.setViewportSize({ width: 360, height: 740 });
    await expect(alice.button('Video call bob@sealphone.test again', recentCalls(alice))).toBeVisible();
    expect(await alice.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await alice.button('Video call bob@sealphone.test again', recentCalls(alice)).click();
    await bob.expectCall(alice.account, 'Ringing');
    await expect(bob.callRegion).toContainText('Video call');
    await bob.answer();
    await alice.expectCall(bob.account, 'Connected');
  });
});
