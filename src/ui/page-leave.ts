/**
 * Leaving or reloading the page during a call (issue 17): the browser asks first (`beforeunload`) while a call is
 * live or ringing; when the page goes all the same (`pagehide`), every call ends cleanly (BYE, CANCEL, or 486 for
 * one still ringing here) so the other side learns it at once rather than after minutes of silence, and each call
 * is written to Recent before the page is gone.
 *
 * Chromium hands a WebSocket's data to its network process after the task that sent it, and drops it when the
 * document goes first: a BYE sent in pagehide is lost on some reloads (about one in five in e2e runs; holding the
 * page in a busy loop made it worse, not better). The other side then ends the call from its media within seconds
 * (src/sip/media-liveness.ts), as "Connection to … lost".
 */
import { useEffect } from 'react';
import { callSelectors } from '../stores/calls-slice.ts';
import { useAppStore } from './store-context.tsx';

export function usePageLeaveGuard(): void {
  const live = useAppStore(callSelectors.hasLiveCall);
  const leavePage = useAppStore((s) => s.leavePage);
  useEffect(() => {
    if (!live) return;
    // HTML "unloading documents": a canceled beforeunload event (returnValue set for older engines) asks the person.
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [live]);
  useEffect(() => {
    window.addEventListener('pagehide', leavePage);
    return () => window.removeEventListener('pagehide', leavePage);
  }, [leavePage]);
}
