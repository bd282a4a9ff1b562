/**
 * The QA fixture: `alice`, `bob` and `carol`, each signed in in a browser context of their own, their accounts made
 * through the server's CLI. Fixtures are lazy: a test that names only `alice` and `bob` leaves carol offline.
 */
import { test as base, expect } from '@playwright/test';
import { account, createAccount, type Account } from './support/accounts.ts';
import { PhonePage } from './support/phone-page.ts';

export { expect };
export { PhonePage } from './support/phone-page.ts';

interface Accounts {
  alice: Account;
  bob: Account;
  carol: Account;
}

interface Phones {
  alice: PhonePage;
  bob: PhonePage;
  carol: PhonePage;
}

const phone =
  (name: keyof Accounts) =>
  async ({ browser, accounts }: { browser: import('@playwright/test').Browser; accounts: Accounts }, use: (p: PhonePage) => Promise<void>) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const p = new PhonePage(page, accounts[name]);
    await p.open();
    await p.signIn();
    await use(p);
    await context.close();
    expect(errors, `page errors in ${name}'s browser`).toEqual([]);
  };

export const test = base.extend<Phones, { accounts: Accounts }>({
  accounts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use({ alice: createAccount(account('alice')), bob: createAccount(account('bob')), carol: createAccount(account('carol')) });
    },
    { scope: 'worker' },
  ],
  alice: phone('alice'),
  bob: phone('bob'),
  carol: phone('carol'),
});
