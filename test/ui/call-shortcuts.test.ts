/** The call shortcuts (issue 17): which key press is which action, and which call it acts on. */
import { describe, expect, it } from 'vitest';
import { shortcutOf, shortcutTarget } from '../../src/ui/call-shortcuts.ts';
import type { CallInfo } from '../../src/stores/types.ts';

const press = (code: string, mods: { altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; repeat?: boolean } = {}) => ({
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  repeat: false,
  ...mods,
});

describe('shortcutOf', () => {
  it.each([
    { name: 'Alt+A answers', e: press('KeyA', { altKey: true }), want: 'answer' },
    { name: 'Alt+X hangs up', e: press('KeyX', { altKey: true }), want: 'hangUp' },
    { name: 'Alt+M mutes', e: press('KeyM', { altKey: true }), want: 'mute' },
    { name: 'A alone is typing', e: press('KeyA'), want: null },
    { name: 'Ctrl+Alt+A is not ours (AltGr on some layouts)', e: press('KeyA', { altKey: true, ctrlKey: true }), want: null },
    { name: 'Alt+Shift+A is not ours', e: press('KeyA', { altKey: true, shiftKey: true }), want: null },
    { name: 'a held key does not repeat the action', e: press('KeyM', { altKey: true, repeat: true }), want: null },
    { name: 'Alt+H is not ours (Firefox Help menu)', e: press('KeyH', { altKey: true }), want: null },
  ])('$name', ({ e, want }) => {
    expect(shortcutOf(e)).toBe(want);
  });
});

const call = (id: string, direction: CallInfo['direction'], state: CallInfo['state']): CallInfo => ({ id, direction, state }) as CallInfo;

describe('shortcutTarget', () => {
  const ringing = call('in', 'incoming', 'ringing');
  const connected = call('on', 'outgoing', 'connected');
  const waiting = call('wait', 'incoming', 'ringing');
  it.each([
    { name: 'answer: the ringing call on screen', action: 'answer' as const, primary: ringing, waiting: [], want: 'in' },
    { name: 'answer: the waiting call behind a connected one', action: 'answer' as const, primary: connected, waiting: [waiting], want: 'wait' },
    { name: 'answer: nothing rings', action: 'answer' as const, primary: connected, waiting: [], want: undefined },
    { name: 'hang up: the call on screen', action: 'hangUp' as const, primary: connected, waiting: [waiting], want: 'on' },
    { name: 'hang up: a ringing call (declined)', action: 'hangUp' as const, primary: ringing, waiting: [], want: 'in' },
    { name: 'hang up: an ended call is left alone', action: 'hangUp' as const, primary: call('old', 'outgoing', 'ended'), waiting: [], want: undefined },
    { name: 'mute: only a connected call', action: 'mute' as const, primary: ringing, waiting: [], want: undefined },
    { name: 'mute: the connected call', action: 'mute' as const, primary: connected, waiting: [], want: 'on' },
  ])('$name', ({ action, primary, waiting: w, want }) => {
    expect(shortcutTarget(action, primary, w)?.id).toBe(want);
  });
});
