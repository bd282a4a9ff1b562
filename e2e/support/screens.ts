/**
 * The screens the accessibility spec visits (issue 17 deliverable 8). Each screen brings its own people up, with
 * fresh accounts, and returns the page to look at; a new screen is one more entry in SCREENS. People opened here
 * are closed by `closePeople` (e2e/support/person.ts) after each test.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { freshAccount, type Account } from './accounts.ts';
import { openPerson, type Person } from './person.ts';
import { PhonePage } from './phone-page.ts';

export interface Screen {
  /** File-name friendly: test-results/screens/<name>-<width>-<scheme>.png */
  name: string;
  reach: (browser: Browser) => Promise<Page>;
}

/** A person signed in with a key of their own (so that calls and messages between two of them are encrypted). */
async function withKey(browser: Browser, account: Account): Promise<Person> {
  const person = await openPerson(browser, account);
  await person.security.createKey(account.keyPassphrase);
  return person;
}

/** amy and ben, both with keys, each having seen the other's certificate certified by the domain. */
async function pair(browser: Browser): Promise<{ amy: Person; ben: Person; a: Account; b: Account }> {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const [amy, ben] = [await withKey(browser, a), await withKey(browser, b)];
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText(/^Certified by /);
  await ben.phone.openConversation(a);
  await expect(ben.security.peerCertificate).toHaveText(/^Certified by /);
  return { amy, ben, a, b };
}

/** amy rings with a call from ben, both with keys. */
async function ringing(browser: Browser): Promise<{ amy: Person; ben: Person; a: Account; b: Account }> {
  const people = await pair(browser);
  await people.ben.phone.call(people.a);
  await people.amy.phone.expectCall(people.b, 'Ringing');
  return people;
}

export const SCREENS: Screen[] = [
  {
    name: 'sign-in',
    reach: async (browser) => {
      const context = await browser.newContext();
      const phone = new PhonePage(await context.newPage(), freshAccount('amy'));
      await phone.open();
      await expect(phone.button('Sign in')).toBeVisible();
      await expect(phone.page.getByRole('status', { name: 'Browser check', exact: true })).not.toHaveText('Checking this browser…');
      return phone.page;
    },
  },
  {
    name: 'idle',
    reach: async (browser) => {
      const amy = await openPerson(browser, freshAccount('amy'));
      await amy.phone.putOffKeyDialog();
      return amy.phone.page;
    },
  },
  {
    name: 'conversation',
    reach: async (browser) => {
      const { amy, ben, a, b } = await pair(browser);
      await ben.phone.sendMessage(a, 'Are you there?');
      await expect(amy.phone.message('Are you there?')).toContainText('End-to-end encrypted');
      await amy.phone.sendMessage(b, 'Yes, call me.');
      await expect(amy.phone.message('Yes, call me.')).toContainText('Delivered');
      return amy.phone.page;
    },
  },
  {
    name: 'incoming-call',
    reach: async (browser) => (await ringing(browser)).amy.phone.page,
  },
  {
    name: 'connected-call',
    reach: async (browser) => {
      const { amy, b } = await ringing(browser);
      await amy.phone.answer();
      await amy.phone.expectCall(b, 'Connected');
      await expect(amy.phone.callRegion).toContainText('End-to-end encrypted');
      return amy.phone.page;
    },
  },
  {
    name: 'key-dialog',
    reach: async (browser) => {
      const amy = await openPerson(browser, freshAccount('amy'));
      await expect(amy.security.protectDialog).toBeVisible();
      return amy.phone.page;
    },
  },
  {
    name: 'verify-words',
    reach: async (browser) => {
      const { amy, b } = await ringing(browser);
      await amy.phone.answer();
      await amy.phone.expectCall(b, 'Connected');
      await amy.phone.callRegion.getByRole('button', { name: 'Mark as verified', exact: true }).click();
      await expect(amy.phone.callRegion.getByRole('group', { name: 'Mark as verified', exact: true })).toBeVisible();
      return amy.phone.page;
    },
  },
  {
    name: 'scan-fingerprint',
    reach: async (browser) => {
      const { amy } = await pair(browser);
      const security = amy.phone.page.getByRole('region', { name: 'Security', exact: true });
      await security.getByRole('button', { name: 'Scan a fingerprint', exact: true }).click();
      await expect(security.getByRole('button', { name: 'Stop scanning', exact: true })).toBeVisible();
      return amy.phone.page;
    },
  },
  {
    name: 'sign-out-dialog',
    reach: async (browser) => {
      const amy = await openPerson(browser, freshAccount('amy'));
      await amy.phone.putOffKeyDialog();
      await amy.phone.button('Sign out').click();
      await expect(amy.phone.page.getByRole('dialog', { name: 'Sign out', exact: true })).toBeVisible();
      return amy.phone.page;
    },
  },
  {
    name: 'settings',
    reach: async (browser) => {
      const amy = await openPerson(browser, freshAccount('amy'));
      await amy.phone.putOffKeyDialog();
      await amy.phone.openDeviceSettings();
      return amy.phone.page;
    },
  },
];
