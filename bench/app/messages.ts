/**
 * Instant messages alice -> bob through the app, one at a time: from alice's trusted click on Send to the message's
 * list item appearing in bob's open conversation (a MutationObserver in bob's page, i.e. DOM insertion, before paint),
 * and to `Delivered` appearing on alice's own item (the MESSAGE's 200 back).
 */
import { expect } from '@playwright/test';
import type { PhonePage } from '../../e2e/support/phone-page.ts';
import { pageBench } from './calls.ts';
import { events, resetEvents, timeOf } from './page-instrumentation.ts';

const ITEM = 'ol[aria-label="Conversation"] li';

export interface MessageSample {
  shownAtPeer: number;
  delivered: number;
  /** Where `shownAtPeer` goes (sip-wire-log.ts): click -> the MESSAGE handed to the sender's WebSocket ... */
  toWire: number;
  /** ... -> the MESSAGE arriving on the receiver's WebSocket (the server's relay) ... */
  relay: number;
  /** ... -> the item in the receiver's conversation. */
  fromWire: number;
}

export async function prepareConversation(alice: PhonePage, bob: PhonePage): Promise<void> {
  await alice.openConversation(bob.account);
  await bob.openConversation(alice.account);
}

/** With `protection`, bob's item must contain that text (checked after the times are taken). */
export async function sendOne(alice: PhonePage, bob: PhonePage, text: string, { protection }: { protection?: string } = {}): Promise<MessageSample> {
  await resetEvents(alice.page);
  await resetEvents(bob.page);
  const shown = pageBench(bob.page).waitForText(ITEM, [text]);
  const delivered = pageBench(alice.page).waitForText(ITEM, [text, 'Delivered']);
  shown.catch(() => undefined);
  delivered.catch(() => undefined);
  await alice.textbox('Message').fill(text);
  await alice.button('Send').click();
  const [shownAt, deliveredAt] = await Promise.all([shown, delivered]);
  const [aliceEvents, bobEvents] = await Promise.all([events(alice.page), events(bob.page)]);
  const sentAt = timeOf(aliceEvents, 'click:Send');
  if (sentAt === undefined) throw new Error('no click on Send on the timeline');
  const wireOut = timeOf(aliceEvents, 'ws-out:MESSAGE', sentAt);
  const wireIn = timeOf(bobEvents, 'ws-in:MESSAGE', sentAt);
  if (wireOut === undefined || wireIn === undefined) throw new Error('the MESSAGE is missing from the WebSocket log');
  if (protection) await expect(bob.page.locator(ITEM, { hasText: text })).toContainText(protection);
  return { shownAtPeer: shownAt - sentAt, delivered: deliveredAt - sentAt, toWire: wireOut - sentAt, relay: wireIn - wireOut, fromWire: shownAt - wireIn };
}
