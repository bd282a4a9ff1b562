/**
 * Keyboard shortcuts for calls (issue 17): Alt+A answers the call that rings, Alt+X hangs up the call on screen (or
 * declines it while it rings), Alt+M mutes or unmutes it. Alt with a letter, matched by the physical key (`code`) so
 * that it works on layouts and systems where Alt changes the character: none of the three is a Chromium or Firefox
 * shortcut (Firefox opens its Help menu on Alt+H, hence X). They work while typing, being modified; each button
 * names its shortcut in aria-keyshortcuts.
 */
import type { CallInfo } from '../stores/types.ts';

export const SHORTCUTS = { answer: 'Alt+A', hangUp: 'Alt+X', mute: 'Alt+M' } as const;

export type ShortcutAction = keyof typeof SHORTCUTS;

const CODES: Readonly<Record<string, ShortcutAction>> = { KeyA: 'answer', KeyX: 'hangUp', KeyM: 'mute' };

/** The action of a key press, or null when it is none of ours. */
export function shortcutOf(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'repeat'>): ShortcutAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.repeat) return null;
  return CODES[e.code] ?? null;
}

/** The call each shortcut acts on: the ringing one for answer (the one on screen, else the first waiting call), the one on screen otherwise. */
export function shortcutTarget(action: ShortcutAction, primary: CallInfo | undefined, waiting: readonly CallInfo[]): CallInfo | undefined {
  const ringing = (c: CallInfo | undefined) => c !== undefined && c.direction === 'incoming' && c.state === 'ringing';
  if (action === 'answer') return ringing(primary) ? primary : waiting[0];
  if (!primary || primary.state === 'ended') return undefined;
  if (action === 'mute') return primary.state === 'connected' ? primary : undefined;
  return primary;
}
