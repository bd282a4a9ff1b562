/**
 * What a new user types (issue 17): a server address pasted as http(s):// is taken as the WebSocket address it names,
 * a phone number written with spaces, brackets and dashes is dialled as digits, an unusable entry is answered with a
 * sentence naming it, and a mistyped contact can be renamed and deleted (its call history stays).
 */
import { expect, test } from './fixtures.ts';
import { openSignIn } from './support/keys.ts';

test('a server address pasted as http:// signs in', async ({ browser, accounts, baseURL }) => {
  const alice = await openSignIn(browser, accounts.alice);
  await alice.textbox('Server').fill(`${baseURL}/`);
  await alice.fillSignIn();
  await expect(alice.registration).toContainText('Registered');
  await alice.page.context().close();
});

test('a phone number with spaces, brackets and dashes is dialled as +digits at the own domain', async ({ alice }) => {
  await alice.textbox('Call or message').fill('+1 (555) 010-2030');
  await expect(alice.page.getByRole('heading', { name: 'Messages with +15550102030@sealphone.test', exact: true })).toBeVisible();
  await alice.button('Call').click();
  await expect(alice.callRegion).toContainText('sip:+15550102030@sealphone.test');
  await expect(alice.callRegion).toContainText('Ended');
  await expect(alice.page.getByText(/They is/)).toHaveCount(0);
});

test('an entry that is no address is refused with a sentence that names it', async ({ alice }) => {
  await alice.textbox('Call or message').fill('bob smith');
  await alice.button('Call').click();
  await expect(alice.page.getByRole('alert')).toHaveText('“bob smith” is not a SIP address or phone number. Type a name like bob, bob@example.com or a number like +1 555 010 2030.');
});

test('a mistyped contact can be renamed and deleted, kept so after a reload; its call history stays', async ({ alice, bob }) => {
  await alice.sendMessage(bob.account, 'hello');
  await alice.textbox('Call or message').fill('bbob');
  await alice.button('Call').click();
  await expect(alice.callRegion).toContainText('Ended');
  const contacts = alice.page.getByRole('region', { name: 'Contacts', exact: true });
  await expect(contacts.getByRole('button', { name: 'Delete bbob@sealphone.test', exact: true })).toBeVisible();

  await contacts.getByRole('button', { name: `Rename ${bob.account.address}`, exact: true }).click();
  const name = contacts.getByRole('textbox', { name: `Name for ${bob.account.address}`, exact: true });
  await expect(name).toBeFocused();
  await name.fill('Bob Builder');
  await name.press('Enter');
  await expect(contacts.getByRole('button', { name: 'Rename Bob Builder', exact: true })).toBeFocused();

  await contacts.getByRole('button', { name: 'Delete bbob@sealphone.test', exact: true }).click();
  await expect(contacts).not.toContainText('bbob');
  const history = alice.page.getByRole('region', { name: 'Recent', exact: true });
  await expect(history).toContainText('bbob@sealphone.test');

  await alice.page.reload();
  await alice.signIn();
  await expect(contacts.getByRole('button', { name: /^Bob Builder/ })).toBeVisible();
  await expect(contacts).not.toContainText('bbob');
  await expect(history).toContainText('bbob@sealphone.test');
});

test('a bare user name signs in at the SIP domain the server serves, not at its host name', async ({ browser, accounts }) => {
  const alice = await openSignIn(browser, accounts.alice);
  await alice.textbox('SIP address').fill(accounts.alice.address.split('@')[0]!);
  await alice.textbox('Password').fill(accounts.alice.password);
  await alice.button('Sign in').click();
  await expect(alice.registration).toContainText('Registered');
  await expect(alice.page.getByRole('banner')).toContainText(accounts.alice.address);
  await alice.page.context().close();
});

test('the encrypted-only setting reads on one line beside its box, at 1280 and 360 px', async ({ alice }) => {
  for (const width of [1280, 360]) {
    await alice.page.setViewportSize({ width, height: 800 });
    const box = alice.page.getByRole('checkbox', { name: 'Only end-to-end encrypted calls and messages', exact: true });
    const words = alice.page.getByText('Only end-to-end encrypted calls and messages', { exact: true });
    const [b, w] = [await box.boundingBox(), await words.boundingBox()];
    expect(b && w, 'both on screen').toBeTruthy();
    // Beside it (starts within 24 px of the box's right edge) and on the box's line (its top within the box's height).
    expect(w!.x - (b!.x + b!.width)).toBeLessThan(24);
    expect(Math.abs(w!.y + w!.height / 2 - (b!.y + b!.height / 2))).toBeLessThan(b!.height);
  }
});
