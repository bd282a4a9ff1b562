/**
 * What should ring and what should be notified, decided from the store's state alone (pure functions); the
 * Ringer and Notifications services only perform it (wired in `createAppStore`).
 */
import type { CallInfo, MessageInfo } from '../sip/sip-client.ts';
import type { Tone } from '../services/ringer.ts';
import type { AlertNotification, NotificationEnvironment } from '../services/notifications.ts';
import type { AppState } from './app-store.ts';
import { displayAor, peerKey } from './sip-address.ts';

const liveCalls = (s: AppState): CallInfo[] => s.calls.order.map((id) => s.calls.byId[id]).filter((c): c is CallInfo => c !== undefined && c.state !== 'ended');
const ringingIn = (c: CallInfo) => c.direction === 'incoming' && c.state === 'ringing';

/**
 * The tone to play: `ringtone` for an incoming call, `call-waiting` for one that arrives while another call is
 * connected (held or not), `ringback` while a call we made rings at the other end, otherwise nothing.
 */
export function toneFor(s: AppState): Tone | null {
  const calls = liveCalls(s);
  if (calls.some(ringingIn)) return calls.some((c) => c.state === 'connected') ? 'call-waiting' : 'ringtone';
  if (calls.some((c) => c.direction === 'outgoing' && c.state === 'ringing')) return 'ringback';
  return null;
}

export interface NotificationDecision {
  show: AlertNotification[];
  /** Tags of notifications that are out of date (the call stopped ringing). */
  close: string[];
}

/** At most this many characters of a message in its notification. */
export const PREVIEW_LENGTH = 120;

export function preview(text: string, length = PREVIEW_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

export const callTag = (call: CallInfo) => `call:${call.id}`;
export const messageTag = (peer: string) => `message:${peerKey(peer)}`;

function newIncomingMessages(prev: AppState, next: AppState): MessageInfo[] {
  if (prev.messages.byPeer === next.messages.byPeer) return [];
  const fresh: MessageInfo[] = [];
  for (const [peer, list] of Object.entries(next.messages.byPeer)) {
    const before = prev.messages.byPeer[peer];
    if (before === list) continue;
    const known = new Set((before ?? []).map((m) => m.id));
    // A message loaded from this device's history was notified (or seen) when it arrived.
    fresh.push(...(list.filter((m) => m.direction === 'incoming' && !m.restored && !known.has(m.id)) as MessageInfo[]));
  }
  return fresh;
}

/**
 * Notifications for what arrived between two states: a new incoming ringing call and each new incoming message,
 * only while the page is hidden and notifications are allowed. A call that stops ringing closes its notification.
 */
export function notificationsFor(prev: AppState, next: AppState, environment: () => NotificationEnvironment): NotificationDecision {
  const decision: NotificationDecision = { show: [], close: [] };
  if (prev.calls.byId !== next.calls.byId) {
    for (const call of Object.values(prev.calls.byId)) {
      const now = next.calls.byId[call.id];
      if (ringingIn(call) && !(now && ringingIn(now))) decision.close.push(callTag(call));
    }
  }
  const ringing = Object.values(next.calls.byId).filter((call) => {
    const before = prev.calls.byId[call.id];
    return ringingIn(call) && !(before && ringingIn(before));
  });
  const messages = newIncomingMessages(prev, next);
  if (ringing.length === 0 && messages.length === 0) return decision;
  // Read only now: the browser's permission is slow to read, and most changes (every message sent) show nothing.
  const env = environment();
  if (env.visible || env.permission !== 'granted') return decision;
  for (const call of ringing) {
    const busy = Object.values(next.calls.byId).some((c) => c.id !== call.id && c.state === 'connected');
    decision.show.push({
      tag: callTag(call),
      title: `Incoming call from ${call.peerDisplayName || displayAor(call.peer)}`,
      body: `${call.video ? 'Video' : 'Audio'} call${call.peerDisplayName ? ` · ${displayAor(call.peer)}` : ''}${busy ? ' · you are in another call' : ''}`,
      requireInteraction: true,
    });
  }
  for (const message of messages) {
    decision.show.push({ tag: messageTag(message.peer), title: `Message from ${displayAor(peerKey(message.peer))}`, body: preview(message.text) });
  }
  return decision;
}

export const alertSelectors = { tone: toneFor };
