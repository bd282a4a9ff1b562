/**
 * Leaving or reloading the page during a call (issue 17): the browser asks first (`beforeunload`) while a call is
 * live or ringing; when the page goes all the same (`pagehide`), every call ends cleanly (BYE, CANCEL, or 486 for
 * one still ringing here) so the other side learns it at once rather than after minutes of silence, and each call
 * is written to Recent before the page is gone.
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
