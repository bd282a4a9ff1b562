/**
 * Focus for calls (issue 17): an incoming call takes the focus to Answer and scrolls into view, unless the person is
 * typing (then it is announced, with its shortcut, and the focus stays); once answered, the focus moves to Hang up.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useAppStore } from './store-context.tsx';
import { callSelectors } from '../stores/calls-slice.ts';
import { focusIsLost, focusMainControl, isTyping } from './focus.ts';
import { shortcutOf, shortcutTarget } from './call-shortcuts.ts';
import type { CallInfo } from '../stores/types.ts';

/**
 * When `ringing` becomes true: focus and show `answer`, or, while the person types, return true so that the caller
 * announces the call instead. When it becomes false with the focus lost (Answer is gone), focus `hangUp`.
 */
export function useIncomingCallFocus(callId: string, ringing: boolean, answer: RefObject<HTMLButtonElement | null>, hangUp: RefObject<HTMLButtonElement | null>): boolean {
  const [announce, setAnnounce] = useState(false);
  const wasRinging = useRef(false);
  useEffect(() => {
    if (ringing && !wasRinging.current) {
      const typing = isTyping();
      setAnnounce(typing);
      if (!typing && answer.current) {
        answer.current.focus({ preventScroll: true });
        answer.current.scrollIntoView({ block: 'center' });
      }
    } else if (!ringing && wasRinging.current) {
      setAnnounce(false);
      // Answered: Hang up; declined or canceled while it rang: the main control, if the focus was on the call.
      if (hangUp.current && (focusIsLost() || !isTyping())) hangUp.current.focus();
      else if (focusIsLost()) focusMainControl();
    }
    wasRinging.current = ringing;
  }, [callId, ringing, answer, hangUp]);
  return announce;
}

/** Alt+A, Alt+X and Alt+M on the whole page (call-shortcuts.ts), while there is a call. */
export function useCallShortcuts(primary: CallInfo | undefined, waiting: readonly CallInfo[]): void {
  const answer = useAppStore((s) => s.answer);
  const decline = useAppStore((s) => s.decline);
  const hangUp = useAppStore((s) => s.hangUp);
  const toggleMute = useAppStore((s) => s.toggleMute);
  const live = useAppStore(callSelectors.hasLiveCall);
  useEffect(() => {
    if (!live) return;
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutOf(e);
      const call = action ? shortcutTarget(action, primary, waiting) : undefined;
      if (!action || !call) return;
      e.preventDefault();
      if (action === 'answer') void answer(call.id);
      else if (action === 'mute') toggleMute(call.id);
      else if (call.direction === 'incoming' && call.state === 'ringing') decline(call.id);
      else hangUp(call.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live, primary, waiting, answer, decline, hangUp, toggleMute]);
}
