/**
 * The messages of the conversations as the store keeps them, and what is kept on the device: the message as it was
 * sent or received, its protection as it was established then (never checked again when it is shown later), and
 * whether it waits for an offline person. At most HISTORY_PER_PEER messages per person.
 */
import type { MessageInfo } from '../sip/sip-client.ts';
import { peerKey } from './sip-address.ts';

export const HISTORY_PER_PEER = 500;

export interface ConversationMessage extends Omit<MessageInfo, 'state'> {
  /** `waiting`: refused for now because the person (or we) was offline; sent again until delivered (outbox.ts). */
  state: MessageInfo['state'] | 'waiting';
  /**
   * Loaded from this device's history rather than seen in this session: its protection is the one noted when it was
   * received or sent, not checked again.
   */
  restored?: true;
}

/** A refusal that is worth trying again: the person is offline (480), or the request or our connection timed out or failed. */
export function isRetryable(failure: MessageInfo['failure']): boolean {
  if (!failure) return false;
  if (failure.kind === 'unavailable') return failure.status === undefined || failure.status === 480;
  return failure.kind === 'timeout' || failure.kind === 'network';
}

/**
 * Stored messages as they come back: marked restored; one whose sending was under way when the page closed is
 * unknown, so it waits to be sent again (a second copy is better than a lost message).
 */
export function restore(stored: ConversationMessage[]): ConversationMessage[] {
  return stored.map((m) => ({ ...m, restored: true as const, ...(m.state === 'sending' ? { state: 'waiting' as const } : {}) }));
}

/** The stored messages put into the conversations, by time, the ones already shown winning, at most HISTORY_PER_PEER each. */
export function mergeHistory(byPeer: Record<string, ConversationMessage[]>, stored: ConversationMessage[]): { byPeer: Record<string, ConversationMessage[]>; dropped: ConversationMessage[] } {
  const next: Record<string, ConversationMessage[]> = { ...byPeer };
  const dropped: ConversationMessage[] = [];
  const grouped = new Map<string, ConversationMessage[]>();
  for (const m of stored) grouped.set(peerKey(m.peer), [...(grouped.get(peerKey(m.peer)) ?? []), m]);
  for (const [key, list] of grouped) {
    const shown = next[key] ?? [];
    const ids = new Set(shown.map((m) => m.id));
    const merged = [...list.filter((m) => !ids.has(m.id)), ...shown].sort((a, b) => a.at - b.at);
    const { kept, over } = bounded(merged);
    next[key] = kept;
    dropped.push(...over);
  }
  return { byPeer: next, dropped };
}

/** The last HISTORY_PER_PEER messages, and the older ones that no longer fit. */
export function bounded(list: ConversationMessage[]): { kept: ConversationMessage[]; over: ConversationMessage[] } {
  const cut = Math.max(0, list.length - HISTORY_PER_PEER);
  return { kept: list.slice(cut), over: list.slice(0, cut) };
}
