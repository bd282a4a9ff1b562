/**
 * Where the focus goes when the control that had it disappears (issue 17): after Sign in, after a dialog, after
 * Answer. Without this it falls to the page body and a keyboard user starts again from the top.
 */

/** The id of "Call or message" (Dialer.tsx), the main control of the signed-in screen. */
export const MAIN_CONTROL_ID = 'call-or-message';

/** Focuses the main control; false when it is not on the page. */
export function focusMainControl(): boolean {
  const el = document.getElementById(MAIN_CONTROL_ID);
  el?.focus();
  return el !== null && document.activeElement === el;
}

/** Whether nothing (or only the body) has the focus: what is left after the focused control is removed. */
export function focusIsLost(): boolean {
  const el = document.activeElement;
  return el === null || el === document.body || !el.isConnected;
}

const TEXT_INPUTS = new Set(['text', 'search', 'password', 'url', 'email', 'tel', 'number']);

/** Whether `el` takes typed text (a text input, a textarea, or content-editable). */
export function isTextField(el: Element | null): el is HTMLElement {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return TEXT_INPUTS.has(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Whether the person is in the middle of typing something, which an incoming call must not take the focus from: a
 * text field with text in it, other than "Call or message" (an address there is already complete), or a dialog.
 */
export function isTyping(): boolean {
  const el = document.activeElement;
  if (el?.closest('[role="dialog"]')) return true;
  if (!isTextField(el) || el.id === MAIN_CONTROL_ID) return false;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value !== '' : (el.textContent ?? '') !== '';
}
