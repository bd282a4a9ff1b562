/**
 * The server dies during a session (SIGKILL, as in a crash) and comes back: the softphones say so, reconnect with
 * backoff, register again by themselves, and messages flow again. A server of the test's own (e2e/support/own-server.ts).
 */
import { account, createAccount } from './support/accounts.ts';
import { startOwnServer, type OwnServer } from './support/own-server.ts';
import { expect, PhonePage, test } from './fixtures.ts';

let server: OwnServer;

test.beforeEach(async () => {
  server = await startOwnServer('restart');
});

test.afterEach(async () => {
  await server.dispose();
});

test('the server restarted during a session: both clients register again by themselves', async ({ browser }) => {
  const alice = account('alice');
  const bob = account('bob');
  createAccount(alice, server.db);
  createAccount(bob, server.db);
  const phones: PhonePage[] = [];
  for (const who of [alice, bob]) {
    const context = await browser.newContext();
    const phone = new PhonePage(await context.newPage(), who);
    await phone.open(server.url);
    await expect(phone.textbox('Server')).toHaveValue(`ws://127.0.0.1:${server.port}/sip`);
    await phone.signIn();
    phones.push(phone);
  }
  const [a, b] = phones as [PhonePage, PhonePage];

  await server.kill();
  await expect(a.registration).toHaveText('Connection lost, reconnecting…');
  await expect(b.registration).toHaveText('Connection lost, reconnecting…');

  await server.start();
  // JsSIP's recovery backs off from 2 s; the first attempts after the restart succeed.
  await expect(a.registration).toHaveText('Registered', { timeout: 20_000 });
  await expect(b.registration).toHaveText('Registered', { timeout: 20_000 });

  await a.sendMessage(bob, 'Back after the restart');
  await expect(a.message('Back after the restart')).toContainText('Delivered');
  await expect(b.message('Back after the restart')).toBeVisible();
  for (const p of phones) await p.page.context().close();
});
