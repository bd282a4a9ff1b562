/**
 * A person of the key and secure-call scenarios: a browser context of their own, signed in (through a relay when
 * `serverUrl` is given), with the Security page-object next to the phone. Every person opened here and the relay in
 * use are closed after each test (`closePeople`, from the spec's afterEach).
 */
import { expect, type Browser } from '@playwright/test';
import type { Account } from './accounts.ts';
import { startMitmRelay, type MitmRelay } from './mitm-relay.ts';
import { PhonePage } from './phone-page.ts';
import { SecurityPage } from './security-page.ts';

export interface Person {
  phone: PhonePage;
  security: SecurityPage;
}

const opened: Person[] = [];
let relayInUse: MitmRelay | null = null;

/** Opens a context and signs in; the key dialog is left to the test. */
export async function openPerson(browser: Browser, account: Account, serverUrl?: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const phone = new PhonePage(page, account);
  await phone.open();
  if (serverUrl) await phone.textbox('Server').fill(serverUrl);
  await phone.fillSignIn();
  const person = { phone, security: new SecurityPage(page) };
  opened.push(person);
  await expect(phone.registration).toContainText('Registered');
  return person;
}

/** A man-in-the-middle relay in front of the test server at `baseURL` (closed after the test). */
export async function startRelay(baseURL: string, listen: { host?: string; urlHost?: string } = {}): Promise<MitmRelay> {
  relayInUse = await startMitmRelay({ upstream: `${baseURL.replace(/^http/, 'ws')}/sip`, ...listen });
  return relayInUse;
}

/** Closes everyone opened since the last call, and the relay. */
export async function closePeople(): Promise<void> {
  for (const p of opened.splice(0)) await p.phone.page.context().close();
  await relayInUse?.close();
  relayInUse = null;
}
