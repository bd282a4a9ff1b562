import { useEffect, useId, type FormEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { Icon } from './Icon.tsx';
import { MESSAGE_BOX_ID } from './Conversation.tsx';
import { focusIsLost, focusMainControl, MAIN_CONTROL_ID } from './focus.ts';
import { directorySelectors } from '../stores/directory-slice.ts';
import { callSelectors } from '../stores/calls-slice.ts';

/** One field to call or message someone: "bob", "bob@example.com", "sip:bob@example.com" or "+1 555 010 2030". */
export function Dialer() {
  const target = useAppStore(directorySelectors.target);
  const setTarget = useAppStore((s) => s.setTarget);
  const startCall = useAppStore((s) => s.startCall);
  const failure = useAppStore(callSelectors.failureText);
  const refusedClear = useAppStore(callSelectors.refusedClear);
  const id = useId();
  // Signed in: the Sign in button is gone, and the focus with it (issue 17).
  useEffect(() => {
    if (focusIsLost()) focusMainControl();
  }, []);

  const placing = useAppStore(callSelectors.placing(target));
  const call = (video: boolean) => () => {
    if (target.trim() && !placing) void startCall(target, { video });
  };
  /** Enter opens the conversation (issue 17): a call is placed only by its button. */
  const openConversation = (e: FormEvent) => {
    e.preventDefault();
    document.getElementById(MESSAGE_BOX_ID)?.focus();
  };

  return (
    <section className="card dialer" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New call or chat</h2>
      <form onSubmit={openConversation}>
        <label className="field">
          <span>Call or message</span>
          <input id={MAIN_CONTROL_ID} type="text" inputMode="email" autoComplete="off" placeholder="bob, bob@example.com or a number" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <div className="row">
          <button type="button" className="primary" disabled={!target.trim() || placing} onClick={call(false)}>
            <Icon name="phone" /> Call
          </button>
          <button type="button" disabled={!target.trim() || placing} onClick={call(true)}>
            <Icon name="video" /> Video call
          </button>
        </div>
      </form>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {refusedClear && (
        <button type="button" className="danger" onClick={() => void startCall(refusedClear.target, { video: refusedClear.video, allowClear: true })}>
          Call without end-to-end encryption
        </button>
      )}
    </section>
  );
}
