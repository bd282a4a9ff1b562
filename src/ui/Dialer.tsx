import { useId, type FormEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { Icon } from './Icon.tsx';
import { directorySelectors } from '../stores/directory-slice.ts';
import { callSelectors } from '../stores/calls-slice.ts';

/** One field to call or message someone: "bob", "bob@example.com" or "sip:bob@example.com". */
export function Dialer() {
  const target = useAppStore(directorySelectors.target);
  const setTarget = useAppStore((s) => s.setTarget);
  const startCall = useAppStore((s) => s.startCall);
  const failure = useAppStore(callSelectors.failureText);
  const refusedClear = useAppStore(callSelectors.refusedClear);
  const id = useId();

  const call = (video: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    if (target.trim()) void startCall(target, { video });
  };

  return (
    <section className="card dialer" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New call or chat</h2>
      <form onSubmit={call(false)}>
        <label className="field">
          <span>Call or message</span>
          <input type="text" inputMode="email" autoComplete="off" placeholder="bob or bob@example.com" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={!target.trim()}>
            <Icon name="phone" /> Call
          </button>
          <button type="button" disabled={!target.trim()} onClick={call(true)}>
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
